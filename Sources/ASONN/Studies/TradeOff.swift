import Foundation

/// One way to build a model in a trade-off study: which tests it may use (the panel), how
/// strongly construction leans on cheap tests (lambda) and how tests are pruned.
public struct TradeOffConfiguration: Codable, Equatable, Hashable, Sendable {
    public enum Kind: String, Codable, Sendable {
        /// An ASONN on a panel chosen by the panel search.
        case asonn
        /// The plain ASONN on every attribute (a reference point).
        case allAttributes = "all-attributes"
        /// Always the training data's most frequent class, measuring nothing.
        case majority
    }
    public var kind: Kind
    /// Attribute indices the model may use, ascending.
    public var panel: [Int]
    public var lambda: Double
    public var prune: PruneMode
    /// The risk bound of sequential acquisition (0: exact; see `Predictor.predictSequentially`).
    public var risk: Double

    public init(kind: Kind = .asonn, panel: [Int], lambda: Double = 0, prune: PruneMode = .none, risk: Double = 0) {
        self.kind = kind
        self.panel = panel
        self.lambda = lambda
        self.prune = prune
        self.risk = risk
    }

    enum CodingKeys: String, CodingKey { case kind, panel, lambda, prune, risk }

    public init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        kind = try container.decode(Kind.self, forKey: .kind)
        panel = try container.decode([Int].self, forKey: .panel)
        lambda = try container.decode(Double.self, forKey: .lambda)
        prune = try container.decode(PruneMode.self, forKey: .prune)
        risk = try container.decodeIfPresent(Double.self, forKey: .risk) ?? 0
    }

    /// The risk is written only when it is not 0, so exact configurations read as before.
    public func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(kind, forKey: .kind)
        try container.encode(panel, forKey: .panel)
        try container.encode(lambda, forKey: .lambda)
        try container.encode(prune, forKey: .prune)
        if risk != 0 { try container.encode(risk, forKey: .risk) }
    }
}

/// The cross-validated figures of one configuration.
public struct TradeOffResult: Codable, Equatable, Sendable {
    public var configuration: TradeOffConfiguration
    public var accuracy: Double
    public var accuracySpread: Double
    public var balancedAccuracy: Double
    public var balancedAccuracySpread: Double
    /// Cost of every test the models use (mean over folds), with group sharing.
    public var panelCost: Double
    /// Mean cost per test row under sequential acquisition.
    public var meanCost: Double
    public var combinations: Double
    public var attributesUsed: Double
    public var buildSeconds: Double
    /// No other result is at most as costly (mean cost) and at least as accurate, and
    /// better in one of the two.
    public var paretoOptimal: Bool = false
}

/// One step of the panel search: the panel after the step and its cross-validated accuracy.
public struct PanelStep: Codable, Equatable, Sendable {
    public var panel: [Int]
    /// What this step added (one attribute, or a whole group), as indices.
    public var added: [Int]
    public var accuracy: Double
    public var cost: Double
}

/// A complete trade-off study.
public struct TradeOffReport: Codable, Sendable {
    public var dataName: String
    public var attributes: [String]
    public var classes: [String]
    public var rows: Int
    public var costProfile: String
    public var unit: String
    public var allTestsCost: Double
    public var folds: Int
    public var seed: UInt64
    public var panelSearch: [PanelStep]
    public var results: [TradeOffResult]
    /// The large-data options every model was built with (nil: exact construction).
    public var valueNeuronLimit: Int?
    public var coefficientSample: Int?
    /// The size of the stratified sample of `rows` the configurations were cross-validated
    /// on (`TradeOffSettings.studyRows`); nil: every row.
    public var studyRows: Int?
    /// Repeats of the K-fold cross-validation (`TradeOffSettings.repeats`), repeat r with
    /// seed + r; nil (as in reports written before repeats) means one.
    public var repeats: Int?
}

public enum TradeOff {
    /// Marks the results that no other result dominates: one is dominated when another
    /// costs no more per row, is no less accurate, and is strictly better in one of them.
    /// Of results with exactly the same cost and accuracy only the first (the simplest,
    /// as configurations are listed) is marked, so the front lists each point once.
    public static func markPareto(_ results: inout [TradeOffResult]) {
        for i in results.indices {
            results[i].paretoOptimal = !results.indices.contains { j in
                guard j != i, results[j].meanCost <= results[i].meanCost,
                      results[j].accuracy >= results[i].accuracy else { return false }
                let better = results[j].meanCost < results[i].meanCost || results[j].accuracy > results[i].accuracy
                return better || j < i
            }
        }
    }

