import ArgumentParser
import ASONN

/// The accepted range of a numeric option: checked in `validate()`, shown in `--help`.
enum OptionRange {
    /// Folds of cross-validation (`evaluate`, `tradeoff`, `plan`); the data must also have
    /// at least as many rows.
    static let folds = 2...1_000
    static let repeats = 1...Evaluation.maxRepeats
    static let studyRepeats = TradeOffSettings.repeatsRange
    /// Repeat r of `evaluate` uses seed S + r, so S stays far from the largest integer.
    static let seed: ClosedRange<UInt64> = 0...UInt64(UInt32.max)
    /// The rows of a study's sample on large data (`tradeoff`, `plan`): enough for every fold.
    static let studyRows = 100...100_000_000
    /// A risk bound of sequential acquisition (`predict`, `evaluate`, `tradeoff`, `plan`).
    static let risk: ClosedRange<Double> = 0...1
    /// Members of a bagged ensemble (`train`, `evaluate`).
    static let ensemble = 1...ASONNClassifier.maxEnsembleMembers

    /// Throws a validation error naming the option and its range unless `value` lies in it
    /// (NaN never does).
    static func check<T: Comparable>(_ value: T, _ range: ClosedRange<T>, option: String) throws {
        guard range.contains(value) else {
            throw ValidationError("\(option) must be at least \(show(range.lowerBound)) "
                                  + "and at most \(show(range.upperBound)), not \(show(value))")
        }
    }

    /// "from L to U", for help texts.
    static func text<T: Comparable>(_ range: ClosedRange<T>) -> String {
        "from \(show(range.lowerBound)) to \(show(range.upperBound))"
    }

    /// Whole numbers without a decimal point (86400, not 86400.0).
    private static func show(_ value: some Comparable) -> String {
        if let double = value as? Double, double.rounded() == double, abs(double) < 1e15 { return String(Int(double)) }
        return "\(value)"
    }
}
