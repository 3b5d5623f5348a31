import Foundation

/// One combination read as a rule.
public struct Rule: Codable, Equatable, Sendable {
    public struct Condition: Codable, Equatable, Sendable {
        public var attribute: String
        /// The condition as text, e.g. "4.5 <= petal_length <= 5.1" or "color in {red, blue}".
        public var text: String
        public var lower: Double?
        public var upper: Double?
        public var categories: [String]?
        public var weight: Double
        /// False when the range covers the attribute's whole training domain.
        public var constrains: Bool
    }
    public var number: Int
    public var `class`: String
    public var represented: Int
    public var ambiguous: Bool
    public var conditions: [Condition]
}

/// How one range contributed to a combination's excitation for one input row.
public struct ContributionDetail: Codable, Equatable, Sendable {
    public var attribute: String
    public var condition: String
    /// The row's value as text ("?" when missing).
    public var value: String
    public var output: Double?
    public var weight: Double
    /// weight * output divided by the weights of the present values (0 for a missing value).
    public var contribution: Double
}

/// Why a row got its class: the winning combination and each range's part in its score.
public struct Explanation: Codable, Equatable, Sendable {
    public var `class`: String
    public var score: Double
    public var rule: Int?
    public var contributions: [ContributionDetail]
}

/// Numbers as people write them: integers without a decimal point, others in their
/// shortest round-tripping form.
public func formatNumber(_ x: Double) -> String {
    if x.isNaN { return "?" }
    if x == x.rounded() && abs(x) < 1e15 { return String(Int(x)) }
    return "\(x)"
}

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
        case (true, false): return "\(attribute.name) <= \(formatNumber(range.upper))"
        case (false, true): return "\(attribute.name) >= \(formatNumber(range.lower))"
        case (false, false):
            if range.lower == range.upper { return "\(attribute.name) = \(formatNumber(range.lower))" }
            return "\(formatNumber(range.lower)) <= \(attribute.name) <= \(formatNumber(range.upper))"
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
                        categories: range.isCategorical ? range.categories.map { (attribute.categories ?? [])[$0] } : nil,
                        weight: range.weight, constrains: constrains(range))
                 })
        }
    }

    /// Explains the prediction for one row (in the model's attribute order).
    public func explain(row: some RandomAccessCollection<Double>) -> Explanation {
        let prediction = predict(row: row)
        let c = prediction.classIndex
        guard let winner = prediction.winners[c] else {
            return Explanation(class: classes[c], score: prediction.scores[c], rule: nil, contributions: [])
        }
        let combination = combinations[winner]
        let base = row.startIndex
        let presentWeight = combination.ranges.reduce(0.0) { total, range in
            row[row.index(base, offsetBy: range.attribute)].isNaN ? total : total + range.weight
        }
        let details = combination.ranges.map { range -> ContributionDetail in
            let x = row[row.index(base, offsetBy: range.attribute)]
            let out = x.isNaN ? nil : output(of: range, for: x)
            return ContributionDetail(attribute: attributes[range.attribute].name, condition: conditionText(range),
                                      value: valueText(x, attribute: range.attribute), output: out, weight: range.weight,
                                      contribution: out.map { presentWeight > 0 ? range.weight * $0 / presentWeight : 0 } ?? 0)
        }
        return Explanation(class: classes[c], score: prediction.scores[c], rule: winner + 1, contributions: details)
    }

    /// A value of attribute `a` as text (a categorical value by its name).
    public func valueText(_ x: Double?, attribute a: Int) -> String {
        guard let x, !x.isNaN else { return "?" }
        if attributes[a].numeric { return formatNumber(x) }
        let categories = attributes[a].categories ?? []
        return categories.indices.contains(Int(x)) ? categories[Int(x)] : "?"
    }
}
