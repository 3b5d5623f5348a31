import Dispatch
import Foundation

extension ASONNClassifier {
    /// Folds of the inner cross-validation that calibrates the risk estimate.
    public static let riskCalibrationFolds = 3
    /// Above this many training rows the calibration runs on a stratified sample of this size.
    public static let riskCalibrationRows = 1000

    /// `model` (built by this classifier on `data`) with its risk estimate calibrated: see
    /// `calibrateRisk`. Self-configured choices in `model.parameters` are used for the
    /// inner models.
    public func withRiskCalibration(_ model: ASONNModel, on data: Dataset, costs: TestCosts? = nil) throws
        -> ASONNModel {
        var classifier = self
        classifier.parameters = model.parameters
        var calibrated = model
        calibrated.riskCalibration = try classifier.calibrateRisk(data, costs: costs)
        return calibrated
    }

    /// Learns how likely the unmeasured tests are to change a provisional answer: models
    /// with this classifier's parameters are built on `folds` - 1 of `folds` stratified
    /// parts of the training rows (a stratified sample on large data) and run exact
    /// sequential acquisition on the held-out part; every open step (features, and whether
    /// its provisional answer differs from the inner model's final one) is one observation
    /// of a logistic regression. Deterministic: fixed fold seed, folds on both cores,
    /// observations in fold and row order.
    /// - Throws: `ParameterError` for fewer than 2 folds.
    public func calibrateRisk(_ data: Dataset, costs: TestCosts? = nil,
                              folds: Int = riskCalibrationFolds,
                              sampleRows: Int = riskCalibrationRows) throws -> RiskCalibration {
        guard folds >= 2, sampleRows >= 2 else {
            throw ParameterError("risk calibration needs at least 2 folds and a sample of 2 rows")
        }
        let sample = Splits.stratifiedSample(data, rows: sampleRows)
        let splits = Splits.kFold(labels: sample.labels, classCount: sample.classes.count, folds: folds, seed: 0)
        let results = UnsafeMutableBufferPointer<[(AcquisitionStep, Bool)]>.allocate(capacity: splits.count)
        results.initialize(repeating: [])
        // The slots hold arrays: deinitialize them before freeing the memory.
        defer {
            results.deinitialize()
            results.deallocate()
        }
        guard let base = results.baseAddress else { throw ParameterError("risk calibration has no folds") }
        let slots = SendablePointer(base)
        let classifier = self
        DispatchQueue.concurrentPerform(iterations: splits.count) { fold in
            let train = sample.subset(splits[fold].train), test = sample.subset(splits[fold].test)
            // A fold whose training part lacks a class cannot be built: it adds no observations.
            guard test.rowCount > 0, let model = try? classifier.fit(train, costs: costs) else { return }
            let predictor = model.predictor(), scratch = predictor.scratch()
            var observed: [(AcquisitionStep, Bool)] = []
            for r in 0..<test.rowCount {
                let (steps, final) = predictor.acquisitionSteps(row: test.row(r), scratch: scratch)
                observed += steps.map { ($0, $0.provisional != final) }
            }
            slots.pointer[fold] = observed
        }
        let observations = results.flatMap { $0 }
        let features = observations.map(\.0.features), outcomes = observations.map(\.1)
        let coefficients = LogisticFit.fit(features: features, outcomes: outcomes, width: AcquisitionFeatures.count)
        var calibration = RiskCalibration(
            coefficients: coefficients, folds: folds, steps: observations.count,
            changeRate: observations.isEmpty ? 0 : Double(outcomes.filter { $0 }.count) / Double(outcomes.count),
            reliability: [])
        let estimates = features.map(calibration.risk(of:))
        calibration.reliability = Self.calibrationBins(estimates: estimates, outcomes: outcomes)
        return calibration
    }

    /// The observations in `bins` groups of (nearly) equal size by estimate, lowest first.
    static func calibrationBins(estimates: [Double], outcomes: [Bool], bins: Int = 5) -> [RiskCalibration.Bin] {
        let order = estimates.indices.sorted { (estimates[$0], $0) < (estimates[$1], $1) }
        guard !order.isEmpty else { return [] }
        let groups = min(bins, order.count)
        return (0..<groups).map { g in
            let members = order[(g * order.count / groups)..<((g + 1) * order.count / groups)]
            let estimated = members.reduce(0.0) { $0 + estimates[$1] } / Double(members.count)
            let observed = Double(members.filter { outcomes[$0] }.count) / Double(members.count)
            return RiskCalibration.Bin(estimated: estimated, observed: observed, steps: members.count)
        }
    }
}
