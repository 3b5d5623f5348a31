import ASONN

extension TradeOffReport {
    static let csvHeader = ["id", "kind", "panel", "lambda", "prune", "risk", "accuracy", "accuracy_sd",
                            "balanced_accuracy", "balanced_accuracy_sd", "panel_cost", "mean_cost", "combinations",
                            "attributes_used", "build_seconds", "pareto"]

    /// Every result as CSV, one row each, with a header.
    public var csv: String {
        var lines = [Self.csvHeader.joined(separator: ",")]
        for (index, r) in results.enumerated() {
            let c = r.configuration
            lines.append(csvLine([
                String(index + 1), c.kind.rawValue, panelNames(r), c.lambda.plainText, c.prune.rawValue,
                c.risk.plainText,
                fixed(r.accuracy, 4), fixed(r.accuracySpread, 4),
                fixed(r.balancedAccuracy, 4), fixed(r.balancedAccuracySpread, 4),
                fixed(r.panelCost, 2), fixed(r.meanCost, 2),
                fixed(r.combinations, 1), fixed(r.attributesUsed, 1),
                fixed(r.buildSeconds, 4), r.paretoOptimal ? "yes" : "no",
            ]))
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
