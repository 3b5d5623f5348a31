import ArgumentParser
import ASONN
import Foundation

enum ExplainFormat: String, ExpressibleByArgument, CaseIterable { case text, markdown, json }

struct Explain: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Print a saved model's combinations as rules.",
        discussion: """
        Each rule lists its class, the ranges in original units (category sets for
        categorical attributes), their weights, and how many training rows it represents.
        Ranges that cover an attribute's whole training domain constrain nothing; text and
        markdown list them only as a count.
        """)

    @Argument(help: "A model written by 'asonn train'.")
    var model: String

    @Option(help: "Output format: text, markdown or json.")
    var format: ExplainFormat = .text

    struct Output: Encodable {
        var target: String
        var classes: [String]
        var rules: [Rule]
    }

    func run() throws {
        let model = try ASONNModel.load(from: self.model)
        let rules = model.rules
        switch format {
        case .json:
            print(try JSONOutput.string(Output(target: model.targetName, classes: model.classes, rules: rules)))
        case .text:
            print("\(rules.count) rules for \(model.targetName) (\(model.classes.joined(separator: ", "))), trained on \(model.summary.rows) rows\n")
            for rule in rules {
                print("rule \(rule.number): \(model.targetName) = \(rule.class)   [represents \(rule.represented) training rows\(rule.ambiguous ? ", AMBIGUOUS" : "")]")
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
            print("\(rules.count) rules, classes \(model.classes.joined(separator: ", ")), trained on \(model.summary.rows) rows.\n")
            print("| rule | class | conditions | weights | represents |")
            print("|---:|---|---|---|---:|")
            for rule in rules {
                let used = rule.conditions.filter(\.constrains)
                let conditions = used.isEmpty ? "(any)" : used.map { markdownEscape($0.text) }.joined(separator: " AND ")
                let weights = used.map { String(format: "%.3f", $0.weight) }.joined(separator: ", ")
                print("| \(rule.number) | \(markdownEscape(rule.class))\(rule.ambiguous ? " (ambiguous)" : "") | \(conditions) | \(weights) | \(rule.represented) |")
            }
        }
    }

    private func markdownEscape(_ text: String) -> String {
        text.replacingOccurrences(of: "|", with: "\\|")
    }
}