    /// The data with every attribute outside `panel` made missing, so no rule can use it.
    static func masked(_ data: Dataset, panel: [Int]) -> Dataset {
        let keep = Set(panel)
        if keep.count == data.attributeCount { return data }
        var copy = data
        for r in 0..<data.rowCount {
            for a in 0..<data.attributeCount where !keep.contains(a) { copy.values[r * data.attributeCount + a] = .nan }
        }
        return copy
    }

    /// Risk bounds a test plan tries on the front by default.
    public static let planRisks = [0.1, 0.15, 0.2, 0.25, 0.3]

    /// `report` with risk curves: every exact ASONN result on its Pareto front
    /// cross-validated again (same folds) with sequential acquisition stopping at each of
    /// `risks` (above 0; each fold's model calibrated on its training part), the new
    /// results appended and the front marked again. Cheaper answers for a little accuracy,
    /// between the front's points.
    /// - Parameter progress: called with (front results done, front results in all).
    public static func withRiskCurves(_ report: TradeOffReport, data: Dataset, costs: TestCosts?,
                                      settings: TradeOffSettings, risks: [Double],
                                      progress: (@Sendable (Int, Int) -> Void)? = nil) async throws
        -> TradeOffReport {
        let risks = risks.filter { $0 > 0 }
        guard risks.allSatisfy({ $0 <= 1 }) else { throw ParameterError("risk bounds must be in [0, 1]") }
        let whole = data, wholeSettings = settings
        let (data, settings) = settings.studied(data)
        let costs = try checkedCosts(data, costs: costs, settings: settings)
        let front = report.results.filter {
            $0.paretoOptimal && $0.configuration.kind != .majority && $0.configuration.risk == 0
        }
        guard !risks.isEmpty, !front.isEmpty else { return report }
        let splits = settings.splits(data)
        var done = 0
        // Two front configurations at a time, as the study's families, so that no core waits for a last fold.
        let curves = try await orderedConcurrentMap(front.count, window: settings.parallel ? 2 : 1, finished: { _ in
            done += 1
            progress?(done, front.count)
        }, { f in
            try await crossValidate(front[f].configuration, risks: risks, data: data, splits: splits, costs: costs,
                                    settings: settings)
        })
        return try assemble(whole, costs: costs, settings: wholeSettings, panelSearch: report.panelSearch,
                            results: report.results + curves.flatMap { $0 })
    }

    /// The units the panel search adds: a whole group at once, or a lone attribute.
    static func units(_ costs: TestCosts) -> [[Int]] {
        var units: [[Int]] = []
        var groupUnit: [Int: Int] = [:]
        for a in costs.attributeCost.indices {
            if let g = costs.groupOf[a] {
                if let u = groupUnit[g] { units[u].append(a) } else { groupUnit[g] = units.count; units.append([a]) }
            } else {
                units.append([a])
            }
        }
        return units
    }

    /// Runs the whole study: the panel search, then the panel of every step refined by
    /// every lambda and prune mode, plus the plain ASONN on all attributes and the
    /// majority rule, all cross-validated on the same folds; Pareto-optimal results marked.
    /// The same as one `part` holding every configuration, then `assemble` (sharded
    /// batches rely on that).
    /// - Parameter progress: called with (configurations done, configurations in all).
    public static func study(_ data: Dataset, costs: TestCosts?, settings: TradeOffSettings = TradeOffSettings(),
                             progress: (@Sendable (Int, Int) -> Void)? = nil) async throws -> TradeOffReport {
        let count = try configurationCount(data, costs: costs, settings: settings)
        let part = try await part(data, costs: costs, settings: settings, configurations: 0..<count,
                                  progress: progress)
        return try assemble(data, costs: costs, settings: settings, panelSearch: part.panelSearch ?? [],
                            results: part.results)
    }

