extension TestCosts {
    /// The first inconsistency that would make pricing index out of range or give no finite
    /// price for data of `attributeCount` attributes, named by field; nil when there is none.
    /// Model loading and `ASONNClassifier.fit` both check it: a `TestCosts` built in code or
    /// read from a model file is as untrusted as a cost profile.
    public func inconsistency(attributeCount count: Int) -> String? {
        guard attributeCost.count == count, groupOf.count == count else {
            return "costs: attributeCost and groupOf need one entry per attribute (\(count))"
        }
        guard groupNames.count == groupCost.count else {
            return "costs: groupNames and groupCost need one entry per group"
        }
        for (a, group) in groupOf.enumerated() {
            if let group, !groupCost.indices.contains(group) {
                return "costs.groupOf[\(a)]: group \(group) does not exist (\(groupCost.count) groups)"
            }
        }
        for (name, values) in [("attributeCost", attributeCost), ("groupCost", groupCost)] {
            if let bad = values.firstIndex(where: { !($0.isFinite && $0 >= 0) }) {
                return "costs.\(name)[\(bad)]: a cost must be a finite number >= 0"
            }
        }
        guard totalCost <= Self.largestTotalCost else {
            return "costs: the cost of all tests is more than 1e15, the most a case may cost"
        }
        return nil
    }
}
