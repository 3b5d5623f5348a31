import ASONN
import Foundation

extension EvaluationReport {
    /// The evaluation for a terminal: a line on the data, scheme and costs, then each
    /// figure's mean and spread.
    public func table(of data: Dataset) -> String {
        let heading = "\(data.name): \(data.rowCount) rows, \(data.attributeCount) attributes, "
            + "\(data.classes.count) classes; \(scheme), \(repeats) repeat(s), seed \(seed); costs: \(costProfile), "
            + "all tests \(fixed(allTestsCost, 2))"
        var table = TextTable(header: ["measure", "mean", "spread (sd)"], rightAligned: [1, 2])
        table.rows = [
            ["accuracy", fixed(accuracy.mean, 4), fixed(accuracy.spread, 4)],
            ["balanced accuracy", fixed(balancedAccuracy.mean, 4), fixed(balancedAccuracy.spread, 4)],
            ["combinations", fixed(meanCombinations, 1), ""],
            ["ranges", fixed(meanRanges, 1), ""],
            ["attributes used", fixed(meanAttributesUsed, 1), ""],
            ["panel cost", fixed(meanPanelCost, 2), ""],
            ["mean sequential cost", fixed(meanSequentialCost, 2), ""],
            ["build seconds", fixed(meanBuildSeconds, 4), ""],
            ["predict seconds", fixed(meanPredictSeconds, 4), ""],
        ]
        return heading + "\n" + table.render()
    }
}
