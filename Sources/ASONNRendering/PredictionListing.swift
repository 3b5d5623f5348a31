import ASONN
import Foundation

/// The rows `asonn predict` classified, with what was asked for each, as a table, CSV or
/// JSON (`{"predictions", "accuracy", "rows", "mean_cost", "panel_cost", "predict_seconds"}`).
public struct PredictionListing {
    /// One classified row; the optional parts are there when asked for.
    public struct Row: Encodable {
        public var line: Int
        public var prediction: String
        public var actual: String?
        public var probabilities: [String: Double]?
        public var explanation: Explanation?
        public var tests: [String]?
        public var cost: Double?

        public init(line: Int, prediction: String, actual: String?) {
            self.line = line
            self.prediction = prediction
            self.actual = actual
        }
    }

    public var classes: [String]
    public var rows: [Row] = []
    /// Whether the file had the target column.
    public var hasLabels: Bool
    public var withProbabilities: Bool
    public var withExplanations: Bool
    public var sequential: Bool
    public var costs: TestCosts
    public var panelCost: Double
    public var predictSeconds = 0.0

    public init(model: ASONNModel, hasLabels: Bool, withProbabilities: Bool, withExplanations: Bool,
                sequential: Bool) {
        self.classes = model.classes
        self.hasLabels = hasLabels
        self.withProbabilities = withProbabilities
        self.withExplanations = withExplanations
        self.sequential = sequential
        self.costs = model.effectiveCosts
        self.panelCost = model.panelCost
    }

    /// A listing of an ensemble's predictions (no explanations, no sequential acquisition).
    public init(ensemble: ASONNEnsemble, hasLabels: Bool, withProbabilities: Bool) {
        classes = ensemble.classes
        self.hasLabels = hasLabels
        self.withProbabilities = withProbabilities
        withExplanations = false
        sequential = false
        // Every member is built with the same test costs.
        costs = ensemble.members.first?.effectiveCosts ?? TestCosts.uniform(attributeCount: ensemble.attributes.count)
        panelCost = costs.cost(of: ensemble.usedAttributes)
    }

    var labelled: Int { rows.filter { $0.actual != nil }.count }
    var correct: Int { rows.filter { $0.actual != nil && $0.actual == $0.prediction }.count }
    /// Accuracy over the rows with a label, nil without any.
    public var accuracy: Double? { labelled > 0 ? Double(correct) / Double(labelled) : nil }
    /// Mean cost per row under sequential acquisition.
    var meanCost: Double { rows.isEmpty ? 0 : rows.reduce(0.0) { $0 + ($1.cost ?? 0) } / Double(rows.count) }

    struct Output: Encodable {
        var predictions: [String]
        var accuracy: Double?
        var rows: [Row]?
        var meanCost: Double?
        var panelCost: Double
        var predictSeconds: Double

        enum CodingKeys: String, CodingKey {
            case predictions, accuracy, rows, meanCost = "mean_cost", panelCost = "panel_cost"
            case predictSeconds = "predict_seconds"
        }

        // "accuracy" is always present: null when the file has no target column.
        func encode(to encoder: Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(predictions, forKey: .predictions)
            if let accuracy { try container.encode(accuracy, forKey: .accuracy) } else {
                try container.encodeNil(forKey: .accuracy)
            }
            try container.encodeIfPresent(rows, forKey: .rows)
            try container.encodeIfPresent(meanCost, forKey: .meanCost)
            try container.encode(panelCost, forKey: .panelCost)
            try container.encode(predictSeconds, forKey: .predictSeconds)
        }
    }

    public func json() throws -> String {
        let detailed = withProbabilities || withExplanations || sequential
        return try JSONOutput.string(Output(predictions: rows.map(\.prediction), accuracy: accuracy,
                                            rows: detailed ? rows : nil,
                                            meanCost: sequential && !rows.isEmpty ? meanCost : nil,
                                            panelCost: panelCost, predictSeconds: predictSeconds))
    }

    /// A header line and one line per row, each ending with a line break.
    public func csv() -> String {
        ([csvHeader()] + rows.map(csvText)).joined()
    }

    /// The CSV header line, with its line break: `csv()` is it and then `csvText(of:)` of each row,
    /// so rows can be written as they are classified.
    public func csvHeader() -> String {
        var header = ["line", "prediction"]
        if hasLabels { header.append("actual") }
        if withProbabilities { header += classes.map { "p(\($0))" } }
        if withExplanations { header += ["rule", "score"] }
        if sequential { header += ["cost", "tests"] }
        return csvLine(header) + "\n"
    }

