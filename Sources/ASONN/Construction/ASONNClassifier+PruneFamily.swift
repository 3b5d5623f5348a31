extension ASONNClassifier {
    /// Prune modes that act on a finished model (`ASONNModel.pruned(on:mode:)`), so that
    /// one construction serves all of them.
    public static let modesAfterConstruction: Set<PruneMode> = [.none, .hypercuboid, .panel]

    /// One model per prune mode in `modes` (each in `modesAfterConstruction`), from a single
    /// construction: the same models `fit` builds with each mode, for the price of one
    /// construction and the pruning. Studies that try several modes per configuration use it.
    /// - Parameter timing: called with the seconds of the construction, then of each mode's
    ///   pruning, in `modes` order.
    public func fit(_ data: Dataset, costs: TestCosts? = nil, pruneModes modes: [PruneMode],
                    timing: ((Double) -> Void)? = nil) throws -> [ASONNModel] {
        guard modes.allSatisfy(Self.modesAfterConstruction.contains) else {
            throw ParameterError("only the prune modes none, hypercuboid and panel share one construction")
        }
        var unpruned = self
        unpruned.parameters.prune = .none
        let (built, seconds) = try ContinuousClock.timed { try unpruned.fit(data, costs: costs) }
        timing?(seconds)
        return try modes.map { mode in
            var model = built
            model.parameters.prune = mode
            let (pruned, seconds) = try ContinuousClock.timed {
                try model.pruned(on: data, mode: mode, solverSeconds: parameters.solverSeconds)
            }
            timing?(seconds)
            return pruned
        }
    }
}
