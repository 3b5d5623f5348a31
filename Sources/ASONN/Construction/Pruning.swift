import GLPK

/// A pruning failure (the solver's, or an impossible program).
public struct PruningError: Error, Equatable, Sendable, CustomStringConvertible {
    public var message: String
    public var description: String { message }
}

/// One covering constraint: the attributes that keep a training row out, and how many of
/// them must stay.
struct CoverRow: Hashable {
    var attributes: [Int]
    var required: Int
}

enum Pruning {
    /// The cheapest attributes (among `candidates`) that keep every other-class object out
    /// of `seed`'s point box on min(d, available) attributes.
    static func seedSubset(_ agds: AGDS, seed: Int, candidates: [Int], costs: TestCosts, minDiscrimination: Int,
                           solverSeconds: Double?) throws(PruningError) -> (attributes: [Int], optimal: Bool) {
        var rows: [CoverRow] = []
        let c = agds.labels[seed]
        for j in 0..<agds.rowCount where agds.labels[j] != c {
            let excluding = candidates.filter { a in
                let r = agds.rank(j, a)
                return r >= 0 && r != agds.rank(seed, a)
            }
            let required = min(minDiscrimination, excluding.count)
            if required > 0 { rows.append(CoverRow(attributes: excluding, required: required)) }
        }
        let result = try cheapestCover(reduce(rows), candidates: candidates, costs: costs, solverSeconds: solverSeconds)
        return (candidates.filter(result.chosen.contains), result.optimal)
    }

    /// The covering rows of one combination: for every training row of another class, the
    /// combination's attributes on which its value is known and outside the range; each
    /// distinct row once.
    static func coverRows(of combination: Combination, in model: ASONNModel, data: Dataset) -> [CoverRow] {
        let ranges = combination.ranges
        // Rows are told apart by which ranges keep them out, a bit per range: no array per
        // training row, and duplicates (most rows, on large data) cost one set lookup.
        guard ranges.count <= 64 else { return coverRowsOfWideCombination(combination, in: model, data: data) }
        var masks = Set<UInt64>()
        for i in 0..<data.rowCount where data.labels[i] != combination.classIndex {
            var mask: UInt64 = 0
            for (r, range) in ranges.enumerated() {
                let x = data.value(i, range.attribute)
                if !x.isNaN && !model.contains(range, x) { mask |= 1 << UInt64(r) }
            }
            if mask != 0 { masks.insert(mask) }
        }
        return masks.map { mask in
            let excluding = ranges.indices.filter { mask & (1 << UInt64($0)) != 0 }.map { ranges[$0].attribute }
            return CoverRow(attributes: excluding.sorted(),
                            required: min(model.parameters.minDiscrimination, excluding.count))
        }
    }

    /// `coverRows` for a combination of more than 64 ranges, row by row.
    private static func coverRowsOfWideCombination(_ combination: Combination, in model: ASONNModel,
                                                   data: Dataset) -> [CoverRow] {
        var rows = Set<CoverRow>()
        for i in 0..<data.rowCount where data.labels[i] != combination.classIndex {
            var excluding: [Int] = []
            for range in combination.ranges {
                let x = data.value(i, range.attribute)
                if !x.isNaN && !model.contains(range, x) { excluding.append(range.attribute) }
            }
            let required = min(model.parameters.minDiscrimination, excluding.count)
            if required > 0 { rows.insert(CoverRow(attributes: excluding.sorted(), required: required)) }
        }
        return Array(rows)
    }

    /// Drops duplicate rows and rows implied by another: (E, r) is implied by (E', r')
    /// when E' is a subset of E and r' >= r.
    static func reduce(_ rows: [CoverRow]) -> [CoverRow] {
        let unique = Array(Set(rows)).sorted {
            $0.attributes.count != $1.attributes.count ? $0.attributes.count < $1.attributes.count
                : ($0.attributes != $1.attributes ? $0.attributes.lexicographicallyPrecedes($1.attributes)
                                                  : $0.required > $1.required)
        }
        // Attribute sets as bit words: the subset tests are quadratic in the rows, and a
        // hull's rows keep other-class rows out on many attributes.
        let words = (unique.compactMap { $0.attributes.max() }.max() ?? 0) / 64 + 1
        var kept: [(row: CoverRow, bits: [UInt64])] = []
        for row in unique {
            var bits = [UInt64](repeating: 0, count: words)
            for a in row.attributes { bits[a / 64] |= 1 << UInt64(a % 64) }
            let implied = kept.contains { other in
                other.row.required >= row.required && zip(other.bits, bits).allSatisfy { $0 & ~$1 == 0 }
            }
            if !implied { kept.append((row, bits)) }
        }
        return kept.map(\.row)
    }

