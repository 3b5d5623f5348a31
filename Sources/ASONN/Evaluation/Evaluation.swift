import Foundation

/// How an evaluation splits the data.
public enum ValidationScheme: Equatable, Sendable {
    /// Stratified K-fold cross-validation.
    case folds(Int)
    /// A stratified holdout with this fraction of each class in the test part.
    case holdout(Double)
}

/// The figures of one train/test run.
public struct SplitResult: Equatable, Sendable {
    public var repeatIndex: Int
    public var part: Int
    public var accuracy: Double
    public var balancedAccuracy: Double
    public var combinations: Int
    public var ranges: Int
    public var buildSeconds: Double
    public var predictSeconds: Double
    public var testRows: Int
    /// Cost of every test the model uses, with group sharing.
    public var panelCost: Double
    /// Mean cost per test row under sequential acquisition.
    public var meanCost: Double
    public var attributesUsed: Int
}

/// The figures of an evaluation: every split, and means with their spread.
public struct EvaluationReport: Sendable {
    public var scheme: ValidationScheme
    public var repeats: Int
    public var seed: UInt64
    public var splits: [SplitResult]

    public var accuracy: (mean: Double, spread: Double) { Metrics.meanAndSpread(splits.map(\.accuracy)) }
    public var balancedAccuracy: (mean: Double, spread: Double) { Metrics.meanAndSpread(splits.map(\.balancedAccuracy)) }
    public var meanCombinations: Double { Metrics.meanAndSpread(splits.map { Double($0.combinations) }).mean }
    public var meanRanges: Double { Metrics.meanAndSpread(splits.map { Double($0.ranges) }).mean }
    public var meanBuildSeconds: Double { Metrics.meanAndSpread(splits.map(\.buildSeconds)).mean }
    public var meanPredictSeconds: Double { Metrics.meanAndSpread(splits.map(\.predictSeconds)).mean }
    public var meanPanelCost: Double { Metrics.meanAndSpread(splits.map(\.panelCost)).mean }
    public var meanSequentialCost: Double { Metrics.meanAndSpread(splits.map(\.meanCost)).mean }
    public var meanAttributesUsed: Double { Metrics.meanAndSpread(splits.map { Double($0.attributesUsed) }).mean }
}

public enum Evaluation {
    /// The train/test partitions of `scheme`, repeated with seeds seed, seed+1, ...
    public static func splits(of data: Dataset, scheme: ValidationScheme, repeats: Int, seed: UInt64) -> [(repeatIndex: Int, part: Int, split: Split)] {
        var result: [(Int, Int, Split)] = []
        for r in 0..<repeats {
            let repeatSeed = seed &+ UInt64(r)
            switch scheme {
            case .folds(let k):
                for (index, split) in Splits.kFold(labels: data.labels, classCount: data.classes.count, folds: k, seed: repeatSeed).enumerated() {
                    result.append((r, index, split))
                }
            case .holdout(let fraction):
                result.append((r, 0, Splits.holdout(labels: data.labels, classCount: data.classes.count, testFraction: fraction, seed: repeatSeed)))
            }
        }
        return result
    }

    /// Fits and tests a model on every split.
    /// - Parameter progress: called after each split with (done, total).
    public static func run(_ data: Dataset, parameters: ASONNParameters, costs: TestCosts? = nil,
                           scheme: ValidationScheme, repeats: Int = 1, seed: UInt64 = 0, progress: (@Sendable (Int, Int) -> Void)? = nil) throws -> EvaluationReport {
        switch scheme {
        case .folds(let k):
            guard k >= 2 else { throw ParameterError("the number of folds must be at least 2, not \(k)") }
            guard k <= data.rowCount else { throw ParameterError("\(k) folds need at least \(k) rows; the data has \(data.rowCount)") }
        case .holdout(let fraction):
            guard fraction > 0 && fraction < 1 else { throw ParameterError("the holdout fraction must be between 0 and 1, not \(fraction)") }
        }
        guard repeats >= 1 else { throw ParameterError("repeats must be at least 1") }
        let all = splits(of: data, scheme: scheme, repeats: repeats, seed: seed)
        var results: [SplitResult] = []
        let classifier = ASONNClassifier(parameters: parameters)
        for (index, entry) in all.enumerated() {
            let train = data.subset(entry.split.train)
            let test = data.subset(entry.split.test)
            let clock = ContinuousClock()
            let buildStart = clock.now
            let model = try classifier.fit(train, costs: costs)
            let buildTime = clock.now - buildStart
            let predictStart = clock.now
            let predicted = model.predict(test)
            let predictTime = clock.now - predictStart
            results.append(SplitResult(
                repeatIndex: entry.repeatIndex, part: entry.part,
                accuracy: Metrics.accuracy(predicted: predicted, actual: test.labels),
                balancedAccuracy: Metrics.balancedAccuracy(predicted: predicted, actual: test.labels, classCount: data.classes.count),
                combinations: model.combinations.count, ranges: model.constrainingRangeCount,
                buildSeconds: buildTime.seconds, predictSeconds: predictTime.seconds, testRows: test.rowCount,
                panelCost: model.panelCost, meanCost: model.meanSequentialCost(test), attributesUsed: model.usedAttributes.count))
            progress?(index + 1, all.count)
        }
        return EvaluationReport(scheme: scheme, repeats: repeats, seed: seed, splits: results)
    }
}

extension Duration {
    /// The duration in seconds, as a Double.
    public var seconds: Double {
        let (whole, fraction) = components
        return Double(whole) + Double(fraction) * 1e-18
    }
}
