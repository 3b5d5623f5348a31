extension TradeOffReport {
    /// The recommended configuration when no target is given: the cheapest (mean cost
    /// per row) whose accuracy is within one spread (sd over folds) of the most accurate
    /// result, the one-standard-error rule.
    public var recommended: TradeOffResult? {
        guard let best = results.max(by: { $0.accuracy < $1.accuracy }) else { return nil }
        return results
            .filter { $0.accuracy >= best.accuracy - best.accuracySpread && $0.configuration.kind != .majority }
            .min { ($0.meanCost, -$0.accuracy) < ($1.meanCost, -$1.accuracy) }
    }

    /// The cheapest result (mean cost per row) with accuracy at least `minimumAccuracy`.
    public func cheapest(withAccuracyAtLeast minimumAccuracy: Double) -> TradeOffResult? {
        results.filter { $0.accuracy >= minimumAccuracy }
            .min { ($0.meanCost, -$0.accuracy) < ($1.meanCost, -$1.accuracy) }
    }

    /// The result whose mean cost per row is at most `budget` with the best accuracy less
    /// one standard error (its spread over the folds / sqrt(folds)): among hundreds of
    /// configurations the plainly most accurate one is often only the luckiest.
    public func mostAccurate(withinBudget budget: Double) -> TradeOffResult? {
        let root = Double(max(folds, 1)).squareRoot()
        func bound(_ r: TradeOffResult) -> Double { r.accuracy - r.accuracySpread / root }
        return results.filter { $0.meanCost <= budget }
            .max { (bound($0), -$0.meanCost) < (bound($1), -$1.meanCost) }
    }

    /// The results nearest a target that none meets: by accuracy for an accuracy target,
    /// by cost for a budget.
    public func closest(toAccuracy target: Double, count: Int = 3) -> [TradeOffResult] {
        Array(results.sorted { abs($0.accuracy - target) < abs($1.accuracy - target) }.prefix(count))
    }

    public func closest(toBudget budget: Double, count: Int = 3) -> [TradeOffResult] {
        Array(results.sorted { abs($0.meanCost - budget) < abs($1.meanCost - budget) }.prefix(count))
    }
}
