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
    /// The mean test cost of a rule (its own tests, with group sharing) before and after
    /// pruning; absent in models written before it was recorded, and for `seed`.
    public var ruleCostBefore: Double?
    public var ruleCostAfter: Double?
    /// Boxes left unpruned because the solver found no solution in time (`hull`).
    public var unsolved: Int?
}
