import Foundation

/// How an evaluation splits the data.
public enum ValidationScheme: Equatable, Sendable, CustomStringConvertible {
    /// Stratified K-fold cross-validation.
    case folds(Int)
    /// A stratified holdout with this fraction of each class in the test part.
    case holdout(Double)

    /// "5-fold" or "holdout 0.3".
    public var description: String {
        switch self {
        case .folds(let k): return "\(k)-fold"
        case .holdout(let fraction): return "holdout \(fraction)"
        }
    }
}

/// The figures of one train/test run. In JSON (snake_case keys): repeat, part, accuracy,
/// balanced_accuracy, combinations, build_seconds, predict_seconds, panel_cost, mean_cost,
/// attributes_used, min_discrimination, stop_rule.
public struct SplitResult: Equatable, Sendable, Encodable {
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
    /// The model's minimum discrimination and stop rule (chosen on the training part when
    /// the model configured itself).
    public var minDiscrimination: Int
    public var stopRule: ASONNParameters.StopRule
    /// Sequential acquisition with a risk bound, one entry per risk asked for (in JSON
    /// `risk_bounds`); nil when none were.
    public var riskBounds: [RiskBoundResult]?

    enum CodingKeys: String, CodingKey {
        case repeatIndex = "repeat", part, accuracy, balancedAccuracy = "balanced_accuracy", combinations
        case buildSeconds = "build_seconds", predictSeconds = "predict_seconds", panelCost = "panel_cost"
        case meanCost = "mean_cost", attributesUsed = "attributes_used", minDiscrimination = "min_discrimination"
        case stopRule = "stop_rule", riskBounds = "risk_bounds"
    }
}

/// Sequential acquisition on a split's test rows with one risk bound: accuracy, mean cost
/// per row, the share of rows whose answer differs from the full prediction (observed) and
/// the mean risk estimated at the stops (estimated; an exact stop counts 0). In JSON:
/// risk, accuracy, mean_cost, changed, estimated.
public struct RiskBoundResult: Equatable, Sendable, Encodable {
    public var risk: Double
    public var accuracy: Double
    public var meanCost: Double
    public var changed: Double
    public var estimated: Double

    enum CodingKeys: String, CodingKey {
        case risk, accuracy, meanCost = "mean_cost", changed, estimated
    }

    /// Acquisition with bound `risk` on every row of `test`, against the full `predicted` classes.
    static func measure(_ predictor: Predictor, test: Dataset, predicted: [Int], risk: Double) -> RiskBoundResult {
        var correct = 0, changed = 0, cost = 0.0, estimated = 0.0
        let results = predictor.sequentialPredictions(values: test.values, rowCount: test.rowCount,
                                                      stride: test.attributeCount, risk: risk)
        // Summed in row order, as one row at a time.
        for (r, result) in results.enumerated() {
            if result.classIndex == test.labels[r] { correct += 1 }
            if result.classIndex != predicted[r] { changed += 1 }
            cost += result.cost
            estimated += result.estimatedRisk ?? 0
        }
        let rows = Double(max(test.rowCount, 1))
        return RiskBoundResult(risk: risk, accuracy: Double(correct) / rows, meanCost: cost / rows,
                               changed: Double(changed) / rows, estimated: estimated / rows)
    }
}

/// The figures of an evaluation: every split, and means with their spread. Its JSON (the
/// output of `asonn evaluate --format json`) has snake_case keys: the figures below by
/// their names (`accuracy`, `accuracy_spread`, `balanced_accuracy`, ..., `combinations`,
/// `constraining_ranges`, `build_seconds`, `predict_seconds`, `panel_cost`, `mean_cost`,
/// `attributes_used`), `data`, `rows`, `scheme`, `repeats`, `seed`, `cost_profile`,
/// `all_tests_cost` and `splits`.
public struct EvaluationReport: Sendable {
    /// The data file (or data set name) evaluated, and its rows.
    public var data: String
    public var rows: Int
    public var scheme: ValidationScheme
    public var repeats: Int
    public var seed: UInt64
    /// The cost profile's name ("uniform" without one) and the cost of every test.
    public var costProfile: String
    public var allTestsCost: Double
    public var splits: [SplitResult]
    /// The members of the bagged ensemble each split built (`--ensemble N`); nil for single models.
    public var ensembleMembers: Int? = nil

