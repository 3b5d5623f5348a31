extension ASONNModel {
    /// Predicted class indices for every row of a data set with the model's attributes
    /// (the same as `predict(row:)` on each row, computed with a `Scorer`).
    public func predict(_ data: Dataset) -> [Int] {
        scorer().predictions(data).map(\.classIndex)
    }

    /// Class probabilities for every row of a data set with the model's attributes.
    public func predictProbabilities(_ data: Dataset) -> [[Double]] {
        scorer().predictions(data).map(probabilities(for:))
    }
}
