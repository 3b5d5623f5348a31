import ArgumentParser
import ASONN
import ASONNRendering
import Foundation

struct Train: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Build a model from a labelled CSV file and save it as JSON.",
        discussion: """
        Prints a summary of the model on standard error. The model file is written atomically \
        (see --output); nothing is written if anything fails.
        """)

    @Argument(help: "The training data (CSV with a header row).", completion: .file())
    var data: String

    @OptionGroup var file: DataFileOptions
    @OptionGroup var construction: ConstructionOptions

    @OptionGroup var output: ModelOutputOptions
    @OptionGroup var ensemble: EnsembleOptions

    @Option(name: .customLong("ensemble-seed"), help: ArgumentHelp(
        "With --ensemble: the seed of the bootstrap samples (member m uses seed + m; "
            + "\(OptionRange.text(OptionRange.seed)))."))
    var ensembleSeed: UInt64 = 0

    @Flag(inversion: .prefixedNo, help: ArgumentHelp(
        "Calibrate the risk estimate that `predict --sequential --risk R` stops on (an inner 3-fold "
            + "cross-validation; default: on when --costs is given)."))
    var calibrateRisk: Bool?

    @Flag(help: "No progress output.")
    var quiet = false

    func validate() throws {
        try OptionRange.check(ensembleSeed, OptionRange.seed, option: "--ensemble-seed")
        if ensemble.ensemble != nil && calibrateRisk == true {
            throw ValidationError("--calibrate-risk needs a single model: an ensemble has no sequential acquisition")
        }
    }

    func run() throws {
        let inputs = [data, construction.costs]
        try output.check(inputs: inputs)
        let dataset = try file.load(data)
        let parameters = try construction.parameters()
        let costs = try construction.testCosts(for: dataset)
        if !quiet { construction.buildNotes(for: dataset).forEach(Terminal.note) }
        if let members = ensemble.ensemble {
            return try trainEnsemble(dataset, parameters: parameters, costs: costs, members: members, inputs: inputs)
        }
        let progress = ProgressLine("building: rows represented", quiet: quiet, estimatesRemaining: false)
        let classifier = ASONNClassifier(parameters: parameters)
        var (model, seconds): (ASONNModel, Double)
        var calibrationSeconds: Double?
        do {
            (model, seconds) = try ContinuousClock.timed {
                try construction.selfConfigures
                    ? classifier.fitSelfConfigured(dataset, costs: costs) { progress.update($0, $1) }
                    : classifier.fit(dataset, costs: costs) { progress.update($0, $1) }
            }
            progress.finish()
            if calibrateRisk ?? (costs != nil) {
                let built = model
                (model, calibrationSeconds) = try ContinuousClock.timed {
                    try classifier.withRiskCalibration(built, on: dataset, costs: costs)
                }
            }
        } catch let error as ParameterError {
            throw CommandError("\(data): \(error.message)")  // unusable data, such as a column too wide to model
        }
        try output.save(model, inputs: inputs)

        let counts = dataset.classCounts.enumerated().map { "\(dataset.classes[$0]) \($1)" }.joined(separator: ", ")
        let numeric = dataset.attributes.filter(\.isNumeric).count
        let perCombination = Double(model.rangeCount) / Double(max(model.combinations.count, 1))
        var lines = [
            "trained \(escapingControls(dataset.name)): \(dataset.rowCount) rows, "
                + "\(dataset.attributeCount) attributes (\(numeric) "
                + "numeric, \(dataset.attributeCount - numeric) categorical), \(dataset.classes.count) classes "
                + "(\(counts))",
            "combinations: \(model.combinations.count); ranges: \(model.rangeCount) "
                + "(\(String(format: "%.1f", perCombination)) per combination)",
            "attributes used: \(model.usedAttributes.count) of \(dataset.attributeCount)",
            "ambiguous rows: \(model.summary.ambiguousLines.count)",
            configurationLine(model),
            costLine(model, dataset),
            String(format: "build time: %.6f s", seconds),
            riskCalibrationLine(model, seconds: calibrationSeconds),
            "model written to \(escapingControls(output.path))",
        ]
        if let pruning = model.pruning {
            let proven = pruning.provenOptimal ? "all proven optimal" : "NOT all proven optimal (time limit)"
            var line = "pruning (\(pruning.mode.rawValue)): ranges \(pruning.rangesBefore) -> \(pruning.rangesAfter), "
                + "\(pruning.problems) integer program(s), \(proven)"
            if let before = pruning.ruleCostBefore, let after = pruning.ruleCostAfter {
                line += String(format: "; cost per rule %.2f -> %.2f", before, after)
            }
            if let unsolved = pruning.unsolved, unsolved > 0 {
                line += "; \(unsolved) box(es) left unpruned: the solver found no solution in time"
            }
            if pruning.rangesBefore == pruning.rangesAfter && [.hypercuboid, .panel].contains(pruning.mode) {
                line += "; nothing to remove: every range is the only one keeping some other-class row out "
                    + "(as always when boxes grow until blocked)"
            }
            lines.insert(line, at: 3)
        }
        if !model.summary.ambiguousLines.isEmpty {
            let shown = model.summary.ambiguousLines.prefix(20).map(String.init).joined(separator: ", ")
            let more = model.summary.ambiguousLines.count > 20 ? ", ..." : ""
            lines.insert("warning: conflicting rows (same values, different classes) at lines \(shown)\(more); their "
                         + "combinations are flagged ambiguous", at: 4)
        }
        Terminal.note(lines.compactMap { $0 }.joined(separator: "\n"))
    }
}

