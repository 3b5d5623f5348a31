import ASONN
import Foundation

/// A model's rules for `asonn explain`: text, Markdown or JSON. Text and Markdown list
/// only the ranges that constrain; the others are counted.
extension ASONNModel {
    /// The JSON of `asonn explain --format json`.
    struct RuleListing: Encodable {
        var target: String
        var classes: [String]
        var cost_profile: String
        var panel_cost: Double
        var all_tests_cost: Double
        /// How the minimum discrimination and stop rule were chosen (absent when fixed).
        var configuration: SelfConfiguration?
        var rules: [RuleWithCost]
    }

    /// A rule with its own test cost, as one JSON object.
    struct RuleWithCost: Encodable {
        var rule: Rule
        var test_cost: Double

        func encode(to encoder: Encoder) throws {
            try rule.encode(to: encoder)
            var container = encoder.container(keyedBy: Key.self)
            try container.encode(test_cost, forKey: Key(stringValue: "test_cost"))
        }

        struct Key: CodingKey {
            var stringValue: String
            var intValue: Int? { nil }
            init(stringValue: String) { self.stringValue = stringValue }
            init?(intValue: Int) { nil }
        }
    }

    /// Each rule's own test cost, in model order.
    var ruleCosts: [Double] { combinations.map(cost(of:)) }

    /// The line on the cost profile, the panel's cost and every test's.
    var costSummary: String {
        let costs = effectiveCosts
        return String(format: "test costs (%@): panel %.2f%@ of %.2f for all tests", costs.profileName, panelCost,
                      unitSuffix(costs.unit), costs.totalCost)
    }

    public func rulesJSON() throws -> String {
        let costs = effectiveCosts
        return try JSONOutput.string(RuleListing(
            target: targetName, classes: classes, cost_profile: costs.profileName, panel_cost: panelCost,
            all_tests_cost: costs.totalCost, configuration: configuration,
            rules: zip(rules, ruleCosts).map { RuleWithCost(rule: $0, test_cost: $1) }))
    }

    /// The rules as text, each line ending with a line break.
    public func rulesText() -> String {
        let unit = unitSuffix(effectiveCosts.unit)
        let rules = self.rules
        var lines = ["\(rules.count) rules for \(targetName) (\(classes.joined(separator: ", "))), "
                     + "trained on \(summary.rows) rows",
                     costSummary, configurationLine(self), ""]
        for (rule, ruleCost) in zip(rules, ruleCosts) {
            let flag = rule.ambiguous ? "; AMBIGUOUS" : ""
            lines.append("rule \(rule.number): \(targetName) = \(rule.class)   [represents \(rule.represented) "
                         + "training rows; tests cost \(fixed(ruleCost, 2))\(unit)\(flag)]")
            let used = rule.conditions.filter(\.constrains)
            for condition in used {
                lines.append("  " + condition.text.padding(toLength: max(condition.text.count, 40), withPad: " ",
                                                           startingAt: 0)
                             + String(format: "  weight %.4f", condition.weight))
            }
            if used.isEmpty { lines.append("  (no condition: matches every row)") }
            let free = rule.conditions.count - used.count
            if free > 0 { lines.append("  (+\(free) range(s) covering their whole domain)") }
            lines.append("")
        }
        return lines.map { escapingControls($0) + "\n" }.joined()
    }

    /// The rules as a Markdown table, each line ending with a line break.
    public func rulesMarkdown() -> String {
        let rules = self.rules
        var lines = ["# Rules for \(markdownLine(targetName))\n",
                     markdownLine("\(rules.count) rules, classes \(classes.joined(separator: ", ")), trained on "
                                  + "\(summary.rows) rows; \(costSummary).") + "\n",
                     markdownLine(configurationLine(self)) + "\n",
                     "| rule | class | conditions | weights | represents | test cost |",
                     "|---:|---|---|---|---:|---:|"]
        for (rule, ruleCost) in zip(rules, ruleCosts) {
            let used = rule.conditions.filter(\.constrains)
            let conditions = used.isEmpty ? "(any)" : used.map { markdownEscape($0.text) }.joined(separator: " AND ")
            let weights = used.map { fixed($0.weight, 3) }.joined(separator: ", ")
            lines.append("| \(rule.number) | \(markdownEscape(rule.class))\(rule.ambiguous ? " (ambiguous)" : "") "
                         + "| \(conditions) | \(weights) | \(rule.represented) | \(fixed(ruleCost, 2)) |")
        }
        return lines.map { $0 + "\n" }.joined()
    }
}

/// Text for a Markdown table cell: a bar would end the cell and a line break the row.
func markdownEscape(_ text: String) -> String {
    markdownLine(text).replacingOccurrences(of: "|", with: "\\|")
}

/// Markdown text with no HTML in it: a `<` that could open a tag (before a letter, `/`,
/// `!` or `?`) and every `&` are written as entities, since most renderers pass raw HTML
/// through (a class named "<img onerror=...>"). "a <= 5" stays as it is.
func markdownText(_ text: String) -> String {
    let text = showingBidiControls(text)
    guard text.contains(where: { $0 == "<" || $0 == "&" }) else { return text }
    let characters = Array(text)
    var out = ""
    for (i, character) in characters.enumerated() {
        let next = i + 1 < characters.count ? characters[i + 1] : " "
        if character == "&" {
            out += "&amp;"
        } else if character == "<", next.isLetter || "/!?".contains(next) {
            out += "&lt;"
        } else {
            out.append(character)
        }
    }
    return out
}

/// Text kept on one Markdown line (a heading, a table row), with no HTML in it
/// (`markdownText`): each line break in it is written as the two characters \n, so that
/// a label such as "a\nb" stays one label.
func markdownLine(_ text: String) -> String {
    let text = markdownText(text)
    guard text.contains(where: \.isNewline) else { return text }
    return text.replacingOccurrences(of: "\r\n", with: "\\n").replacingOccurrences(of: "\n", with: "\\n")
        .replacingOccurrences(of: "\r", with: "\\n")
}
