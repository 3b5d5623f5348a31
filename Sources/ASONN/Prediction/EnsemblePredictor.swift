/// An ensemble compiled for classifying many rows: one `Predictor` per member.
///
/// Build one with `ASONNEnsemble.predictor(forRows:)` and reuse it.
public struct EnsemblePredictor: Sendable {
    public let ensemble: ASONNEnsemble
    let members: [Predictor]

    public init(_ ensemble: ASONNEnsemble, indexed: Bool = true) {
        self.ensemble = ensemble
        members = ensemble.members.map { Predictor($0, indexed: indexed) }
    }

    /// The ensemble's answer for one row (attributes in the ensemble's order, NaN missing;
    /// attributes past a short row's end are missing).
    public func predict(row: some RandomAccessCollection<Double>) -> EnsemblePrediction {
        let predictions = members.map { $0.predict(row: row) }
        return EnsemblePrediction(memberProbabilities: zip(members, predictions).map { $0.probabilities(for: $1) },
                                  memberClasses: predictions.map(\.classIndex), classCount: ensemble.classes.count)
    }

    /// Answers for the rows stored row-major in `values` (as `Predictor.predictions(values:rowCount:stride:)`
    /// takes them), in row order; each member shares the rows among the cores.
    public func predictions(values: [Double], rowCount: Int, stride: Int) -> [EnsemblePrediction] {
        let perMember = members.map { $0.predictions(values: values, rowCount: rowCount, stride: stride) }
        let rows = perMember.map(\.count).min() ?? 0
        return (0..<rows).map { r in
            let probabilities = members.indices.map { members[$0].probabilities(for: perMember[$0][r]) }
            let classes = perMember.map { $0[r].classIndex }
            return EnsemblePrediction(memberProbabilities: probabilities, memberClasses: classes,
                                      classCount: ensemble.classes.count)
        }
    }

    /// The predicted classes of the rows in `values`.
    public func predictedClasses(values: [Double], rowCount: Int, stride: Int) -> [Int] {
        predictions(values: values, rowCount: rowCount, stride: stride).map(\.classIndex)
    }

    /// The predicted classes of every row of a data set with the ensemble's attributes.
    public func predictedClasses(_ data: Dataset) -> [Int] {
        predictedClasses(values: data.values, rowCount: data.rowCount, stride: data.attributeCount)
    }
}

extension ASONNEnsemble {
    /// This ensemble compiled for classifying many rows; fewer than `Predictor.indexedFromRows`
    /// rows are scored without the level indexes (same answers).
    public func predictor(forRows rows: Int? = nil) -> EnsemblePredictor {
        EnsemblePredictor(self, indexed: (rows ?? Int.max) >= Predictor.indexedFromRows)
    }
}
