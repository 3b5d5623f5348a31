/// What to order for a case, in which order, and what it costs: a model's tests as a plan
/// a clinician or engineer can act on.
public struct TestPlan: Codable, Equatable, Sendable {
    public struct Step: Codable, Equatable, Sendable {
        public var attribute: String
        /// Its own (marginal) cost.
        public var cost: Double
        /// Its group (procedure), if any, and that procedure's fixed cost, paid with the
        /// first member measured.
        public var group: String?
        public var groupCost: Double?
        /// What measuring it adds at this point of the sequence (own cost, plus the group's
        /// fixed cost if no earlier step paid it).
        public var marginalCost: Double
        /// Share of the cases (rows given to `plan`) that needed this test.
        public var shareOfCases: Double
    }

    public var costProfile: String
    public var unit: String
    public var steps: [Step]
    /// Every test of the plan, with group sharing.
    public var panelCost: Double
    /// Mean cost per case under sequential acquisition.
    public var expectedCost: Double
    public var allTestsCost: Double
    /// Cross-validated accuracy and its spread, when known.
    public var accuracy: Double?
    public var accuracySpread: Double?
}

extension ASONNModel {
    /// The order sequential acquisition tries tests in when nothing stops it early:
    /// cheapest first, a group's fixed cost counted until one member is paid.
    public var acquisitionOrder: [Int] {
        let costs = effectiveCosts
        var remaining = usedAttributes
        var paid = Set<Int>()
        var order: [Int] = []
        while !remaining.isEmpty {
            let price = { (a: Int) -> Double in costs.marginalCost(of: a, paidGroups: paid) }
            guard let next = remaining.min(by: { price($0) < price($1) || (price($0) == price($1) && $0 < $1) }) else {
                break
            }
            order.append(next)
            remaining.removeAll { $0 == next }
            if let g = costs.groupOf[next] { paid.insert(g) }
        }
        return order
    }

    /// The test plan of this model on the cases of `data`: tests in acquisition order, the
    /// share of cases that needed each, and the expected cost per case.
    public func testPlan(on data: Dataset, accuracy: Double? = nil, accuracySpread: Double? = nil) -> TestPlan {
        let costs = effectiveCosts
        var needed = [Int](repeating: 0, count: attributes.count)
        var total = 0.0
        let predictor = predictor()
        for r in 0..<data.rowCount {
            let result = predictor.predictSequentially(row: data.row(r))
            total += result.cost
            for a in result.measured { needed[a] += 1 }
        }
        var paid = Set<Int>()
        let steps = acquisitionOrder.map { a -> TestPlan.Step in
            let group = costs.groupOf[a]
            let marginal = costs.marginalCost(of: a, paidGroups: paid)
            if let group { paid.insert(group) }
            return TestPlan.Step(attribute: attributes[a].name, cost: costs.attributeCost[a],
                                 group: group.map { costs.groupNames[$0] },
                                 groupCost: group.map { costs.groupCost[$0] },
                                 marginalCost: marginal,
                                 shareOfCases: data.rowCount > 0 ? Double(needed[a]) / Double(data.rowCount) : 0)
        }
        return TestPlan(costProfile: costs.profileName, unit: costs.unit, steps: steps, panelCost: panelCost,
                        expectedCost: data.rowCount > 0 ? total / Double(data.rowCount) : 0,
                        allTestsCost: costs.totalCost,
                        accuracy: accuracy, accuracySpread: accuracySpread)
    }
}
