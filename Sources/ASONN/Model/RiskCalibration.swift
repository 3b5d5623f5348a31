import Foundation

/// How likely the tests not yet measured are to change a provisional answer, learned by
/// cross-validation on the training rows and stored with the model, so that sequential
/// acquisition can stop once that risk is small enough (`--risk R`).
///
/// At an open step of acquisition (the exact stop has not fired) the provisional answer is
/// the class the model gives with the unmeasured tests taken as missing. The estimate is a
/// logistic function of what the model's bounds say about the case at that step (see
/// `AcquisitionFeatures`): P(change) = 1 / (1 + exp(-(b0 + b1 f1 + ... + bn fn))).
public struct RiskCalibration: Codable, Equatable, Sendable {
    /// One group of calibration steps with similar estimates: their mean estimated risk and
    /// the share of them whose provisional answer did change (a reliability table).
    public struct Bin: Codable, Equatable, Sendable {
        public var estimated: Double
        public var observed: Double
        public var steps: Int

        public init(estimated: Double, observed: Double, steps: Int) {
            self.estimated = estimated
            self.observed = observed
            self.steps = steps
        }
    }

    /// The intercept, then one coefficient per feature in `AcquisitionFeatures.names` order.
    public var coefficients: [Double]
    /// Folds of the inner cross-validation the steps came from.
    public var folds: Int
    /// Open acquisition steps observed, and the share whose provisional answer changed.
    public var steps: Int
    public var changeRate: Double
    /// Steps grouped by estimated risk (lowest first), for checking the calibration.
    public var reliability: [Bin]
    /// The risk bound a test plan chose for this model: `predict --sequential` stops at it
    /// unless `--risk` says otherwise. Nil: exact unless asked.
    public var planRisk: Double?

    public init(coefficients: [Double], folds: Int, steps: Int, changeRate: Double, reliability: [Bin]) {
        self.coefficients = coefficients
        self.folds = folds
        self.steps = steps
        self.changeRate = changeRate
        self.reliability = reliability
    }

    /// The estimated probability that the remaining tests change the provisional answer.
    public func risk(of features: [Double]) -> Double {
        var logit = coefficients.first ?? 0
        for (coefficient, feature) in zip(coefficients.dropFirst(), features) { logit += coefficient * feature }
        return 1 / (1 + exp(-logit))
    }
}

/// The features of an open acquisition step that the risk estimate reads, each in [-1, 1].
public enum AcquisitionFeatures {
    /// In coefficient order (after the intercept).
    public static let names = [
        "margin",          // provisional leader's score minus the best other class's score
        "leader_open",     // share of the leader's best rule's weight on unmeasured tests
        "rival_reach",     // how far above the leader's score some other class could still reach
        "leader_drop",     // how far the leader's score could still fall
        "tests_open",      // share of the model's tests not yet measured
        "leader_support",  // share of the rows of the rules still holding the case that are the leader's
        "leader_hold",     // chance that some rule of the leader still holding the case keeps holding it
        "rival_hold",      // the same for the likeliest other class
    ]
    public static var count: Int { names.count }
}
