extension ASONNModel {
    /// Attributes some combination has a range on: the tests the model can ask for.
    public var usedAttributes: [Int] {
        // Marks per attribute, not a set of every range's attribute: models hold many ranges.
        var used = [Bool](repeating: false, count: attributes.count)
        var others: Set<Int> = []  // indices outside the attributes, as a damaged model may hold
        for combination in combinations {
            for range in combination.ranges {
                if used.indices.contains(range.attribute) {
                    used[range.attribute] = true
                } else {
                    others.insert(range.attribute)
                }
            }
        }
        return (others.union(used.indices.filter { used[$0] })).sorted()
    }

    /// The test costs in force: the model's profile, or every test at 1.
    public var effectiveCosts: TestCosts { costs ?? TestCosts.uniform(attributeCount: attributes.count) }

    /// The panel cost: every test any rule uses, with group sharing.
    public var panelCost: Double { effectiveCosts.cost(of: usedAttributes) }

    /// A rule's own test cost: the tests its ranges need, with group sharing.
    public func cost(of combination: Combination) -> Double {
        effectiveCosts.cost(of: combination.ranges.map(\.attribute))
    }

    /// The mean of the rules' own test costs (0 without rules).
    public var meanRuleCost: Double {
        combinations.isEmpty ? 0 : combinations.map(cost(of:)).reduce(0, +) / Double(combinations.count)
    }
}