    public var accuracy: (mean: Double, spread: Double) { Metrics.meanAndSpread(splits.map(\.accuracy)) }
    public var balancedAccuracy: (mean: Double, spread: Double) {
        Metrics.meanAndSpread(splits.map(\.balancedAccuracy))
    }
    public var meanCombinations: Double { Metrics.meanAndSpread(splits.map { Double($0.combinations) }).mean }
    public var meanRanges: Double { Metrics.meanAndSpread(splits.map { Double($0.ranges) }).mean }
    public var meanBuildSeconds: Double { Metrics.meanAndSpread(splits.map(\.buildSeconds)).mean }
    public var meanPredictSeconds: Double { Metrics.meanAndSpread(splits.map(\.predictSeconds)).mean }
    public var meanPanelCost: Double { Metrics.meanAndSpread(splits.map(\.panelCost)).mean }
    public var meanSequentialCost: Double { Metrics.meanAndSpread(splits.map(\.meanCost)).mean }
    public var meanAttributesUsed: Double { Metrics.meanAndSpread(splits.map { Double($0.attributesUsed) }).mean }

    /// Per risk bound asked for, its figures averaged over the splits (empty when none).
    public var riskCurve: [RiskBoundResult] {
        guard let first = splits.first?.riskBounds else { return [] }
        return first.indices.map { i in
            func mean(_ figure: (RiskBoundResult) -> Double) -> Double {
                Metrics.meanAndSpread(splits.map { split in
                    split.riskBounds.map { i < $0.count ? figure($0[i]) : 0 } ?? 0
                }).mean
            }
            return RiskBoundResult(risk: first[i].risk, accuracy: mean(\.accuracy),
                                   meanCost: mean(\.meanCost), changed: mean(\.changed), estimated: mean(\.estimated))
        }
    }
}

extension EvaluationReport: Encodable {
    enum CodingKeys: String, CodingKey {
        case data, rows, scheme, repeats, seed, accuracy, combinations, splits
        case accuracySpread = "accuracy_spread", balancedAccuracy = "balanced_accuracy"
        case balancedAccuracySpread = "balanced_accuracy_spread", constrainingRanges = "constraining_ranges"
        case buildSeconds = "build_seconds", predictSeconds = "predict_seconds", panelCost = "panel_cost"
        case meanCost = "mean_cost", attributesUsed = "attributes_used", costProfile = "cost_profile"
        case allTestsCost = "all_tests_cost", riskCurve = "risk_curve", ensembleMembers = "ensemble_members"
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(data, forKey: .data)
        try container.encode(rows, forKey: .rows)
        try container.encode(scheme.description, forKey: .scheme)
        try container.encode(repeats, forKey: .repeats)
        try container.encode(seed, forKey: .seed)
        let figures: [(CodingKeys, Double)] = [
            (.accuracy, accuracy.mean), (.accuracySpread, accuracy.spread),
            (.balancedAccuracy, balancedAccuracy.mean), (.balancedAccuracySpread, balancedAccuracy.spread),
            (.combinations, meanCombinations), (.constrainingRanges, meanRanges),
            (.buildSeconds, meanBuildSeconds), (.predictSeconds, meanPredictSeconds), (.panelCost, meanPanelCost),
            (.meanCost, meanSequentialCost), (.attributesUsed, meanAttributesUsed), (.allTestsCost, allTestsCost),
        ]
        for (key, value) in figures { try container.encode(value, forKey: key) }
        try container.encode(costProfile, forKey: .costProfile)
        try container.encodeIfPresent(ensembleMembers, forKey: .ensembleMembers)
        let curve = riskCurve
        if !curve.isEmpty { try container.encode(curve, forKey: .riskCurve) }
        try container.encode(splits, forKey: .splits)
    }
}

/// A split that failed, named by the data file and the repeat and fold.
public struct EvaluationError: Error, Equatable, Sendable, CustomStringConvertible {
    public var file: String
    /// Which split, e.g. "repeat 2 of 3 (seed 1), fold 4 of 5".
    public var split: String
    public var message: String

    public var description: String { "\(file): \(split): \(message)" }
}