    /// The study's checks before any work; returns the costs it uses.
    static func checkedCosts(_ data: Dataset, costs: TestCosts?, settings: TradeOffSettings) throws -> TestCosts {
        guard settings.folds >= 2, settings.folds <= data.rowCount else {
            throw ParameterError("the number of folds must be between 2 and the number of rows (\(data.rowCount))")
        }
        // A class of one row is missing from the training part of the fold that holds it, and
        // the study's figures would quietly mean less. Two rows put it in every training part;
        // unlike `evaluate`, a study does not need every class in every test fold.
        let counts = data.classCounts
        if let single = counts.indices.first(where: { counts[$0] == 1 }) {
            throw ParameterError("column \(quoted(data.targetName)): class \(quoted(data.classes[single])) has 1 row; "
                                 + "a cross-validated study needs at least 2 rows of every class, so that every "
                                 + "fold's training part holds each")
        }
        guard !settings.lambdas.isEmpty, !settings.pruneModes.isEmpty else {
            throw ParameterError("give at least one lambda and one prune mode")
        }
        if let repeats = settings.repeats, !TradeOffSettings.repeatsRange.contains(repeats) {
            let range = TradeOffSettings.repeatsRange
            throw ParameterError("the repeats must be from \(range.lowerBound) to \(range.upperBound), not \(repeats)")
        }
        try settings.base.validate()
        let costs = costs ?? TestCosts.uniform(attributeCount: data.attributeCount)
        // Every cost in the study is a partial sum of this one: check it before any work.
        guard costs.totalCost <= TestCosts.largestTotalCost else {
            throw ParameterError("the test costs of \(data.name) add up to \(costs.totalCost), more than 1e15, "
                                 + "the most a case may cost; use a larger unit")
        }
        return costs
    }

    /// How many configurations the study of `data` cross-validates (known before the panel
    /// search: it always runs until every unit is in): the two references, then every
    /// non-empty panel step x lambdas x prune modes.
    public static func configurationCount(_ data: Dataset, costs: TestCosts?,
                                          settings: TradeOffSettings) throws -> Int {
        let costs = try checkedCosts(data, costs: costs, settings: settings)
        return 2 + units(costs).count * settings.lambdas.count * settings.pruneModes.count
    }

    /// The configurations in study order, given the panel search's steps.
    public static func configurations(steps: [PanelStep], attributeCount: Int,
                               settings: TradeOffSettings) -> [TradeOffConfiguration] {
        var configurations: [TradeOffConfiguration] = [
            TradeOffConfiguration(kind: .majority, panel: []),
            TradeOffConfiguration(kind: .allAttributes, panel: Array(0..<attributeCount)),
        ]
        for step in steps where !step.panel.isEmpty {
            for lambda in settings.lambdas {
                for prune in settings.pruneModes {
                    configurations.append(TradeOffConfiguration(panel: step.panel, lambda: lambda, prune: prune))
                }
            }
        }
        return configurations
    }

    /// Cross-validates the configurations at `indices` (study order) only: the share of
    /// one shard. The panel search runs only if a configuration beyond the two references
    /// needs its panels; it is deterministic, so every shard that runs it gets the same steps.
    /// - Parameter progress: called with (configurations done, configurations in all), the
    ///   panel search's included.
    public static func part(_ data: Dataset, costs: TestCosts?, settings: TradeOffSettings,
                            configurations indices: Range<Int>,
                            progress: (@Sendable (Int, Int) -> Void)? = nil) async throws -> TradeOffPart {
        let (data, settings) = settings.studied(data)
        let costs = try checkedCosts(data, costs: costs, settings: settings)
        let count = 2 + units(costs).count * settings.lambdas.count * settings.pruneModes.count
        guard indices.lowerBound >= 0, indices.upperBound <= count else {
            throw ParameterError("configurations \(indices) are outside the study's 0..<\(count)")
        }
        let splits = settings.splits(data)
        let unitCount = units(costs).count
        let needsSearch = indices.upperBound > 2
        // Panel search: 1 + sum over steps of the units left; then the share of the grid.
        let searchWork = needsSearch ? 1 + unitCount * (unitCount + 1) / 2 : 0
        let total = searchWork + indices.count
        var steps: [PanelStep]?
        if needsSearch {
            var searchSettings = settings
            searchSettings.base.prune = .none
            steps = try await panelSearch(data: data, splits: splits, costs: costs, settings: searchSettings) { done in
                progress?(done, total)
            }
        }
        let all = configurations(steps: steps ?? [], attributeCount: data.attributeCount, settings: settings)
        // Neighbours that differ only in an after-construction prune mode share each fold's build.
        var families: [Range<Int>] = []
        var index = indices.lowerBound
        while index < min(indices.upperBound, all.count) {
            var end = index + 1
            while end < min(indices.upperBound, all.count) && sharesConstruction(all[index], all[end]) { end += 1 }
            families.append(index..<end)
            index = end
        }
        let ranges = families
        var done = searchWork
        // Two families at a time, so that a family's last folds do not leave a core idle.
        let results = try await orderedConcurrentMap(families.count, window: settings.parallel ? 2 : 1, finished: {
            done += ranges[$0].count
            progress?(min(done, total), total)
        }, { f in
            try await crossValidate(family: Array(all[ranges[f]]), data: data, splits: splits, costs: costs,
                                    settings: settings)
        })
        return TradeOffPart(configurations: indices, panelSearch: steps, results: results.flatMap { $0 })
    }

