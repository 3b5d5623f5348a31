/// Facts about the construction run, stored with the model.
public struct TrainingSummary: Codable, Equatable, Sendable {
    public var rows: Int
    public var classCounts: [Int]
    /// Attributes with at least two distinct training values (A in the weight formula).
    public var usableAttributes: Int
    /// Training rows inside a combination of another class on every range (source lines).
    public var ambiguousLines: [Int]
}
