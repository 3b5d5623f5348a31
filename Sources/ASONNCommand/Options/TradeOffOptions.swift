import ArgumentParser
import ASONN

/// The study grid shared by `tradeoff` and `plan`.
struct TradeOffOptions: ParsableArguments {
    @Option(help: ArgumentHelp("""
        Comma-separated cost-weighting strengths tried on every panel \
        (each \(OptionRange.text(ASONNParameters.Limits.lambda))).
        """, valueName: "list"))
    var lambdas: String = "0,0.5,1,2,4"

    @Option(help: ArgumentHelp("Comma-separated prune modes tried on every panel (\(Self.pruneModeNames)).",
                               valueName: "list"))
    var prune: String = "none,hypercuboid,panel"

    @Option(help: "Stratified cross-validation folds (\(OptionRange.text(OptionRange.folds)), and at most the rows).")
    var folds: Int = 5

    @Option(help: "Seed of the fold assignment (\(OptionRange.text(OptionRange.seed))).")
    var seed: UInt64 = 0

    @Option(help: ArgumentHelp("""
        Repeats of the cross-validation, repeat r with the folds of seed + r \
        (\(OptionRange.text(OptionRange.studyRepeats))), or 'auto': as many as keep repeats x rows \
        near \(TradeOffSettings.repeatedRows), at most \(TradeOffSettings.maxAutomaticRepeats) \
        (a study picks the best of hundreds of configurations, and on a few hundred rows one fold \
        assignment's luck moves each by points).
        """, valueName: "n|auto"))
    var repeats: String = "auto"

    @Option(help: ArgumentHelp("""
        A risk bound for sequential acquisition (repeat for several, e.g. --risk 0.1 --risk 0.2): \
        every exact configuration on the front is cross-validated again stopping at each (its \
        fold models calibrated on their training parts), between the front's points. tradeoff: \
        none by default; plan: 0.1, 0.15, 0.2, 0.25 and 0.3 by default (--risk 0: exact only).
        """, valueName: "R"))
    var risk: [Double] = []

    @OptionGroup var largeData: LargeDataOptions

    @Flag(help: ArgumentHelp("""
        Build every model exactly, also on data of more than \(TradeOffSettings().largeDataRows ?? 0) rows \
        (there, by default, without either large-data option given, every model is built with \
        --max-value-neurons \(TradeOffSettings.largeDataValueNeurons) \
        --coefficient-sample \(TradeOffSettings.largeDataCoefficientSample), and the report says so). The study's \
        sample (--study-rows) still applies.
        """))
    var exact = false

    @Option(name: .customLong("study-rows"), help: ArgumentHelp("""
        On data of more rows, cross-validate every configuration on a fixed stratified sample of \
        this many rows (\(OptionRange.text(OptionRange.studyRows)), or 'all'); the report says so, and \
        plan still trains its model on every row.
        """, valueName: "n|all"))
    var studyRows: String = TradeOffSettings().studyRows.map(String.init) ?? "all"

    @Flag(help: "Run the folds one after another instead of in parallel (same results).")
    var serial = false

    @Flag(help: "No progress bar.")
    var quiet = false

    func validate() throws {
        _ = try settings()
    }

    static let pruneModeNames = PruneMode.allCases.map(\.rawValue).joined(separator: ", ")

