extension ASONNModel {
    /// Predicted class indices for every row of a data set with the model's attributes
    /// (the same as `predict(row:)` on each row, computed with a `Predictor`).
    public func predict(_ data: Dataset) -> [Int] {
        predictor(forRows: data.rowCount).predictedClasses(data)
    }

    /// Class probabilities for every row of a data set with the model's attributes.
    public func predictProbabilities(_ data: Dataset) -> [[Double]] {
        predictor(forRows: data.rowCount).predictions(data).map(probabilities(for:))
    }
}
