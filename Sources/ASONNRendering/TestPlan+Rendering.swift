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
        if let sampleNote { lines.append(sampleNote) }
        if let accuracy {
            lines.append(String(format: "Expected accuracy: %.3f ± %.3f (cross-validated; ± is the standard "
                                    + "deviation over folds).", accuracy, accuracySpread ?? 0))
        }
        if let policy {
            lines.append("How the first decisions went on these cases (share of all cases on each branch):")
            lines += Self.policyLines(policy, indent: "  ")
        }
        return lines.map(escapingControls).joined(separator: "\n")
    }

    /// Which cases the shares and the cost were measured on, when a sample.
    var sampleNote: String? {
        sample.map { "Shares and cost measured on \($0.cases) of the \($0.of) cases, evenly spread." }
    }

    /// Branches shown per test; the rest are summed on one line.
    static let shownBranches = 6

    /// A policy node as indented lines: the test, then per branch its values, share and what follows.
    static func policyLines(_ node: PolicyNode, indent: String) -> [String] {
        var lines = ["\(indent)measure \(node.test):"]
        for branch in node.branches.prefix(shownBranches) {
            let next = branch.stop.map { "stop: \($0)" } ?? "order \(branch.nextTest ?? "?")"
            lines.append(String(format: "%@  %@ %@ (%.0f%%): %@", indent, node.test, valuesText(branch),
                                100 * branch.share, next))
            if let then = branch.then { lines += policyLines(then, indent: indent + "    ") }
        }
        let rest = node.branches.dropFirst(shownBranches)
        if !rest.isEmpty {
            lines.append(String(format: "%@  %d more branches (%.0f%%)", indent, rest.count,
                                100 * rest.reduce(0) { $0 + $1.share }))
        }
        return lines
    }

    /// "1 to 3", "= 2", "2 or 3", "normal or fixed", with "or missing" when some case had
    /// no value.
    static func valuesText(_ branch: PolicyBranch) -> String {
        var parts: [String] = []
        if let values = branch.values, !values.isEmpty {
            parts.append((values.count == 1 ? "= " : "") + values.map { String(format: "%g", $0) }
                .joined(separator: " or "))
        } else if let intervals = branch.intervals, !intervals.isEmpty {
            parts.append(intervals.map { pair in
                let low = String(format: "%g", pair.first ?? 0), high = String(format: "%g", pair.last ?? 0)
                return low == high ? "= \(low)" : "\(low) to \(high)"
            }.joined(separator: " or "))
        } else if let low = branch.lowest, let high = branch.highest {
            parts.append("\(String(format: "%g", low)) to \(String(format: "%g", high))")
        } else if let categories = branch.categories, !categories.isEmpty {
            parts.append(categories.joined(separator: " or "))
        }
        if branch.missing { parts.append(parts.isEmpty ? "missing" : "or missing") }
        return parts.joined(separator: " ")
    }

    /// The policy as nested HTML lists.
    static func policyHTML(_ node: PolicyNode) -> String {
        var html = "<ul><li>measure <b>\(escapeHTML(node.test))</b><ul>\n"
        for branch in node.branches.prefix(shownBranches) {
            let next = branch.stop.map { "stop: <b>\(escapeHTML($0))</b>" }
                ?? "order <b>\(escapeHTML(branch.nextTest ?? "?"))</b>"
            html += "<li>\(escapeHTML(node.test)) \(escapeHTML(valuesText(branch))) "
                + "(\(String(format: "%.0f%%", 100 * branch.share))): \(next)"
            if let then = branch.then { html += policyHTML(then) }
            html += "</li>\n"
        }
        let rest = node.branches.dropFirst(shownBranches)
        if !rest.isEmpty {
            let share = String(format: "%.0f%%", 100 * rest.reduce(0) { $0 + $1.share })
            html += "<li>\(rest.count) more branches (\(share))</li>\n"
        }
        return html + "</ul></li></ul>\n"
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
        html += ".</p>\n"
        if let sampleNote { html += "<p>\(escapeHTML(sampleNote))</p>\n" }
        if let policy {
            html += "<p>How the first decisions went on these cases (share of all cases on each branch):</p>\n"
                + Self.policyHTML(policy)
        }
        return html
    }
}
