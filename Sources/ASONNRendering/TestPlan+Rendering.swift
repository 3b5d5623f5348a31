import ASONN
import Foundation

extension TestPlan {
    /// The plan as text for a terminal.
    public var text: String {
        let unit = unitSuffix(self.unit)
        var lines = ["Order the tests in this sequence; after each, the model says whether the class is settled, "
                     + "and you stop when it is:"]
        for (n, step) in steps.enumerated() {
            var line = String(format: "  %2d. %@ — adds %.2f%@", n + 1, step.attribute, step.marginalCost, unit)
            if let group = step.group {
                line += String(format: " (part of %@: %.2f once for the procedure + %.2f own)", group,
                               step.groupCost ?? 0, step.cost)
            }
            line += String(format: "; needed for %.0f%% of cases", 100 * step.shareOfCases)
            lines.append(line)
        }
        lines.append(String(format: "Expected cost per case: %.2f%@ (all tests of this plan: %.2f; every test there "
                                + "is: %.2f).", expectedCost, unit, panelCost, allTestsCost))
        if let accuracy {
            lines.append(String(format: "Expected accuracy: %.3f ± %.3f (cross-validated; ± is the standard "
                                    + "deviation over folds).", accuracy, accuracySpread ?? 0))
        }
        return lines.joined(separator: "\n")
    }

    /// The plan as an HTML table of its steps and a line with the expected cost and accuracy.
    var html: String {
        let unit = escapeHTML(unitSuffix(self.unit))
        var html = "<table>\n"
            + htmlRow(["order", "test", "procedure", "adds", "cases needing it"], header: true)
        for (n, step) in steps.enumerated() {
            let group = step.group.map { "\(escapeHTML($0)) (\(fixed(step.groupCost ?? 0, 2)) once)" } ?? ""
            html += htmlRow([String(n + 1), escapeHTML(step.attribute), group, fixed(step.marginalCost, 2) + unit,
                             String(format: "%.0f%%", 100 * step.shareOfCases)])
        }
        html += "</table>\n"
        html += "<p>Expected cost per case \(fixed(expectedCost, 2))\(unit) (every test of the plan: "
            + "\(fixed(panelCost, 2)); every test there is: \(fixed(allTestsCost, 2)))"
        if let accuracy {
            html += "; expected accuracy \(meanAndSpread(accuracy, accuracySpread ?? 0))"
        }
        return html + ".</p>\n"
    }
}
