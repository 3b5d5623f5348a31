import ArgumentParser
import ASONN
import ASONNRendering
import Foundation

enum PredictFormat: String, ExpressibleByArgument, CaseIterable { case table, csv, json }

struct Predict: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Classify the rows of a CSV file with a saved model.",
        discussion: """
        Columns are matched to the model's attributes by header name, in any order; extra \
        columns are ignored and an absent attribute is treated as missing in every row. \
        If the file has the model's target column, accuracy is reported too.
        """)

    @Argument(help: "A model written by 'asonn train'.")
    var model: String

    @Argument(help: "The rows to classify (CSV with a header row).")
    var data: String

    @Option(help: "Output format: table, csv or json.")
    var format: PredictFormat = .table

    @Flag(help: "Include class probabilities.")
    var probabilities = false

    @Flag(help: "Show, for each row, the winning combination and each range's contribution.")
    var explain = false

    @Flag(help: "Measure tests one at a time, cheapest useful first, and stop once the class is settled (same prediction as measuring everything). Reports the tests measured, in order, and their cost.")
    var sequential = false

    @OptionGroup var csv: CSVOptions

    struct Row: Encodable {
        var line: Int
        var prediction: String
        var actual: String?
        var probabilities: [String: Double]?
        var explanation: Explanation?
        var tests: [String]?
        var cost: Double?
    }

    struct Output: Encodable {
        var predictions: [String]
        var accuracy: Double?
        var rows: [Row]?
        var meanCost: Double?
        var panelCost: Double
        var predictSeconds: Double

        enum CodingKeys: String, CodingKey {
            case predictions, accuracy, rows, meanCost = "mean_cost", panelCost = "panel_cost", predictSeconds = "predict_seconds"
        }

        // "accuracy" is always present: null when the file has no target column.
        func encode(to encoder: Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(predictions, forKey: .predictions)
            if let accuracy { try container.encode(accuracy, forKey: .accuracy) } else { try container.encodeNil(forKey: .accuracy) }
            try container.encodeIfPresent(rows, forKey: .rows)
            try container.encodeIfPresent(meanCost, forKey: .meanCost)
            try container.encode(panelCost, forKey: .panelCost)
            try container.encode(predictSeconds, forKey: .predictSeconds)
        }
    }

    func run() throws {
        let model = try ASONNModel.load(from: self.model)
        let input = try model.input(from: csv.table(data), missingTokens: csv.missingTokens)
        if !input.absentAttributes.isEmpty {
            Terminal.warning("\(data): no column for attribute(s) \(input.absentAttributes.joined(separator: ", ")); treated as missing in every row")
        }
        if input.unknownCategories > 0 {
            Terminal.warning("\(data): \(input.unknownCategories) categorical value(s) not seen in training; treated as missing")
        }

        var rows: [Row] = []
        var correct = 0, labelled = 0
        var totalCost = 0.0
        // Time of classification alone (with explanations and acquisition when asked),
        // not of reading files.
        let predictSeconds = ContinuousClock.timed {
            let predictions = model.scorer().predictions(values: input.values, rowCount: input.rowCount, stride: model.attributes.count)
            for r in 0..<input.rowCount {
                let values = input.row(r, attributeCount: model.attributes.count)
                let prediction = predictions[r]
                let predicted = model.classes[prediction.classIndex]
                let actual = input.labels?[r] ?? nil
                if let actual {
                    labelled += 1
                    if actual == predicted { correct += 1 }
                }
                var row = Row(line: input.lines[r], prediction: predicted, actual: actual)
                if probabilities {
                    row.probabilities = Dictionary(uniqueKeysWithValues: zip(model.classes, model.probabilities(for: prediction)))
                }
                if explain { row.explanation = model.explain(row: values) }
                if sequential {
                    let acquired = model.predictSequentially(row: values)
                    row.tests = acquired.measured.map { model.attributes[$0].name }
                    row.cost = acquired.cost
                    totalCost += acquired.cost
                }
                rows.append(row)
            }
        }.seconds
        let accuracy = labelled > 0 ? Double(correct) / Double(labelled) : nil

        switch format {
        case .json:
            let detailed = probabilities || explain || sequential
            print(try JSONOutput.string(Output(predictions: rows.map(\.prediction), accuracy: accuracy, rows: detailed ? rows : nil,
                                                 meanCost: sequential && input.rowCount > 0 ? totalCost / Double(input.rowCount) : nil,
                                                 panelCost: model.panelCost, predictSeconds: predictSeconds)))
        case .csv:
            var header = ["line", "prediction"]
            if input.labels != nil { header.append("actual") }
            if probabilities { header += model.classes.map { "p(\($0))" } }
            if explain { header += ["rule", "score"] }
            if sequential { header += ["cost", "tests"] }
            print(header.map(csvField).joined(separator: ","))
            for row in rows {
                var cells = [String(row.line), row.prediction]
                if input.labels != nil { cells.append(row.actual ?? "") }
                if let p = row.probabilities { cells += model.classes.map { String(format: "%.6f", p[$0] ?? 0) } }
                if let e = row.explanation { cells += [e.rule.map(String.init) ?? "", String(format: "%.6f", e.score)] }
                if let cost = row.cost { cells += [String(format: "%.2f", cost), (row.tests ?? []).joined(separator: " ")] }
                print(cells.map(csvField).joined(separator: ","))
            }
        case .table:
            var header = ["line", "prediction"]
            if input.labels != nil { header.append("actual") }
            if probabilities { header += model.classes.map { "p(\($0))" } }
            if sequential { header += ["cost", "tests measured, in order"] }
            var table = TextTable(header: header)
            table.rightAligned = [0]
            for row in rows {
                var cells = [String(row.line), row.prediction]
                if input.labels != nil { cells.append(row.actual ?? "?") }
                if let p = row.probabilities { cells += model.classes.map { String(format: "%.3f", p[$0] ?? 0) } }
                if let cost = row.cost { cells += [String(format: "%.2f", cost), (row.tests ?? []).joined(separator: ", ")] }
                table.rows.append(cells)
            }
            if explain {
                for row in rows {
                    print(explanationText(row))
                }
            } else {
                print(table.render())
            }
            if let accuracy {
                print(String(format: "\naccuracy: %.4f (%d of %d labelled rows)", accuracy, correct, labelled))
            }
            if sequential, input.rowCount > 0 {
                let costs = model.effectiveCosts
                print(String(format: "mean cost per row: %.2f%@ (panel of every test the model uses: %.2f; all tests: %.2f)",
                             totalCost / Double(input.rowCount), costs.unit.isEmpty ? "" : " \(costs.unit)", model.panelCost, costs.totalCost))
            }
        }
    }

    private func explanationText(_ row: Row) -> String {
        guard let e = row.explanation else { return "" }
        var text = "line \(row.line): \(row.prediction)"
        if let actual = row.actual { text += " (actual \(actual))" }
        text += String(format: ", score %.4f", e.score)
        if let rule = e.rule { text += ", rule \(rule)" }
        var table = TextTable(header: ["condition", "value", "output", "weight", "contribution"])
        table.rightAligned = [1, 2, 3, 4]
        for c in e.contributions {
            table.rows.append([c.condition, c.value, c.output.map { String(format: "%.4f", $0) } ?? "missing",
                               String(format: "%.4f", c.weight), String(format: "%.4f", c.contribution)])
        }
        return text + "\n" + table.render().split(separator: "\n").map { "  " + $0 }.joined(separator: "\n") + "\n"
    }
}
