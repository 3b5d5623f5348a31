import ArgumentParser
import ASONN
import ASONNRendering
import Foundation

enum ReportFormat: String, ExpressibleByArgument, CaseIterable { case table, json }

struct Evaluate: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Estimate accuracy with stratified cross-validation or holdout.",
        discussion: """
            Each repeat r uses seed S + r; the same seed always gives the same splits and figures (but times).
            """)

    @Argument(help: "The labelled data (CSV with a header row).", completion: .file())
    var data: String

    @OptionGroup var file: DataFileOptions
    @OptionGroup var construction: ConstructionOptions
    @OptionGroup var ensemble: EnsembleOptions

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

    @Option(help: ArgumentHelp("""
        Also measure sequential acquisition stopping at risk bound R (repeat for a curve, e.g. \
        --risk 0 --risk 0.05 --risk 0.1); each split's model is calibrated on its training part.
        """, valueName: "R"))
    var risk: [Double] = []

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
        for bound in risk { try OptionRange.check(bound, OptionRange.risk, option: "--risk") }
        if ensemble.ensemble != nil && !risk.isEmpty {
            throw ValidationError("--risk needs a single model: an ensemble has no sequential acquisition")
        }
    }

    func run() throws {
        let dataset = try file.load(data)
        let parameters = try construction.parameters()
        if !quiet { construction.buildNotes(for: dataset).forEach(Terminal.note) }
        let costs = try construction.testCosts(for: dataset)
        let scheme: ValidationScheme = folds.map { .folds($0) } ?? .holdout(holdout ?? 0.3)
        let progress = ProgressLine("evaluating", quiet: quiet)
        let report = try Evaluation.run(dataset, parameters: parameters, costs: costs, scheme: scheme,
                                        repeats: repeats, seed: seed, file: data,
                                        selfConfigure: construction.selfConfigures,
                                        risks: risk, ensemble: ensemble.ensemble) { progress.update($0, $1) }
        progress.finish()
        switch format {
        case .json: try Terminal.output(try JSONOutput.string(report) + "\n")
        case .table: try Terminal.output(report.table(of: dataset) + "\n")
        }
    }
}