    /// The cheapest attribute set covering `rows` (spec 7b's program): binary x_a per
    /// attribute in `candidates`, binary y_g per group touching them, rows as
    /// SUM x_a >= required, and x_a <= y_g.
    static func cheapestCover(_ rows: [CoverRow], candidates: [Int], costs: TestCosts,
                              solverSeconds: Double?) throws(PruningError) -> (chosen: Set<Int>, optimal: Bool) {
        if rows.isEmpty { return ([], true) }
        let groups = Array(Set(candidates.compactMap { costs.groupOf[$0] })).sorted()
        var variableOf: [Int: Int] = [:]
        for (index, a) in candidates.enumerated() { variableOf[a] = index }
        var objective = candidates.map { costs.attributeCost[$0] }
        var groupVariable: [Int: Int] = [:]
        for g in groups {
            groupVariable[g] = objective.count
            objective.append(costs.groupCost[g])
        }
        var program = BinaryProgram(objective: objective)
        for row in rows {
            program.rows.append(.init(terms: row.attributes.compactMap { variableOf[$0] }.map { ($0, 1.0) },
                                      lowerBound: Double(row.required)))
        }
        for (index, a) in candidates.enumerated() {
            if let g = costs.groupOf[a], let y = groupVariable[g] {
                program.rows.append(.init(terms: [(y, 1), (index, -1)], lowerBound: 0))
            }
        }
        let solution: BinarySolution
        do {
            solution = try GLPK.solve(program, timeLimitSeconds: solverSeconds)
        } catch {
            throw PruningError(message: "minimal-cost test selection failed: \(error)")
        }
        let chosen = Set(candidates.indices.filter { solution.values[$0] }.map { candidates[$0] })
        return (chosen, solution.status == .optimal)
    }
}

extension ASONNModel {
    /// The model with its tests cut down to the cheapest ones that keep every other-class
    /// training row of `data` (the data it was built from) out of every hypercuboid on
    /// min(d, available) attributes. Weights and support are recomputed over the ranges
    /// that remain, so the training guarantee still holds. `seed` and `hull` happen during
    /// `ASONNClassifier.fit`; here they return the model unchanged.
    public func pruned(on data: Dataset, mode: PruneMode,
                       solverSeconds: Double? = nil) throws(PruningError) -> ASONNModel {
        // Seed and hull pruning need the construction's state: `fit` applies them.
        guard mode != .none, ASONNClassifier.modesAfterConstruction.contains(mode) else { return self }
        let costs = self.costs ?? TestCosts.uniform(attributeCount: attributes.count)
        var keep: [Set<Int>] = []
        var optimal = true
        var problems = 0
        switch mode {
        case .none, .seed, .hull:
            return self
        case .hypercuboid:
            for combination in combinations {
                let rows = Pruning.reduce(Pruning.coverRows(of: combination, in: self, data: data))
                let candidates = combination.ranges.map(\.attribute)
                let result = try Pruning.cheapestCover(rows, candidates: candidates, costs: costs,
                                                       solverSeconds: solverSeconds)
                problems += 1
                optimal = optimal && result.optimal
                keep.append(result.chosen)
            }
        case .panel:
            var all = Set<CoverRow>()
            for combination in combinations { all.formUnion(Pruning.coverRows(of: combination, in: self, data: data)) }
            let rows = Pruning.reduce(Array(all))
            let candidates = Set(combinations.flatMap { $0.ranges.map(\.attribute) }).sorted()
            let result = try Pruning.cheapestCover(rows, candidates: candidates, costs: costs,
                                                   solverSeconds: solverSeconds)
            problems = 1
            optimal = result.optimal
            keep = [Set<Int>](repeating: result.chosen, count: combinations.count)
        }

        var model = self
        let rangesBefore = rangeCount
        let counts = data.classCounts
        let classRows = Dictionary(grouping: 0..<data.rowCount) { data.labels[$0] }
        for k in model.combinations.indices {
            var combination = model.combinations[k]
            combination.ranges.removeAll { !keep[k].contains($0.attribute) }
            // The box may now hold more rows of its class: count its support again.
            combination.represented = (classRows[combination.classIndex] ?? []).filter { i in
                combination.ranges.allSatisfy { range in
                    let x = data.value(i, range.attribute)
                    return x.isNaN || contains(range, x)
                }
            }.count
            let weights = RangeWeights.weights(
                seeds: combination.ranges.map(\.seeds), weeds: combination.ranges.map(\.weeds),
                represented: combination.represented, otherClassRows: data.rowCount - counts[combination.classIndex],
                attributeCount: Double(model.summary.usableAttributes))
            for r in combination.ranges.indices { combination.ranges[r].weight = weights[r] }
            model.combinations[k] = combination
        }
        model.pruning = PruningSummary(mode: mode, problems: problems, provenOptimal: optimal,
                                       rangesBefore: rangesBefore, rangesAfter: model.rangeCount,
                                       ruleCostBefore: meanRuleCost, ruleCostAfter: model.meanRuleCost)
        return model
    }
}
