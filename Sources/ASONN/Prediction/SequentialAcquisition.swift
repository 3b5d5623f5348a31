/// A prediction made by measuring tests one at a time (spec 7c).
public struct SequentialPrediction: Equatable, Sendable {
    public var classIndex: Int
    /// Attributes measured, in order.
    public var measured: [Int]
    /// What they cost, with group sharing.
    public var cost: Double
}

extension ASONNModel {
    /// Classifies `row` measuring tests one at a time: before each test every
    /// combination's excitation is bounded (an unmeasured value may turn out anywhere in
    /// [0, 1], or missing), and measuring stops as soon as one class's lower bound beats
    /// every other class's upper bound by more than the tie tolerance, or no unmeasured
    /// test can change any class score. The next test is the cheapest one (its own cost
    /// plus its group's fixed cost if that is not paid yet) used by a combination whose
    /// excitation is still open and could still be its class's best. The class is always
    /// the one `predict(row:)` gives with every value known.
    ///
    /// - Parameter row: every attribute's value (NaN = missing); a value counts as paid
    ///   for only once the procedure measures it.
    public func predictSequentially(row: some RandomAccessCollection<Double>) -> SequentialPrediction {
        predictSequentially(row: row, tables: SequentialTables(self))
    }

    /// `predictSequentially(row:)` with the model's flat tables built once by the caller.
    /// Same bounds, same sums in range order, same choices: each measured range's output
    /// is computed once by `output(of:for:)`, and after a test only the combinations with
    /// a range on it get new bounds (the others' inputs did not change).
    func predictSequentially(row: some RandomAccessCollection<Double>, tables: SequentialTables) -> SequentialPrediction {
        let costs = effectiveCosts
        let base = row.startIndex
        let values = attributes.indices.map { $0 < row.count ? row[row.index(base, offsetBy: $0)] : .nan }
        var measured = [Bool](repeating: false, count: attributes.count)
        var order: [Int] = []
        var groupsPaid = Set<Int>()
        let count = tables.classIndex.count
        var lower = [Double](repeating: 0, count: count)
        var upper = [Double](repeating: 0, count: count)
        var out = [Double](repeating: 0, count: tables.attribute.count)
        var inside = [Bool](repeating: true, count: tables.attribute.count)
        var price = [Double](repeating: 0, count: attributes.count)
        var changed: [Int]? = nil  // nil: every combination

        while true {
            // Bounds of every excitation, summed in range order as `excitation` does, so
            // that a fully measured combination's bounds equal its excitation exactly.
            for k in changed ?? Array(0..<count) {
                let start = tables.rangeStart[k], end = tables.rangeStart[k + 1]
                if start == end { lower[k] = 1; upper[k] = 1; continue }
                var weighted = 0.0, weights = 0.0, open = 0.0, holds = true, openRanges = 0
                for r in start..<end {
                    let a = tables.attribute[r]
                    if !measured[a] { open += tables.weight[r]; openRanges += 1; continue }
                    if values[a].isNaN { continue }
                    weighted += tables.weight[r] * out[r]
                    weights += tables.weight[r]
                    if !inside[r] { holds = false }
                }
                let total = weights + open
                // A measured value outside its range keeps the excitation below 1, and so may
                // an unmeasured one: only a rule with nothing open can be settled at 1. One
                // that holds the row on every test scores 1 (all of them missing, too).
                let settled = holds && openRanges == 0
                lower[k] = settled ? 1 : total > 0 ? min(weighted / total, Self.outsideCeiling) : 0
                upper[k] = holds ? 1 : total > 0 ? min((weighted + open) / total, Self.outsideCeiling) : 0
            }
            var classLower = [Double](repeating: -1, count: classes.count)
            var classUpper = [Double](repeating: -1, count: classes.count)
            for k in 0..<count {
                let c = tables.classIndex[k]
                classLower[c] = max(classLower[c], lower[k])
                classUpper[c] = max(classUpper[c], upper[k])
            }
            // A margin of at least 1e-12 absorbs rounding between bounds and final scores.
            let margin = max(parameters.tieTolerance, 1e-12)
            if let leader = classLower.indices.max(by: { classLower[$0] < classLower[$1] }),
               classLower.indices.allSatisfy({ $0 == leader || classUpper[$0] < 0
                                                || classLower[leader] > classUpper[$0] + margin }) {
                return SequentialPrediction(classIndex: leader, measured: order, cost: costs.cost(of: order))
            }
            if let leader = settledTieWinner(lower: lower, upper: upper, classUpper: classUpper, tables: tables) {
                return SequentialPrediction(classIndex: leader, measured: order, cost: costs.cost(of: order))
            }

            // The cheapest test (then the first) that can still move some class's best
            // excitation: tests in that order, the first that an open combination has a
            // range on. The cheapest usually has one, so few combinations are looked at.
            for a in attributes.indices where !measured[a] { price[a] = costs.marginalCost(of: a, paidGroups: groupsPaid) }
            let unmeasured = attributes.indices.filter { !measured[$0] }.sorted { (price[$0], $0) < (price[$1], $1) }
            var next: (attribute: Int, price: Double)?
            search: for a in unmeasured {
                for k in tables.combinationsOn[a] where lower[k] < upper[k] && upper[k] >= classLower[tables.classIndex[k]] {
                    next = (a, price[a])
                    break search
                }
            }
            guard let chosen = next else {
                // Every class's best excitation is settled: the full prediction is determined.
                return SequentialPrediction(classIndex: predict(row: row).classIndex, measured: order, cost: costs.cost(of: order))
            }
            measured[chosen.attribute] = true
            order.append(chosen.attribute)
            if let g = costs.groupOf[chosen.attribute] { groupsPaid.insert(g) }
            let x = values[chosen.attribute]
            if !x.isNaN {
                for r in tables.rangesOn[chosen.attribute] {
                    out[r] = output(of: tables.ranges[r], for: x)
                    inside[r] = contains(tables.ranges[r], x)
                }
            }
            changed = tables.combinationsOn[chosen.attribute]
        }
    }

