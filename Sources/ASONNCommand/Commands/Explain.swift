import ArgumentParser
import ASONN
import ASONNRendering
import Foundation

enum ExplainFormat: String, ExpressibleByArgument, CaseIterable { case text, markdown, json }

struct Explain: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Print a saved model's combinations as rules.",
        discussion: """
        Each rule lists its class, the ranges in original units (category sets for \
        categorical attributes), their weights, and how many training rows it represents. \
        Ranges that cover an attribute's whole training domain constrain nothing; text and \
        markdown list them only as a count.
        """)

    @Argument(help: "A model written by 'asonn train'.")
    var model: String

    @Option(help: "Output format: text, markdown or json.")
    var format: ExplainFormat = .text

    struct Output: Encodable {
        var target: String
        var classes: [String]
        var cost_profile: String
        var panel_cost: Double
        var all_tests_cost: Double
        /// How the minimum discrimination and stop rule were chosen (absent when fixed).
        var configuration: SelfConfiguration?
        var rules: [RuleWithCost]
    }

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

    func run() throws {
        let model = try ASONNModel.load(from: self.model)
        let rules = model.rules
        let costs = model.effectiveCosts
        let ruleCosts = model.combinations.map(model.cost(of:))
        let unit = costs.unit.isEmpty ? "" : " \(costs.unit)"
        let costSummary = String(format: "test costs (%@): panel %.2f%@ of %.2f for all tests", costs.profileName, model.panelCost, unit, costs.totalCost)
        switch format {
        case .json:
            print(try JSONOutput.string(Output(target: model.targetName, classes: model.classes, cost_profile: costs.profileName,
                                               panel_cost: model.panelCost, all_tests_cost: costs.totalCost,
                                               configuration: model.configuration,
                                               rules: zip(rules, ruleCosts).map { RuleWithCost(rule: $0, test_cost: $1) })))
        case .text:
            print("\(rules.count) rules for \(model.targetName) (\(model.classes.joined(separator: ", "))), trained on \(model.summary.rows) rows")
            print(costSummary)
            print(configurationLine(model) + "\n")
            for (rule, ruleCost) in zip(rules, ruleCosts) {
                print("rule \(rule.number): \(model.targetName) = \(rule.class)   [represents \(rule.represented) training rows; tests cost \(String(format: "%.2f", ruleCost))\(unit)\(rule.ambiguous ? "; AMBIGUOUS" : "")]")
                let used = rule.conditions.filter(\.constrains)
                for condition in used {
                    print("  " + condition.text.padding(toLength: max(condition.text.count, 40), withPad: " ", startingAt: 0)
                          + String(format: "  weight %.4f", condition.weight))
                }
                if used.isEmpty { print("  (no condition: matches every row)") }
                let free = rule.conditions.count - used.count
                if free > 0 { print("  (+\(free) range(s) covering their whole domain)") }
                print("")
            }
        case .markdown:
            print("# Rules for \(model.targetName)\n")
            print("\(rules.count) rules, classes \(model.classes.joined(separator: ", ")), trained on \(model.summary.rows) rows; \(costSummary).\n")
            print(configurationLine(model) + "\n")
            print("| rule | class | conditions | weights | represents | test cost |")
            print("|---:|---|---|---|---:|---:|")
            for (rule, ruleCost) in zip(rules, ruleCosts) {
                let used = rule.conditions.filter(\.constrains)
                let conditions = used.isEmpty ? "(any)" : used.map { markdownEscape($0.text) }.joined(separator: " AND ")
                let weights = used.map { String(format: "%.3f", $0.weight) }.joined(separator: ", ")
                print("| \(rule.number) | \(markdownEscape(rule.class))\(rule.ambiguous ? " (ambiguous)" : "") | \(conditions) | \(weights) | \(rule.represented) | \(String(format: "%.2f", ruleCost)) |")
            }
        }
    }

    private func markdownEscape(_ text: String) -> String {
        text.replacingOccurrences(of: "|", with: "\\|")
    }
}