extension Train {
    /// `train --ensemble N`: builds, saves and summarizes a bagged ensemble.
    private func trainEnsemble(_ dataset: Dataset, parameters: ASONNParameters, costs: TestCosts?, members: Int,
                               inputs: [String?]) throws {
        let progress = ProgressLine("building: members", quiet: quiet, estimatesRemaining: true)
        let classifier = ASONNClassifier(parameters: parameters)
        let (built, seconds): (ASONNEnsemble, Double)
        do {
            (built, seconds) = try ContinuousClock.timed {
                try classifier.fitEnsemble(dataset, costs: costs, members: members, seed: ensembleSeed,
                                           selfConfigure: construction.selfConfigures) { progress.update($0, $1) }
            }
        } catch let error as ParameterError {
            throw CommandError("\(data): \(error.message)")
        }
        progress.finish()
        try built.save(to: output.path, inputs: inputs.compactMap { $0 })
        let used = built.usedAttributes.count
        Terminal.note([
            "trained \(escapingControls(dataset.name)): \(dataset.rowCount) rows, "
                + "\(dataset.attributeCount) attributes, "
                + "\(dataset.classes.count) classes",
            "ensemble: \(members) members on stratified bootstrap samples (seed \(ensembleSeed)), "
                + "classifying by majority vote",
            "combinations: \(built.combinationCount) in all (\(built.combinationCount / members) per member); "
                + "constraining ranges: \(built.constrainingRangeCount)",
            "attributes used: \(used) of \(dataset.attributeCount)",
            configurationLine(built.members.first?.parameters ?? parameters, built.configuration),
            String(format: "build time: %.6f s", seconds),
            "ensemble written to \(escapingControls(output.path))",
        ].joined(separator: "\n"))
    }
}

/// What the risk calibration learned, or nil for an uncalibrated model.
private func riskCalibrationLine(_ model: ASONNModel, seconds: Double?) -> String? {
    guard let calibration = model.riskCalibration else { return nil }
    let bins = calibration.reliability.map { String(format: "%.3f/%.3f", $0.estimated, $0.observed) }
    return String(format: "risk calibration: %d open steps in %d folds, %.1f%% changed their answer; "
                  + "estimated/observed by fifths %@; %.3f s", calibration.steps, calibration.folds,
                  100 * calibration.changeRate, bins.joined(separator: " "), seconds ?? 0)
}

/// Panel cost and mean sequential cost, in the profile's unit. On large data the
/// sequential cost is estimated on an evenly spread sample of rows, and says so.
func costLine(_ model: ASONNModel, _ data: Dataset, sampleLimit: Int = 2000) -> String {
    let costs = model.effectiveCosts
    let unit = costs.unit.isEmpty ? "" : " \(costs.unit)"
    let sample = data.evenlySpread(sampleLimit)
    let scope = sample.rowCount < data.rowCount ? "\(sample.rowCount) of these rows, evenly spread" : "these rows"
    return String(format: "test costs (%@): panel %.2f%@ of %.2f for all tests; sequential acquisition %.2f%@ per "
                    + "row on %@", costs.profileName, model.panelCost, unit, costs.totalCost,
                  model.predictor().meanSequentialCost(sample), unit, scope)
}
