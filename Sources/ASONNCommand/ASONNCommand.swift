import ArgumentParser

@main
struct ASONNCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "asonn",
        abstract: "Explainable classification with Associative Self-Optimizing Neural Networks.",
        discussion: """
        ASONN builds hypercuboids ("combinations" of attribute ranges) straight from the
        training data, with computed weights; every combination reads as a rule.
        Data files are CSV with a header row; the class is the last column unless --target
        says otherwise.
        """,
        subcommands: [Train.self, Predict.self, Evaluate.self, Explain.self, TradeOffCommand.self, Plan.self])
}
