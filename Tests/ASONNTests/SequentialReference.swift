@testable import ASONN

/// The definition of sequential acquisition, written plainly, for `SequentialTests` to
/// compare the library's flat-table form with.
extension ASONNModel {
    /// The plain form of `predictSequentially(row:)`: every bound recomputed from the model's
    /// combinations after every test. The fast form must agree with it exactly.
    func referenceSequentialPrediction(row: some RandomAccessCollection<Double>) -> SequentialPrediction {
        let costs = effectiveCosts
        let base = row.startIndex
        var measured = [Bool](repeating: false, count: attributes.count)
        var order: [Int] = []
        var groupsPaid = Set<Int>()
        var lower = [Double](repeating: 0, count: combinations.count)
        var upper = [Double](repeating: 0, count: combinations.count)
        var dropped = Set<Int>()

        while true {
            // Bounds of every excitation, its terms added in measurement order (and in range
            // order within one test), the open weight starting at the total and losing each
            // measured range's weight, as the fast form keeps them up to date.
            for (k, combination) in combinations.enumerated() {
                if combination.ranges.isEmpty { lower[k] = 1; upper[k] = 1; continue }
                var weighted = 0.0, weights = 0.0, holds = true
                var open = combination.ranges.reduce(0.0) { $0 + $1.weight }, openRanges = combination.ranges.count
                for a in order {
                    for range in combination.ranges where range.attribute == a {
                        open = max(open - range.weight, 0)
                        openRanges -= 1
                        let x = row[row.index(base, offsetBy: range.attribute)]
                        if x.isNaN { continue }
                        weighted += range.weight * output(of: range, for: x)
                        weights += range.weight
                        if !contains(range, x) { holds = false }
                    }
                }
                if openRanges == 0 { open = 0 }
                let total = weights + open
                // Only a rule that holds the row on every test, with none open, is sure to score
                // 1; one that still holds it may reach 1; any other stays below.
                if holds && openRanges == 0 {
                    lower[k] = 1
                } else {
                    lower[k] = total > 0 ? min(weighted / total, Self.outsideCeiling) : 0
                }
                upper[k] = holds ? 1 : (total > 0 ? min((weighted + open) / total, Self.outsideCeiling) : 0)
            }
            var classLower = [Double](repeating: -1, count: classes.count)
            var classUpper = [Double](repeating: -1, count: classes.count)
            for (k, combination) in combinations.enumerated() {
                classLower[combination.classIndex] = max(classLower[combination.classIndex], lower[k])
                classUpper[combination.classIndex] = max(classUpper[combination.classIndex], upper[k])
            }
            // Beyond the tie tolerance, 1e-12 absorbs rounding between bounds and final scores.
            let margin = max(parameters.tieTolerance, 0) + 1e-12
            if let leader = classLower.indices.max(by: { classLower[$0] < classLower[$1] }),
               classLower.indices.allSatisfy({ $0 == leader || classUpper[$0] < 0
                                                || classLower[leader] > classUpper[$0] + margin }) {
                return SequentialPrediction(classIndex: leader, measured: order, cost: costs.cost(of: order))
            }
            if let leader = settledTieWinner(lower: lower, upper: upper, classUpper: classUpper) {
                return SequentialPrediction(classIndex: leader, measured: order, cost: costs.cost(of: order))
            }

            // The test that settles the most open weight per unit of marginal cost: per
            // unmeasured test, over the combinations still live (open, and able to be their
            // class's best; once lost, for good) with a range on it, the sum of its share of
            // their range weight, in the fast form's fixed point.
            for k in combinations.indices
            where !(lower[k] < upper[k] && upper[k] >= classLower[combinations[k].classIndex]) {
                dropped.insert(k)
            }
            var next: (attribute: Int, value: Double, price: Double)?
            for a in attributes.indices where !measured[a] {
                var settled: Int64 = 0, useful = false
                for k in combinations.indices where !dropped.contains(k) {
                    let ranges = combinations[k].ranges
                    guard ranges.contains(where: { $0.attribute == a }) else { continue }
                    let total = ranges.reduce(0.0) { $0 + $1.weight }
                    let on = ranges.reduce(0.0) { $0 + ($1.attribute == a ? $1.weight : 0) }
                    settled += CompiledCombinations.fixedShare(total > 0 ? on / total : 0)
                    useful = true
                }
                guard useful else { continue }
                let price = costs.marginalCost(of: a, paidGroups: groupsPaid)
                let value = price > 0 ? Double(settled) / CompiledCombinations.shareUnit / price : .infinity
                if let current = next, !(value > current.value || (value == current.value && price < current.price)) {
                    continue
                }
                next = (a, value, price)
            }
            guard let chosen = next else {
                // Every class's best excitation is settled: the full prediction is determined.
                return SequentialPrediction(classIndex: predict(row: row).classIndex, measured: order,
                                            cost: costs.cost(of: order))
            }
            measured[chosen.attribute] = true
            order.append(chosen.attribute)
            if let g = costs.groupOf[chosen.attribute] { groupsPaid.insert(g) }
        }
    }

    /// `settledTieWinner(lower:upper:classUpper:tables:)` over the model's combinations.
    func settledTieWinner(lower: [Double], upper: [Double], classUpper: [Double]) -> Int? {
        // Per class, the best support among its rules settled at exactly 1 (lower == 1
        // only when every range is measured and inside, or there are none).
        var settled = [Int](repeating: -1, count: classes.count)
        for (k, combination) in combinations.enumerated() where lower[k] == 1 {
            settled[combination.classIndex] = max(settled[combination.classIndex], combination.represented)
        }
        for leader in classes.indices where settled[leader] >= 0 {
            let beatsEveryRival = classes.indices.allSatisfy { c in
                if c == leader || classUpper[c] < 1 { return true }
                // The most support a rule of c that may still reach 1 can bring.
                let rival = combinations.indices.filter { combinations[$0].classIndex == c && upper[$0] >= 1 }
                    .map { combinations[$0].represented }.max() ?? -1
                return rival < settled[leader] || (rival == settled[leader] && leader < c)
            }
            if beatsEveryRival { return leader }
        }
        return nil
    }
}
