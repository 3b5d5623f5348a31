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

extension Predictor {
    /// Explains the prediction for one row (in the model's attribute order; attributes
    /// past the end of a short row are missing).
    public func explain(row: some RandomAccessCollection<Double>) -> Explanation {
        let values = padded(row)
        return explain(row: values, prediction: predict(row: values))
    }

    /// Explains `prediction`, this predictor's answer for `row` (a full row), without
    /// predicting again.
    public func explain(row: some RandomAccessCollection<Double>, prediction: Prediction) -> Explanation {
        let c = prediction.classIndex
        guard let winner = prediction.winners[c] else {
            return Explanation(class: model.classes[c], score: prediction.scores[c], rule: nil, contributions: [])
        }
        let ranges = tables.rangeStart[tables.position[winner]]..<tables.rangeStart[tables.position[winner] + 1]
        let base = row.startIndex
        func value(_ r: Int) -> Double { row[row.index(base, offsetBy: tables.attribute[r])] }
        let presentWeight = ranges.reduce(0.0) { total, r in value(r).isNaN ? total : total + tables.weight[r] }
        let details = zip(ranges, model.combinations[winner].ranges).map { r, range -> ContributionDetail in
            let x = value(r), weight = tables.weight[r]
            let out = x.isNaN ? nil : tables.output(ofRange: r, for: x).output
            let share = out.map { presentWeight > 0 ? weight * $0 / presentWeight : 0 } ?? 0
            return ContributionDetail(attribute: model.attributes[range.attribute].name,
                                      condition: model.conditionText(range),
                                      value: model.valueText(x, attribute: range.attribute), output: out,
                                      weight: weight,
                                      contribution: share)
        }
        return Explanation(class: model.classes[c], score: prediction.scores[c], rule: winner + 1,
                           contributions: details)
    }

    /// Explains a sequential answer by what it measured: the best rule of the class it gave,
    /// scored on `row` with every test it did not measure taken as missing (shown as "?", no
    /// contribution). The full row's winner may be of another class when acquisition
    /// stopped on a risk bound, and would cite values the answer never used.
    public func explain(row: some RandomAccessCollection<Double>, sequential: SequentialPrediction) -> Explanation {
        let full = padded(row)
        var measured = [Double](repeating: .nan, count: full.count)
        for a in sequential.measured where measured.indices.contains(a) { measured[a] = full[a] }
        var prediction = predict(row: measured)
        if prediction.scores.indices.contains(sequential.classIndex) { prediction.classIndex = sequential.classIndex }
        return explain(row: measured, prediction: prediction)
    }
}

extension ASONNModel {
    /// A value of attribute `a` as text (a categorical value by its name).
    public func valueText(_ x: Double?, attribute a: Int) -> String {
        guard let x, !x.isNaN else { return "?" }
        if attributes[a].numeric { return x.plainText }
        let categories = attributes[a].categories ?? []
        return categories.indices.contains(Int(x)) ? categories[Int(x)] : "?"
    }
}
