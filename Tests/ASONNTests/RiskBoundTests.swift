import Foundation
import Testing
@testable import ASONN

/// Sequential acquisition with a risk bound: the calibration, the stop, and the exact mode
/// it leaves unchanged.
struct RiskBoundTests {
    static func calibratedHeart() throws -> (model: ASONNModel, data: Dataset) {
        let data = try bundled("heart")
        let costs = try CostProfile.load(from: packageRoot.appendingPathComponent("CostProfiles/heart.json").path)
            .resolve(for: data.attributes.map(\.name))
        let classifier = ASONNClassifier(parameters: ASONNParameters())
        let model = try classifier.withRiskCalibration(classifier.fit(data, costs: costs), on: data, costs: costs)
        return (model, data)
    }

    /// The error message of loading `data` as a model file, or nil when it loads.
    static func loadError(_ data: Data) -> String? {
        let result = Result { () throws(ModelFileError) -> ASONNModel in try ASONNModel.decode(data, file: "bad.json") }
        guard case .failure(let error) = result else { return nil }
        return error.message
    }

    /// The batch form, rows shared among the cores, gives each row's own sequential
    /// prediction, exact and risk-bounded, in row order.
    @Test func batchSequentialPredictionsEqualRowByRow() throws {
        let (model, data) = try Self.calibratedHeart()
        let predictor = model.predictor()
        for risk in [0.0, 0.05, 0.2] {
            let batch = predictor.sequentialPredictions(values: data.values, rowCount: data.rowCount,
                                                        stride: data.attributeCount, risk: risk)
            #expect(batch.count == data.rowCount)
            let differing = (0..<data.rowCount).filter {
                batch[$0] != predictor.predictSequentially(row: data.row($0), risk: risk)
            }
            #expect(differing.isEmpty, "risk \(risk): rows \(differing.prefix(5)) differ")
        }
        #expect(predictor.sequentialPredictions(values: data.values, rowCount: 0, stride: data.attributeCount).isEmpty)
    }

    /// Calibration reuses one thread's working memory from row to row: the steps it records
    /// are those of a fresh start on every row, whatever row came before.
    @Test func acquisitionStepsWithReusedWorkingMemoryEqualFreshOnes() throws {
        let (model, data) = try Self.calibratedHeart()
        let predictor = model.predictor(), scratch = predictor.scratch()
        var steps = 0
        for r in (0..<data.rowCount).reversed() {
            let reused = predictor.acquisitionSteps(row: data.row(r), scratch: scratch)
            let fresh = predictor.acquisitionSteps(row: data.row(r))
            #expect(reused.steps == fresh.steps && reused.final == fresh.final, "row \(r)")
            steps += fresh.steps.count
        }
        #expect(steps > 0)
    }