    /// A class that already wins at score 1, whatever the unmeasured tests say: one of its
    /// rules holds the row on every test measured and nothing is left open (score 1), and
    /// every other class can only reach 1 with rules of less support (or equal support and
    /// a later class), which the tie rule of `decide` ranks below it. Only a rule that holds
    /// the row on every measured test can still reach 1 (upper bound 1), so a row inside
    /// one box is settled as soon as every rival box has a measured test outside.
    func settledTieWinner(lower: [Double], upper: [Double], classUpper: [Double], tables: SequentialTables) -> Int? {
        var settled = [Int](repeating: -1, count: classes.count)
        for k in lower.indices where lower[k] == 1 {
            settled[tables.classIndex[k]] = max(settled[tables.classIndex[k]], tables.represented[k])
        }
        guard settled.contains(where: { $0 >= 0 }) else { return nil }
        // Per class, the most support a rule that may still reach 1 can bring.
        var rival = [Int](repeating: -1, count: classes.count)
        for k in upper.indices where upper[k] >= 1 {
            rival[tables.classIndex[k]] = max(rival[tables.classIndex[k]], tables.represented[k])
        }
        for leader in classes.indices where settled[leader] >= 0 {
            let beatsEveryRival = classes.indices.allSatisfy { c in
                if c == leader || classUpper[c] < 1 { return true }
                return rival[c] < settled[leader] || (rival[c] == settled[leader] && leader < c)
            }
            if beatsEveryRival { return leader }
        }
        return nil
    }

    /// Mean cost per row of sequential acquisition over the rows of `data`.
    public func meanSequentialCost(_ data: Dataset) -> Double {
        guard data.rowCount > 0 else { return 0 }
        let tables = SequentialTables(self)
        let total = (0..<data.rowCount).reduce(0.0) { $0 + predictSequentially(row: data.row($1), tables: tables).cost }
        return total / Double(data.rowCount)
    }
}

/// The combinations as flat arrays for sequential acquisition: per combination its class,
/// support and first range; per range its attribute, weight and neuron; per attribute the
/// ranges and combinations on it.
struct SequentialTables: Sendable {
    let classIndex: [Int]
    let represented: [Int]
    let rangeStart: [Int]
    let attribute: [Int]
    let weight: [Double]
    let ranges: [RangeNeuron]
    let rangesOn: [[Int]]
    let combinationsOn: [[Int]]

    init(_ model: ASONNModel) {
        classIndex = model.combinations.map(\.classIndex)
        represented = model.combinations.map(\.represented)
        var rangeStart = [0]
        var ranges: [RangeNeuron] = []
        var rangesOn = [[Int]](repeating: [], count: model.attributes.count)
        var combinationsOn = [[Int]](repeating: [], count: model.attributes.count)
        for (k, combination) in model.combinations.enumerated() {
            for range in combination.ranges {
                rangesOn[range.attribute].append(ranges.count)
                if combinationsOn[range.attribute].last != k { combinationsOn[range.attribute].append(k) }
                ranges.append(range)
            }
            rangeStart.append(ranges.count)
        }
        self.rangeStart = rangeStart
        self.ranges = ranges
        self.attribute = ranges.map(\.attribute)
        self.weight = ranges.map(\.weight)
        self.rangesOn = rangesOn
        self.combinationsOn = combinationsOn
    }
}