    func settings() throws -> TradeOffSettings {
        var settings = TradeOffSettings()
        // An empty item (a stray comma) is a mistake to report, not a value to skip.
        settings.lambdas = try lambdas.split(separator: ",", omittingEmptySubsequences: false).map { text in
            let range = ASONNParameters.Limits.lambda
            guard let value = Double(text.trimmingCharacters(in: .whitespaces)), range.contains(value) else {
                throw ValidationError("--lambdas takes comma-separated numbers \(OptionRange.text(range)), "
                                      + "not '\(text)'")
            }
            return value
        }
        settings.pruneModes = try prune.split(separator: ",", omittingEmptySubsequences: false).map { text in
            guard let mode = PruneMode(rawValue: text.trimmingCharacters(in: .whitespaces)) else {
                throw ValidationError("--prune takes a comma-separated list of \(Self.pruneModeNames); "
                                      + "not '\(text)'")
            }
            return mode
        }
        guard !settings.lambdas.isEmpty, !settings.pruneModes.isEmpty else {
            throw ValidationError("--lambdas and --prune need at least one value each")
        }
        for bound in risk { try OptionRange.check(bound, OptionRange.risk, option: "--risk") }
        try OptionRange.check(folds, OptionRange.folds, option: "--folds")
        try OptionRange.check(seed, OptionRange.seed, option: "--seed")
        settings.folds = folds
        settings.seed = seed
        if repeats != "auto" {
            guard let count = Int(repeats) else {
                throw ValidationError("--repeats takes a whole number or 'auto', not '\(repeats)'")
            }
            try OptionRange.check(count, OptionRange.studyRepeats, option: "--repeats")
            settings.repeats = count
        }
        settings.parallel = !serial
        largeData.apply(to: &settings.base)
        if exact { settings.largeDataRows = nil }
        if studyRows == "all" {
            settings.studyRows = nil
        } else if let rows = Int(studyRows) {
            try OptionRange.check(rows, OptionRange.studyRows, option: "--study-rows")
            guard rows >= folds else {
                throw ValidationError("--study-rows (\(rows)) must be at least --folds (\(folds))")
            }
            settings.studyRows = rows
        } else {
            throw ValidationError("--study-rows takes a whole number or 'all', not '\(studyRows)'")
        }
        do { try settings.base.validate() } catch { throw ValidationError(error.message) }
        return settings
    }

    /// Runs the study with a progress bar on standard error, then the risk curves of its
    /// front (`--risk`, or `defaultRisks` when none is given).
    /// - Parameter recordsTimes: false records build times as 0 (`--no-timings`).
    /// - Parameter file: the data's path, named in an error about the data.
    func study(_ data: Dataset, file: String, costs: TestCosts?, label: String, recordsTimes: Bool = true,
               defaultRisks: [Double] = []) async throws -> TradeOffReport {
        do {
            return try await study(data, costs: costs, label: label, recordsTimes: recordsTimes,
                                   defaultRisks: defaultRisks)
        } catch let error as ParameterError {
            throw CommandError("\(file): \(error.message)")
        }
    }

    private func study(_ data: Dataset, costs: TestCosts?, label: String, recordsTimes: Bool,
                       defaultRisks: [Double]) async throws -> TradeOffReport {
        var settings = try settings()
        settings.recordsTimes = recordsTimes
        let progress = ProgressLine("\(label): configurations x folds done", quiet: quiet)
        let folds = self.folds * settings.repeats(for: data)
        let report = try await TradeOff.study(data, costs: costs, settings: settings) {
            progress.update($0 * folds, $1 * folds)
        }
        progress.finish()
        let risks = risk.isEmpty ? defaultRisks : risk
        guard risks.contains(where: { $0 > 0 }) else { return report }
        let curves = ProgressLine("\(label): risk curves, front configurations done", quiet: quiet)
        let curved = try await TradeOff.withRiskCurves(report, data: data, costs: costs, settings: settings,
                                                       risks: risks) { curves.update($0, $1) }
        curves.finish()
        return curved
    }

    /// Runs one shard's configurations of a study, with a progress bar on standard error.
    func part(_ data: Dataset, file: String, costs: TestCosts?, settings: TradeOffSettings,
              configurations: Range<Int>, label: String) async throws -> TradeOffPart {
        let progress = ProgressLine("\(label): configurations x folds done", quiet: quiet)
        let folds = settings.folds * settings.repeats(for: data)
        let part: TradeOffPart
        do {
            part = try await TradeOff.part(data, costs: costs, settings: settings, configurations: configurations) {
                progress.update($0 * folds, $1 * folds)
            }
        } catch let error as ParameterError {
            throw CommandError("\(file): \(error.message)")
        }
        progress.finish()
        return part
    }
}
