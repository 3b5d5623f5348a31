/// What pruning did, stored with the model.
public struct PruningSummary: Codable, Equatable, Sendable {
    public var mode: PruneMode
    /// Integer programs solved.
    public var problems: Int
    /// False when a time limit stopped GLPK before it proved an optimum; the best
    /// solution found was used.
    public var provenOptimal: Bool
    public var rangesBefore: Int
    public var rangesAfter: Int
}
