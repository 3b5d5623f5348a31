import Foundation

/// A cost profile resolved for one attribute list: per attribute its own (marginal) cost
/// and its group, per group its fixed cost. All cost arithmetic happens here.
public struct TestCosts: Codable, Equatable, Sendable {
    public var profileName: String
    public var unit: String
    public var attributeCost: [Double]
    public var groupOf: [Int?]
    public var groupNames: [String]
    public var groupCost: [Double]

    /// Every attribute at `cost`, no groups.
    public static func uniform(attributeCount: Int, cost: Double = 1) -> TestCosts {
        TestCosts(profileName: "uniform", unit: "", attributeCost: [Double](repeating: cost, count: attributeCount),
                  groupOf: [Int?](repeating: nil, count: attributeCount), groupNames: [], groupCost: [])
    }

    /// The cost of measuring the attributes in `measured`: each one's own cost, plus each
    /// group's fixed cost once if any of its members is measured.
    public func cost(of measured: some Sequence<Int>) -> Double {
        cost(ascending: Set(measured).sorted())
    }

    /// `cost(of:)` of the attributes whose flag is set (one flag per attribute).
    func cost(measured flags: [Bool]) -> Double {
        cost(ascending: flags.indices.lazy.filter { flags[$0] })
    }

    /// The cost of `attributes`, each once, in ascending order (the order fixes the rounding).
    private func cost(ascending attributes: some Sequence<Int>) -> Double {
        var total = 0.0
        var groupPaid = [Bool](repeating: false, count: groupCost.count)
        for a in attributes {
            total += attributeCost[a]
            if let g = groupOf[a], !groupPaid[g] {
                groupPaid[g] = true
                total += groupCost[g]
            }
        }
        return total
    }

    /// What measuring attribute `a` adds when the groups in `paidGroups` are already paid:
    /// its own cost, plus its group's fixed cost if that group is not.
    public func marginalCost(of a: Int, paidGroups: Set<Int>) -> Double {
        marginalCost(of: a) { paidGroups.contains($0) }
    }

    /// `marginalCost(of:paidGroups:)` with the paid groups as one flag per group (as
    /// sequential acquisition keeps them, asking for every test at every step).
    func marginalCost(of a: Int, paid: [Bool]) -> Double {
        marginalCost(of: a) { paid.indices.contains($0) && paid[$0] }
    }

    private func marginalCost(of a: Int, isPaid: (Int) -> Bool) -> Double {
        attributeCost[a] + (groupOf[a].map { isPaid($0) ? 0 : groupCost[$0] } ?? 0)
    }

    /// What attribute `a` costs when measured alone (its own cost plus its group's).
    public func standAloneCost(_ a: Int) -> Double {
        marginalCost(of: a, paidGroups: [])
    }

    /// The cost of measuring every attribute.
    public var totalCost: Double { cost(of: attributeCost.indices) }

    /// The most that all tests together may cost (1e15, in the profile's unit). Every cost a
    /// model or report gives is a partial sum or a mean over cases of this total; a larger
    /// one would overflow to infinity when summed over many cases, and its cents would be
    /// lost to rounding long before.
    public static let largestTotalCost = 1e15

    /// The ranking weights of cost-weighted construction (spec 7a):
    /// w_a = (stand-alone cost of a / mean stand-alone cost)^lambda; all 1 when lambda = 0
    /// or every cost is 0.
    public func rankingWeights(lambda: Double) -> [Double] {
        let prices = attributeCost.indices.map(standAloneCost)
        let mean = prices.reduce(0, +) / Double(max(prices.count, 1))
        guard lambda != 0, mean > 0 else { return [Double](repeating: 1, count: prices.count) }
        // A free test gets a tiny positive price so that its weight stays positive.
        return prices.map { pow(max($0, mean * 1e-6) / mean, lambda) }
    }
}
