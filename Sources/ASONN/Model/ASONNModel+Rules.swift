extension ASONNModel {
    /// A range as a condition on its attribute, in original units.
    public func conditionText(_ range: RangeNeuron) -> String {
        let attribute = attributes[range.attribute]
        if range.isCategorical {
            let names = range.categories.map { (attribute.categories ?? [])[$0] }
            return "\(attribute.name) in {\(names.joined(separator: ", "))}"
        }
        let atMinimum = range.lower <= (attribute.minimum ?? range.lower)
        let atMaximum = range.upper >= (attribute.maximum ?? range.upper)
        switch (atMinimum, atMaximum) {
        case (true, true): return "\(attribute.name) any"
        case (true, false): return "\(attribute.name) <= \(range.upper.plainText)"
        case (false, true): return "\(attribute.name) >= \(range.lower.plainText)"
        case (false, false):
            if range.lower == range.upper { return "\(attribute.name) = \(range.lower.plainText)" }
            return "\(range.lower.plainText) <= \(attribute.name) <= \(range.upper.plainText)"
        }
    }

    /// Every combination as a rule, in model order.
    public var rules: [Rule] {
        combinations.enumerated().map { index, combination in
            Rule(number: index + 1, class: classes[combination.classIndex], represented: combination.represented,
                 ambiguous: combination.ambiguous,
                 conditions: combination.ranges.map { range in
                     let attribute = attributes[range.attribute]
                     return Rule.Condition(
                        attribute: attribute.name, text: conditionText(range),
                        lower: range.isCategorical ? nil : range.lower, upper: range.isCategorical ? nil : range.upper,
                        categories: range.isCategorical
                            ? range.categories.map { (attribute.categories ?? [])[$0] } : nil,
                        weight: range.weight, constrains: constrains(range))
                 })
        }
    }
}
