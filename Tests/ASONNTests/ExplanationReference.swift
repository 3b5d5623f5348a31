@testable import ASONN

/// The definition of an explanation, written plainly on the model, for `PredictorTests` to
/// compare the predictor's flat-table form with.
extension ASONNModel {
    /// The winning combination of the plain prediction and each range's part in its score.
    func referenceExplanation(row: some RandomAccessCollection<Double>) -> Explanation {
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
                                      value: valueText(x, attribute: range.attribute), output: out,
                                      weight: range.weight,
                                      contribution: out.map {
                                          presentWeight > 0 ? range.weight * $0 / presentWeight : 0
                                      } ?? 0)
        }
        return Explanation(class: classes[c], score: prediction.scores[c], rule: winner + 1, contributions: details)
    }
}