    /// One row as a CSV line, with its line break.
    public func csvText(of row: Row) -> String {
        var cells = [String(row.line), row.prediction]
        if hasLabels { cells.append(row.actual ?? "") }
        if let p = row.probabilities { cells += classes.map { fixed(p[$0] ?? 0, 6) } }
        if let e = row.explanation { cells += [e.rule.map(String.init) ?? "", fixed(e.score, 6)] }
        if let cost = row.cost { cells += [fixed(cost, 2), (row.tests ?? []).joined(separator: " ")] }
        return csvLine(cells) + "\n"
    }

    /// `csvText(of:)` appended to `bytes` as UTF-8; the usual columns (line, prediction,
    /// actual) without making a String per row, as a file of millions of rows needs.
    public func appendCSV(of row: Row, to bytes: inout [UInt8]) {
        guard row.probabilities == nil, row.explanation == nil, row.cost == nil else {
            bytes.append(contentsOf: csvText(of: row).utf8)
            return
        }
        appendDecimal(row.line, to: &bytes)
        bytes.append(UInt8(ascii: ","))
        appendCSVField(row.prediction, to: &bytes)
        if hasLabels {
            bytes.append(UInt8(ascii: ","))
            appendCSVField(row.actual ?? "", to: &bytes)
        }
        bytes.append(UInt8(ascii: "\n"))
    }

    /// A table of the rows (or each row's explanation), then accuracy and mean cost when
    /// known; each line ends with a line break.
    public func table() -> String {
        var header = ["line", "prediction"]
        if hasLabels { header.append("actual") }
        if withProbabilities { header += classes.map { "p(\($0))" } }
        if sequential { header += ["cost", "tests measured, in order"] }
        var table = TextTable(header: header, rightAligned: [0])
        for row in rows {
            var cells = [String(row.line), row.prediction]
            if hasLabels { cells.append(row.actual ?? "?") }
            if let p = row.probabilities { cells += classes.map { fixed(p[$0] ?? 0, 3) } }
            if let cost = row.cost { cells += [fixed(cost, 2), (row.tests ?? []).joined(separator: ", ")] }
            table.rows.append(cells)
        }
        var lines = withExplanations ? rows.map(explanationText) : [table.render()]
        if let accuracy {
            lines.append(String(format: "\naccuracy: %.4f (%d of %d labelled rows)", accuracy, correct, labelled))
        }
        if sequential, !rows.isEmpty {
            lines.append(String(format: "mean cost per row: %.2f%@ (panel of every test the model uses: %.2f; "
                                    + "all tests: %.2f)", meanCost, unitSuffix(costs.unit), panelCost, costs.totalCost))
        }
        return lines.map { $0 + "\n" }.joined()
    }

    /// The winning rule of a row and each range's part in its score.
    func explanationText(_ row: Row) -> String {
        guard let e = row.explanation else { return "" }
        var headline = "line \(row.line): \(row.prediction)"
        if let actual = row.actual { headline += " (actual \(actual))" }
        headline += String(format: ", score %.4f", e.score)
        if let rule = e.rule { headline += ", rule \(rule)" }
        var lines = [headline]
        // What the table's columns show without --explain stays in the listing with it.
        if let p = row.probabilities {
            lines.append("  probabilities: " + classes.map { "\($0) \(fixed(p[$0] ?? 0, 3))" }.joined(separator: ", "))
        }
        if let cost = row.cost {
            lines.append("  tests measured, in order: " + ((row.tests ?? []).isEmpty ? "none" : (row.tests ?? [])
                .joined(separator: ", ")) + " (cost \(fixed(cost, 2))\(unitSuffix(costs.unit)))")
        }
        let text = lines.map(escapingControls).joined(separator: "\n")
        var table = TextTable(header: ["condition", "value", "output", "weight", "contribution"],
                              rightAligned: [1, 2, 3, 4])
        for c in e.contributions {
            table.rows.append([c.condition, c.value, c.output.map { fixed($0, 4) } ?? "missing",
                               fixed(c.weight, 4), fixed(c.contribution, 4)])
        }
        return text + "\n" + table.render().split(separator: "\n").map { "  " + $0 }.joined(separator: "\n") + "\n"
    }
}
