import ArgumentParser
import ASONN

/// `--ensemble N` of `train` and `evaluate`: bagged ASONN instead of one model.
struct EnsembleOptions: ParsableArguments {
    @Option(help: ArgumentHelp("""
        Build a bagged ensemble of N models (\(OptionRange.text(OptionRange.ensemble))), each on a \
        stratified bootstrap sample of the training rows with the same settings (chosen once, on \
        every training row, when they configure themselves), classifying by majority vote. More \
        accurate on many data sets, but no single rule list explains an answer, and it has no \
        sequential acquisition (--risk, predict --sequential, --explain).
        """, valueName: "N"))
    var ensemble: Int?

    func validate() throws {
        if let ensemble { try OptionRange.check(ensemble, OptionRange.ensemble, option: "--ensemble") }
    }
}
