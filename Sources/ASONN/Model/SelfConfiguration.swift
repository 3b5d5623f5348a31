/// What self-configuration tried and chose, stored with the model: the minimum
/// discrimination and stop rule of each candidate, its accuracy in a stratified inner
/// cross-validation on the training rows, and the one chosen.
public struct SelfConfiguration: Codable, Equatable, Sendable {
    public struct Candidate: Codable, Equatable, Sendable {
        public var minDiscrimination: Int
        public var stopRule: ASONNParameters.StopRule
        /// Share of the inner test rows classified correctly, over every fold.
        public var accuracy: Double
        /// Conditions (ranges that constrain) of its inner models, the mean over the folds.
        public var conditions: Double

        public init(minDiscrimination: Int, stopRule: ASONNParameters.StopRule, accuracy: Double = 0,
                    conditions: Double = 0) {
            self.minDiscrimination = minDiscrimination
            self.stopRule = stopRule
            self.accuracy = accuracy
            self.conditions = conditions
        }
    }

    /// Folds of the inner cross-validation.
    public var folds: Int
    /// Training rows the choice was made on: all of them, or a stratified sample on large data.
    public var rows: Int
    public var candidates: [Candidate]
    /// Candidates within this much inner accuracy of the best count as equally good, and of
    /// those the one with the fewest conditions is chosen (the earlier of equals): one
    /// standard error of the best accuracy, sqrt(p (1 - p) / n) over the n inner test rows
    /// (CART's one-standard-error rule). A smaller gain than that is noise, not worth a
    /// longer rule list.
    public var tolerance: Double
    /// Index of the chosen candidate.
    public var chosen: Int

    /// The settings tried, today's fixed default first (it wins ties): d = 1, 2, 3 with
    /// growth until blocked and d = 1, 2 stopping at the first non-positive coefficient.
    /// Measured: no single one of these is best on every data set (README, "Self-configuration").
    public static let standardCandidates: [Candidate] = [
        Candidate(minDiscrimination: 1, stopRule: .blocked),
        Candidate(minDiscrimination: 2, stopRule: .blocked),
        Candidate(minDiscrimination: 3, stopRule: .blocked),
        Candidate(minDiscrimination: 1, stopRule: .positiveCoefficient),
        Candidate(minDiscrimination: 2, stopRule: .positiveCoefficient),
    ]
    public static let defaultFolds = 3
    /// Standard errors of the best inner accuracy within which candidates count as equal.
    public static let defaultStandardErrors = 1.0
    /// Above this many training rows the choice is made on a stratified sample of this size.
    public static let defaultSampleRows = 1000
}