public enum Evaluation {
    /// The most repeats an evaluation takes: every repeat trains a model per split, so more
    /// would run for days; a typo like 9223372036854775807 gets an error, not a hang.
    public static let maxRepeats = 10_000

    /// Checks, before any model is built, that `scheme` can split `data` stratified with
    /// every class in every training part, and that `repeats` is in 1...`maxRepeats`.
    /// K folds need at least K rows of every class (one in each fold); a holdout must
    /// leave every class a training row and put some row in the test part.
    /// - Parameter file: names the data in error messages.
    /// - Throws: `ParameterError` for a bad scheme or repeat count, `DataError` (naming
    ///   the file, the target column and the class) when the data cannot be split so.
    public static func check(_ data: Dataset, scheme: ValidationScheme, repeats: Int, file: String) throws {
        guard repeats >= 1 && repeats <= maxRepeats else {
            throw ParameterError("repeats must be between 1 and \(maxRepeats), not \(repeats)")
        }
        let counts = data.classCounts
        let present = counts.indices.filter { counts[$0] > 0 }
        func dataError(_ message: String) -> DataError {
            DataError(file: file, column: data.targetName, message: message)
        }
        guard present.count >= 2 else {
            throw dataError("the data need at least two classes with rows to evaluate, found \(present.count)")
        }
        // The smallest class (the first in class order among equals) is the one to name.
        guard let smallest = present.min(by: { counts[$0] < counts[$1] }) else { return }
        let name = quoted(data.classes[smallest]), count = counts[smallest]
        let rows = "\(count) row\(count == 1 ? "" : "s")"
        switch scheme {
        case .folds(let k):
            guard k >= 2 else { throw ParameterError("the number of folds must be at least 2, not \(k)") }
            guard k <= count else {
                let fit = count >= 2 ? "; at most \(count) folds fit these data" : ""
                throw dataError("class \(name) has \(rows), too few to split stratified into \(k) folds "
                                + "(every class needs a row in each fold)\(fit)")
            }
        case .holdout(let fraction):
            guard fraction > 0 && fraction < 1 else {
                throw ParameterError("the holdout fraction must be between 0 and 1, not \(fraction)")
            }
            for c in present where counts[c] - Splits.holdoutTestCount(counts[c], testFraction: fraction) < 1 {
                throw dataError("class \(quoted(data.classes[c])) has \(counts[c]) row\(counts[c] == 1 ? "" : "s"): "
                                + "a stratified holdout of \(fraction) puts all in the test part, none to train on")
            }
            let testRows = present.reduce(0) { $0 + Splits.holdoutTestCount(counts[$1], testFraction: fraction) }
            guard testRows > 0 else {
                throw dataError("a stratified holdout of \(fraction) puts none of the \(data.rowCount) rows "
                                + "in the test part")
            }
        }
    }

    /// Calls `body` with the train/test partitions of `scheme`, repeated with seeds seed,
    /// seed+1, ..., one at a time: all of them at once would take splits x rows memory.
    public static func forEachSplit(of data: Dataset, scheme: ValidationScheme, repeats: Int, seed: UInt64,
                                    _ body: (_ repeatIndex: Int, _ part: Int, _ split: Split) throws -> Void) rethrows {
        for r in 0..<max(repeats, 0) {
            let repeatSeed = seed &+ UInt64(r)
            switch scheme {
            case .folds(let k):
                let foldOf = Splits.kFoldAssignment(labels: data.labels, classCount: data.classes.count, folds: k,
                                                    seed: repeatSeed)
                for part in 0..<max(k, 0) { try body(r, part, Splits.fold(of: foldOf, part)) }
            case .holdout(let fraction):
                try body(r, 0, Splits.holdout(labels: data.labels, classCount: data.classes.count,
                                              testFraction: fraction, seed: repeatSeed))
            }
        }
    }

