import ASONN
import Foundation

extension EvaluationReport {
    /// The evaluation for a terminal: a line on the data, scheme and costs, then each
    /// figure's mean and spread.
    public func table(of data: Dataset) -> String {
        let heading = "\(data.name): \(data.rowCount) rows, \(data.attributeCount) attributes, "
            + "\(data.classes.count) classes; \(scheme), \(repeats) repeat(s), seed \(seed); costs: \(costProfile), "
            + "all tests \(fixed(allTestsCost, 2))"
            + (ensembleMembers.map { "; bagged ensembles of \($0) models (majority vote), figures summed over "
                + "the members" } ?? "")
        var table = TextTable(header: ["measure", "mean", "spread (sd)"], rightAligned: [1, 2])
        let rows: [[String]?] = [
            ["accuracy", fixed(accuracy.mean, 4), fixed(accuracy.spread, 4)],
            ["balanced accuracy", fixed(balancedAccuracy.mean, 4), fixed(balancedAccuracy.spread, 4)],
            ["combinations", fixed(meanCombinations, 1), ""],
            ["ranges", fixed(meanRanges, 1), ""],
            ["attributes used", fixed(meanAttributesUsed, 1), ""],
            ["panel cost", fixed(meanPanelCost, 2), ""],
            // An ensemble measures every test its members use.
            ensembleMembers == nil ? ["mean sequential cost", fixed(meanSequentialCost, 2), ""] : nil,
            ["build seconds", fixed(meanBuildSeconds, 4), ""],
            ["predict seconds", fixed(meanPredictSeconds, 4), ""],
        ]
        table.rows = rows.compactMap { $0 }
        var text = heading + "\n" + table.render()
        if !riskCurve.isEmpty {
            var curve = TextTable(header: ["risk bound", "accuracy", "mean cost", "changed", "estimated"],
                                  rightAligned: [0, 1, 2, 3, 4])
            curve.rows = riskCurve.map {
                [fixed($0.risk, 3), fixed($0.accuracy, 4), fixed($0.meanCost, 2), fixed($0.changed, 4),
                 fixed($0.estimated, 4)]
            }
            text += "\n\nsequential acquisition with a risk bound (changed: share of rows answered otherwise than "
                + "with every test; estimated: mean risk estimated at the stops)\n" + curve.render()
        }
        return text
    }
}
