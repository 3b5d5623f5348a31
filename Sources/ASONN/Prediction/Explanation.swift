import Foundation

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

extension ASONNModel {
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
        if attributes[a].numeric { return x.plainText }
        let categories = attributes[a].categories ?? []
        return categories.indices.contains(Int(x)) ? categories[Int(x)] : "?"
    }
}