    /// The report of a study from every configuration's result in study order (one part,
    /// or the parts of several shards joined): Pareto-optimal results marked.
    public static func assemble(_ data: Dataset, costs: TestCosts?, settings: TradeOffSettings,
                                panelSearch steps: [PanelStep], results: [TradeOffResult]) throws -> TradeOffReport {
        let costs = try checkedCosts(data, costs: costs, settings: settings)
        var results = results
        markPareto(&results)
        let parameters = settings.parameters(forRows: data.rowCount)
        let studied = settings.studiedRowCount(of: data)
        let report = TradeOffReport(dataName: data.name, attributes: data.attributes.map(\.name),
                                    classes: data.classes, rows: data.rowCount, costProfile: costs.profileName,
                                    unit: costs.unit, allTestsCost: costs.totalCost, folds: settings.folds,
                                    seed: settings.seed, panelSearch: steps, results: results,
                                    valueNeuronLimit: parameters.maxValueNeurons,
                                    coefficientSample: parameters.coefficientSample,
                                    studyRows: studied < data.rowCount ? studied : nil,
                                    repeats: settings.repeats(for: data))
        try report.checkFinite()
        return report
    }

    /// Spec 7e: cost-aware greedy forward selection of the panel with ASONN as the model.
    /// From no attributes, each step adds the unit (an attribute, or a whole group) with
    /// the best gain in cross-validated accuracy per unit of marginal cost (the largest
    /// gain when every remaining unit is free, the least loss when none gains), until
    /// every attribute is in.
    static func panelSearch(data: Dataset, splits: [Split], costs: TestCosts, settings: TradeOffSettings,
                            tick: (_ evaluated: Int) -> Void) async throws -> [PanelStep] {
        // Only accuracy ranks the units: exact sequential acquisition gives the classes of
        // measuring everything, so the folds are scored without it (no cost per case needed).
        let panelAccuracy: @Sendable ([Int]) async throws -> Double = { panel in
            let results = try await crossValidate(TradeOffConfiguration(panel: panel), risks: [0], data: data,
                                                  splits: splits, costs: costs, settings: settings, sequential: false)
            return results.first?.accuracy ?? 0
        }
        var evaluated = 0
        var remaining = units(costs)
        var panel: [Int] = []
        var current = try await panelAccuracy([])
        evaluated += 1
        tick(evaluated)
        var steps = [PanelStep(panel: [], added: [], accuracy: current, cost: 0)]
        while !remaining.isEmpty {
            var best: (index: Int, accuracy: Double, score: Double)?
            let panelCost = costs.cost(of: panel)
            // The candidates two at a time (as the study's families), judged in their order.
            let candidates = remaining.map { (panel + $0).sorted() }
            let accuracies = try await orderedConcurrentMap(candidates.count, window: settings.parallel ? 2 : 1,
                                                            finished: { _ in
                evaluated += 1
                tick(evaluated)
            }, { try await panelAccuracy(candidates[$0]) })
            for (index, candidate) in candidates.enumerated() {
                let accuracy = accuracies[index]
                let marginal = costs.cost(of: candidate) - panelCost
                let gain = accuracy - current
                // Free units rank by gain alone, ahead of any paid unit with the same sign of gain.
                let score = marginal > 0 ? gain / marginal : gain * 1e12
                if let incumbent = best, score <= incumbent.score { continue }
                best = (index, accuracy, score)
            }
            guard let chosen = best else { break }
            let unit = remaining.remove(at: chosen.index)
            panel = (panel + unit).sorted()
            current = chosen.accuracy
            steps.append(PanelStep(panel: panel, added: unit, accuracy: current, cost: costs.cost(of: panel)))
        }
        return steps
    }
}
