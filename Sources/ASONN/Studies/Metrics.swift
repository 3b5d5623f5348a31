/// Classification metrics over predicted and true class indices.
public enum Metrics {
    /// Fraction of rows predicted correctly.
    public static func accuracy(predicted: [Int], actual: [Int]) -> Double {
        guard !actual.isEmpty else { return 0 }
        return Double(zip(predicted, actual).filter { $0 == $1 }.count) / Double(actual.count)
    }

    /// Mean over the classes present in `actual` of the fraction of that class's rows
    /// predicted correctly (recall).
    public static func balancedAccuracy(predicted: [Int], actual: [Int], classCount: Int) -> Double {
        var correct = [Int](repeating: 0, count: classCount)
        var total = [Int](repeating: 0, count: classCount)
        for (p, a) in zip(predicted, actual) {
            total[a] += 1
            if p == a { correct[a] += 1 }
        }
        let recalls = (0..<classCount).filter { total[$0] > 0 }.map { Double(correct[$0]) / Double(total[$0]) }
        return recalls.isEmpty ? 0 : recalls.reduce(0, +) / Double(recalls.count)
    }

    /// Mean and sample standard deviation (0 for fewer than two values).
    public static func meanAndSpread(_ values: [Double]) -> (mean: Double, spread: Double) {
        guard !values.isEmpty else { return (0, 0) }
        let mean = values.reduce(0, +) / Double(values.count)
        guard values.count > 1 else { return (mean, 0) }
        let variance = values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(values.count - 1)
        return (mean, variance.squareRoot())
    }
}