    @Test func calibrationIsDeterministicAndValid() throws {
        let (first, data) = try Self.calibratedHeart()
        let (second, _) = try Self.calibratedHeart()
        let calibration = try #require(first.riskCalibration)
        #expect(first.riskCalibration == second.riskCalibration)
        #expect(calibration.coefficients.count == AcquisitionFeatures.count + 1)
        #expect(calibration.steps > 0 && calibration.changeRate > 0 && calibration.changeRate < 1)
        #expect(calibration.reliability.reduce(0) { $0 + $1.steps } == calibration.steps)
        #expect(zip(calibration.reliability, calibration.reliability.dropFirst()).allSatisfy {
            $0.estimated <= $1.estimated
        })
        try first.validateStructure()
        #expect(data.rowCount == first.summary.rows)
    }

    @Test func riskZeroIsExactOnACalibratedModel() throws {
        let (model, data) = try Self.calibratedHeart()
        let predictor = model.predictor()
        for r in 0..<data.rowCount {
            let row = data.row(r)
            let exact = predictor.predictSequentially(row: row, risk: 0)
            #expect(exact.classIndex == model.predict(row: row).classIndex, "line \(data.lines[r])")
            #expect(exact.estimatedRisk == nil)
        }
    }

    @Test(arguments: [0.1, 0.25, 0.4])
    func riskBoundedStopIsAPrefixOfExactAcquisition(risk: Double) throws {
        let (model, data) = try Self.calibratedHeart()
        let predictor = model.predictor()
        var stoppedEarly = 0
        for r in 0..<data.rowCount {
            let row = data.row(r)
            let exact = predictor.predictSequentially(row: row)
            let bounded = predictor.predictSequentially(row: row, risk: risk)
            #expect(Array(exact.measured.prefix(bounded.measured.count)) == bounded.measured, "line \(data.lines[r])")
            #expect(bounded.cost <= exact.cost + 1e-9)
            if let estimate = bounded.estimatedRisk {
                #expect(estimate <= risk)
                stoppedEarly += 1
            } else {
                #expect(bounded.classIndex == exact.classIndex && bounded.measured == exact.measured)
            }
        }
        if risk >= 0.4 { #expect(stoppedEarly > 0, "a risk of \(risk) stops some case early") }
    }

    @Test func riskOneStopsAfterTheFirstTestAndNeverBefore() throws {
        let (model, data) = try Self.calibratedHeart()
        let predictor = model.predictor()
        for r in 0..<data.rowCount {
            let exact = predictor.predictSequentially(row: data.row(r))
            let bounded = predictor.predictSequentially(row: data.row(r), risk: 1)
            #expect(bounded.measured == Array(exact.measured.prefix(1)), "line \(data.lines[r])")
        }
    }

    /// A sequential answer is explained by its own class and the tests it measured, also when
    /// it stopped on the risk bound with another class than every test would give.
    @Test(arguments: [0.0, 0.4])
    func aSequentialAnswerIsExplainedByItsClassOnTheTestsMeasured(risk: Double) throws {
        let (model, data) = try Self.calibratedHeart()
        let predictor = model.predictor()
        var otherThanFull = 0
        for r in 0..<data.rowCount {
            let row = data.row(r)
            let answer = predictor.predictSequentially(row: row, risk: risk)
            let explanation = predictor.explain(row: row, sequential: answer)
            #expect(explanation.class == model.classes[answer.classIndex], "line \(data.lines[r])")
            let measured = Set(answer.measured.map { model.attributes[$0].name })
            for detail in explanation.contributions where !measured.contains(detail.attribute) {
                #expect(detail.value == "?" && detail.output == nil && detail.contribution == 0,
                        "line \(data.lines[r]): \(detail.attribute) was not measured")
            }
            if answer.classIndex != model.predict(row: row).classIndex { otherThanFull += 1 }
        }
        if risk > 0 { #expect(otherThanFull > 0, "some answer at risk \(risk) differs from every test's") }
    }

    @Test func anUncalibratedModelIgnoresTheRiskBound() throws {
        let data = try bundled("heart")
        let model = try ASONNClassifier(parameters: ASONNParameters()).fit(data)
        let predictor = model.predictor()
        for r in 0..<data.rowCount {
            #expect(predictor.predictSequentially(row: data.row(r), risk: 0.5)
                    == predictor.predictSequentially(row: data.row(r)))
        }
    }

    @Test func calibratedModelRoundTripsThroughItsFile() throws {
        let (model, _) = try Self.calibratedHeart()
        let decoded = try ASONNModel.decode(model.jsonData(), file: "heart.json")
        #expect(decoded == model)
        #expect(try decoded.jsonData() == model.jsonData())
    }

    @Test(arguments: [
        ("\"coefficients\" : [", "\"coefficients\" : [1, "),
        ("\"changeRate\" : ", "\"changeRate\" : 2"),
        ("\"folds\" : 3", "\"folds\" : 1"),
    ])
    func damagedCalibrationIsRefusedOnLoad(old: String, new: String) throws {
        let (model, _) = try Self.calibratedHeart()
        let text = try #require(String(data: model.jsonData(), encoding: .utf8))
        let calibrationPart = try #require(text.range(of: "\"riskCalibration\""))
        let tail = String(text[calibrationPart.lowerBound...])
        #expect(tail.contains(old))
        // Damage the first occurrence inside the calibration only.
        let damaged = String(text[..<calibrationPart.lowerBound])
            + tail.replacingOccurrences(of: old, with: new, options: [], range: tail.range(of: old))
        let message = Self.loadError(Data(damaged.utf8))
        #expect(message?.contains("riskCalibration") == true, "\(new): \(message ?? "accepted")")
    }

    @Test func logisticFitRecoversTheMaximumLikelihoodCoefficients() {
        // x = -1: 1 event in 10; x = +1: 9 in 10. The maximum-likelihood fit is
        // b0 = 0, b1 = ln 9 (logit 0.9 at x = 1, logit 0.1 at x = -1).
        var features: [[Double]] = [], outcomes: [Bool] = []
        for i in 0..<10 {
            features.append([-1]); outcomes.append(i == 0)
            features.append([1]); outcomes.append(i != 0)
        }
        let beta = LogisticFit.fit(features: features, outcomes: outcomes, width: 1, ridge: 0)
        #expect(abs(beta[0]) < 1e-9)
        #expect(abs(beta[1] - log(9)) < 1e-9)
    }

    @Test func logisticFitStaysFiniteWhenOutcomesAreAllAlikeOrSeparable() {
        let features = (0..<50).map { [Double($0) / 50] }
        let none = LogisticFit.fit(features: features, outcomes: features.map { _ in false }, width: 1)
        let separable = LogisticFit.fit(features: features, outcomes: features.map { $0[0] > 0.5 }, width: 1)
        #expect(none.allSatisfy(\.isFinite) && separable.allSatisfy(\.isFinite))
        #expect(LogisticFit.probability(none, [1, 0.5]) < 0.05)
        #expect(LogisticFit.probability(separable, [1, 0.9]) > 0.8)  // the ridge shrinks, keeps the order
        #expect(LogisticFit.probability(separable, [1, 0.1]) < 0.2)
    }

    @Test func reliabilityBinsSplitTheStepsByEstimate() {
        let estimates = [0.9, 0.1, 0.5, 0.3, 0.7, 0.2, 0.6]
        let outcomes = [true, false, true, false, true, false, false]
        let bins = ASONNClassifier.calibrationBins(estimates: estimates, outcomes: outcomes, bins: 3)
        #expect(bins.map(\.steps) == [2, 2, 3])
        #expect(abs(bins[0].estimated - 0.15) < 1e-12 && bins[0].observed == 0)  // 0.1, 0.2
        #expect(abs(bins[1].estimated - 0.4) < 1e-12 && bins[1].observed == 0.5)  // 0.3, 0.5
        #expect(abs(bins[2].estimated - 0.7333333333333334) < 1e-12)  // 0.6, 0.7, 0.9
        #expect(abs(bins[2].observed - 2.0 / 3.0) < 1e-12)
    }

    @Test func evaluationWithRiskZeroChangesNoAnswer() throws {
        let data = try bundled("heart")
        let report = try Evaluation.run(data, parameters: ASONNParameters(), scheme: .holdout(0.3), repeats: 2,
                                        seed: 0, risks: [0, 0.3])
        let curve = report.riskCurve
        #expect(curve.map(\.risk) == [0, 0.3])
        #expect(curve[0].changed == 0 && curve[0].estimated == 0)
        #expect(abs(curve[0].accuracy - report.accuracy.mean) < 1e-12)
        #expect(abs(curve[0].meanCost - report.meanSequentialCost) < 1e-9)
        #expect(curve[1].meanCost <= curve[0].meanCost + 1e-9)
        #expect(throws: ParameterError.self) {
            try Evaluation.run(data, parameters: ASONNParameters(), scheme: .holdout(0.3), risks: [1.5])
        }
    }
}