    /// Fits and tests a model on every split, after `check`.
    /// - Parameters:
    ///   - file: names the data in error messages (default: the data set's name).
    ///   - progress: called after each split with (done, total).
    /// - Throws: what `check` throws; `EvaluationError` when a split's model cannot be built.
    /// - Parameter selfConfigure: each split's model chooses its minimum discrimination and
    ///   stop rule on its own training part (`ASONNClassifier.fitSelfConfigured`).
    /// - Parameter risks: risk bounds in [0, 1] to measure sequential acquisition with; each
    ///   split's model is then calibrated on its own training part (`calibrateRisk`).
    public static func run(_ data: Dataset, parameters: ASONNParameters, costs: TestCosts? = nil,
                           scheme: ValidationScheme, repeats: Int = 1, seed: UInt64 = 0, file: String? = nil,
                           selfConfigure: Bool = false, risks: [Double] = [], ensemble: Int? = nil,
                           progress: (@Sendable (Int, Int) -> Void)? = nil) throws -> EvaluationReport {
        let file = file ?? data.name
        try check(data, scheme: scheme, repeats: repeats, file: file)
        guard risks.allSatisfy({ $0 >= 0 && $0 <= 1 }) else { throw ParameterError("risks must be in [0, 1]") }
        if ensemble != nil && !risks.isEmpty {
            throw ParameterError("an ensemble has no sequential acquisition to bound the risk of")
        }
        let parts: Int
        switch scheme {
        case .folds(let k): parts = k
        case .holdout: parts = 1
        }
        let total = repeats * parts  // both bounded by check: at most maxRepeats x rows
        var results: [SplitResult] = []
        let classifier = ASONNClassifier(parameters: parameters)
        try forEachSplit(of: data, scheme: scheme, repeats: repeats, seed: seed) { repeatIndex, part, split in
            let train = data.subset(split.train)
            let test = data.subset(split.test)
            func failure(_ error: any Error) -> EvaluationError {
                let which = parts == 1 ? "holdout" : "fold \(part + 1) of \(parts)"
                return EvaluationError(file: file, split: "repeat \(repeatIndex + 1) of \(repeats) (seed "
                                       + "\(seed &+ UInt64(repeatIndex))), \(which)", message: "\(error)")
            }
            if let ensemble {
                do {
                    results.append(try ensembleSplit(train: train, test: test, classifier: classifier, costs: costs,
                                                     members: ensemble, seed: seed &+ UInt64(repeatIndex),
                                                     selfConfigure: selfConfigure, repeatIndex: repeatIndex,
                                                     part: part))
                } catch {
                    throw failure(error)
                }
                progress?(results.count, total)
                return
            }
            var model: ASONNModel, buildSeconds: Double
            do {
                (model, buildSeconds) = try ContinuousClock.timed {
                    try selfConfigure ? classifier.fitSelfConfigured(train, costs: costs)
                        : classifier.fit(train, costs: costs)
                }
                if !risks.isEmpty { model = try classifier.withRiskCalibration(model, on: train, costs: costs) }
            } catch {
                throw failure(error)
            }
            // One predictor for the predictions (timed with its building) and the costs.
            let ((predictor, predicted), predictSeconds) = ContinuousClock.timed {
                let predictor = model.predictor()
                return (predictor, predictor.predictedClasses(test))
            }
            var result = SplitResult(
                repeatIndex: repeatIndex, part: part,
                accuracy: Metrics.accuracy(predicted: predicted, actual: test.labels),
                balancedAccuracy: Metrics.balancedAccuracy(predicted: predicted, actual: test.labels,
                                                           classCount: data.classes.count),
                combinations: model.combinations.count, ranges: model.constrainingRangeCount,
                buildSeconds: buildSeconds, predictSeconds: predictSeconds, testRows: test.rowCount,
                panelCost: model.panelCost, meanCost: predictor.meanSequentialCost(test),
                attributesUsed: model.usedAttributes.count, minDiscrimination: model.parameters.minDiscrimination,
                stopRule: model.parameters.stopRule)
            if !risks.isEmpty {
                result.riskBounds = risks.map {
                    RiskBoundResult.measure(predictor, test: test, predicted: predicted, risk: $0)
                }
            }
            results.append(result)
            progress?(results.count, total)
        }
        let pricing = costs ?? TestCosts.uniform(attributeCount: data.attributeCount)
        return EvaluationReport(data: file, rows: data.rowCount, scheme: scheme, repeats: repeats, seed: seed,
                                costProfile: pricing.profileName, allTestsCost: pricing.totalCost, splits: results,
                                ensembleMembers: ensemble)
    }
}
