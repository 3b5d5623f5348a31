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

    @Flag(help: """
        Measure tests one at a time, the one that settles most per unit of cost first, and stop \
        once the class is settled (same prediction as measuring everything). Reports the tests \
        measured, in order, and their cost.
        """)
    var sequential = false

    @Option(help: ArgumentHelp("""
        With --sequential: also stop once the estimated risk that the tests not yet measured would \
        change the answer is at most R, and give the answer so far (0: exact). Default: the risk \
        bound of a model made by 'asonn plan', else 0. Needs a model trained with risk calibration \
        (train --costs, or --calibrate-risk).
        """, valueName: "R"))
    var risk: Double?

    @OptionGroup var csv: CSVOptions

    func validate() throws {
        guard let risk else { return }
        guard risk >= 0 && risk <= 1 else { throw ValidationError("--risk must be between 0 and 1, not \(risk)") }
        guard risk == 0 || sequential else { throw ValidationError("--risk needs --sequential") }
    }

    func run() throws {
        let model = try ASONNModel.load(from: self.model)
        let risk = self.risk ?? model.riskCalibration?.planRisk ?? 0
        if risk > 0 && model.riskCalibration == nil {
            throw CommandError("\(self.model): the model has no risk calibration for --risk; train it with --costs "
                               + "or --calibrate-risk")
        }
        let input = try model.input(from: csv.table(data), missingTokens: csv.missingTokens)
        if !input.absentAttributes.isEmpty {
            Terminal.warning("\(data): no column for attribute(s) \(input.absentAttributes.joined(separator: ", ")); "
                             + "treated as missing in every row")
        }
        if input.unknownCategories > 0 {
            Terminal.warning("\(data): \(input.unknownCategories) categorical value(s) not seen in training; "
                             + "treated as missing")
        }

        let attributeCount = model.attributes.count
        var listing = PredictionListing(model: model, hasLabels: input.labels != nil, withProbabilities: probabilities,
                                        withExplanations: explain, sequential: sequential)
        // Time of classification alone (compiling the model, explanations and acquisition
        // when asked), not of reading files.
        let seconds = ContinuousClock.timed {
            let predictor = model.predictor()
            let predictions = predictor.predictions(values: input.values, rowCount: input.rowCount,
                                                    stride: attributeCount)
            for (r, prediction) in predictions.enumerated() {
                let values = input.row(r, attributeCount: attributeCount)
                var row = PredictionListing.Row(line: input.lines[r], prediction: model.classes[prediction.classIndex],
                                                actual: input.labels?[r] ?? nil)
                if probabilities {
                    row.probabilities = Dictionary(uniqueKeysWithValues: zip(model.classes,
                                                                             predictor.probabilities(for: prediction)))
                }
                if explain { row.explanation = predictor.explain(row: values, prediction: prediction) }
                if sequential {
                    let acquired = predictor.predictSequentially(row: values, risk: risk)
                    // Exact acquisition gives the full prediction; a risk-bounded stop may not.
                    row.prediction = model.classes[acquired.classIndex]
                    row.tests = acquired.measured.map { model.attributes[$0].name }
                    row.cost = acquired.cost
                }
                listing.rows.append(row)
            }
        }.seconds
        listing.predictSeconds = seconds
        switch format {
        case .json: print(try listing.json())
        case .csv: print(listing.csv(), terminator: "")
        case .table: print(listing.table(), terminator: "")
        }
    }
}
