import ArgumentParser
import ASONN
import Foundation

enum ReportFormat: String, ExpressibleByArgument, CaseIterable { case table, json }

struct Evaluate: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Estimate accuracy with stratified cross-validation or holdout.",
        discussion: "Each repeat r uses seed S + r; the same seed always gives the same splits and figures (but times).")

    @Argument(help: "The labelled data (CSV with a header row).")
    var data: String

    @OptionGroup var file: DataFileOptions
    @OptionGroup var construction: ConstructionOptions

    @Option(help: ArgumentHelp("Stratified K-fold cross-validation with K folds "
                               + "(\(OptionRange.text(OptionRange.folds)), at most the rows)."))
    var folds: Int?

    @Option(help: ArgumentHelp("Stratified holdout with this fraction of the rows in the test part "
                               + "(> 0 and < 1, e.g. 0.3).",
                               valueName: "fraction"))
    var holdout: Double?

    @Option(help: ArgumentHelp("How many times to repeat the splitting, with seeds S, S+1, ... "
                               + "(\(OptionRange.text(OptionRange.repeats)))."))
    var repeats: Int = 1

    @Option(help: "The random seed for the splits (\(OptionRange.text(OptionRange.seed))).")
    var seed: UInt64 = 0

    @Option(help: "Output format: table or json.")
    var format: ReportFormat = .table

    @Flag(help: "No progress output.")
    var quiet = false

    func validate() throws {
        switch (folds, holdout) {
        case (nil, nil): throw ValidationError("give --folds K or --holdout FRACTION")
        case (.some, .some): throw ValidationError("give either --folds or --holdout, not both")
        case (let k?, nil): try OptionRange.check(k, OptionRange.folds, option: "--folds")
        case (nil, let f?):
            if !(f > 0 && f < 1) { throw ValidationError("--holdout must be a fraction > 0 and < 1, not \(f)") }
        }
        try OptionRange.check(repeats, OptionRange.repeats, option: "--repeats")
        try OptionRange.check(seed, OptionRange.seed, option: "--seed")
    }

    struct Summary: Encodable {
        var data: String
        var rows: Int
        var scheme: String
        var repeats: Int
        var seed: UInt64
        var accuracy: Double
        var accuracy_spread: Double
        var balanced_accuracy: Double
        var balanced_accuracy_spread: Double
        var combinations: Double
        var constraining_ranges: Double
        var build_seconds: Double
        var predict_seconds: Double
        var panel_cost: Double
        var mean_cost: Double
        var attributes_used: Double
        var cost_profile: String
        var all_tests_cost: Double
        var splits: [Split]
    }

    struct Split: Encodable {
        var `repeat`: Int
        var part: Int
        var accuracy: Double
        var balanced_accuracy: Double
        var combinations: Int
        var build_seconds: Double
        var predict_seconds: Double
        var panel_cost: Double
        var mean_cost: Double
        var attributes_used: Int
        var min_discrimination: Int
        var stop_rule: String
    }

    func run() throws {
        let dataset = try file.load(data)
        let parameters = try construction.parameters()
        if !quiet, let hint = construction.largeDataHint(rows: dataset.rowCount) { Terminal.note(hint) }
        let costs = try construction.testCosts(for: dataset)
        let scheme: ValidationScheme = folds.map { .folds($0) } ?? .holdout(holdout ?? 0.3)
        let progress = ProgressLine("evaluating", quiet: quiet)
        let report = try Evaluation.run(dataset, parameters: parameters, costs: costs, scheme: scheme,
                                        repeats: repeats, seed: seed, file: data,
                                        selfConfigure: construction.selfConfigures) { progress.update($0, $1) }
        progress.finish()
        let schemeText: String
        switch scheme {
        case .folds(let k): schemeText = "\(k)-fold"
        case .holdout(let f): schemeText = "holdout \(f)"
        }
        let summary = Summary(
            data: data, rows: dataset.rowCount, scheme: schemeText, repeats: repeats, seed: seed,
            accuracy: report.accuracy.mean, accuracy_spread: report.accuracy.spread,
            balanced_accuracy: report.balancedAccuracy.mean, balanced_accuracy_spread: report.balancedAccuracy.spread,
            combinations: report.meanCombinations, constraining_ranges: report.meanRanges,
            build_seconds: report.meanBuildSeconds, predict_seconds: report.meanPredictSeconds,
            panel_cost: report.meanPanelCost, mean_cost: report.meanSequentialCost, attributes_used: report.meanAttributesUsed,
            cost_profile: costs?.profileName ?? "uniform",
            all_tests_cost: (costs ?? TestCosts.uniform(attributeCount: dataset.attributeCount)).totalCost,
            splits: report.splits.map {
                Split(repeat: $0.repeatIndex, part: $0.part, accuracy: $0.accuracy, balanced_accuracy: $0.balancedAccuracy,
                      combinations: $0.combinations, build_seconds: $0.buildSeconds, predict_seconds: $0.predictSeconds,
                      panel_cost: $0.panelCost, mean_cost: $0.meanCost, attributes_used: $0.attributesUsed,
                      min_discrimination: $0.minDiscrimination, stop_rule: $0.stopRule.rawValue)
            })
        switch format {
        case .json:
            print(try JSONOutput.string(summary))
        case .table:
            print("\(dataset.name): \(dataset.rowCount) rows, \(dataset.attributeCount) attributes, \(dataset.classes.count) classes; \(schemeText), \(repeats) repeat(s), seed \(seed); costs: \(summary.cost_profile), all tests \(String(format: "%.2f", summary.all_tests_cost))")
            var table = TextTable(header: ["measure", "mean", "spread (sd)"])
            table.rightAligned = [1, 2]
            table.rows = [
                ["accuracy", String(format: "%.4f", summary.accuracy), String(format: "%.4f", summary.accuracy_spread)],
                ["balanced accuracy", String(format: "%.4f", summary.balanced_accuracy), String(format: "%.4f", summary.balanced_accuracy_spread)],
                ["combinations", String(format: "%.1f", summary.combinations), ""],
                ["ranges", String(format: "%.1f", summary.constraining_ranges), ""],
                ["attributes used", String(format: "%.1f", summary.attributes_used), ""],
                ["panel cost", String(format: "%.2f", summary.panel_cost), ""],
                ["mean sequential cost", String(format: "%.2f", summary.mean_cost), ""],
                ["build seconds", String(format: "%.4f", summary.build_seconds), ""],
                ["predict seconds", String(format: "%.4f", summary.predict_seconds), ""],
            ]
            print(table.render())
        }
    }
}
