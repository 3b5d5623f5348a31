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
        columns are ignored and an absent attribute is treated as missing in every row (a file \
        with none of the attributes the model uses is refused). \
        If the file has the model's target column, accuracy is reported too. \
        The CSV format is written block by block as rows are classified, so memory stays flat \
        for any file size; on standard output, a bad row ends the output after the rows before \
        its block, with the error on standard error and a non-zero exit. A file named with \
        --output is written completely or not at all.
        """)

    @Argument(help: "A model (or ensemble) written by 'asonn train'.", completion: .file())
    var model: String

    @Argument(help: "The rows to classify (CSV with a header row).", completion: .file())
    var data: String

    @Option(help: "Output format: table, csv or json.")
    var format: PredictFormat = .table

    @Option(name: [.short, .long], help: ArgumentHelp("Write the output to this file instead of standard output.",
                                                      valueName: "file"),
            completion: .file())
    var output: String?

    @Flag(help: "Include class probabilities (for an ensemble, the share of its members' votes).")
    var probabilities = false

    @Flag(help: """
        Show, for each row, the winning combination and each range's contribution (with --sequential: \
        the best rule of the class given, on the tests measured; the others count as missing).
        """)
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
        try OptionRange.check(risk, OptionRange.risk, option: "--risk")
        guard risk == 0 || sequential else { throw ValidationError("--risk needs --sequential") }
    }

    func run() throws {
        switch try ModelFile.load(from: self.model) {
        case .model(let model): try run(model)
        case .ensemble(let ensemble): try run(ensemble)
        }
    }

    private func run(_ model: ASONNModel) throws {
        let risk = self.risk ?? model.riskCalibration?.planRisk ?? 0
        if risk > 0 && model.riskCalibration == nil {
            throw CommandError("\(self.model): the model has no risk calibration for --risk; train it with --costs "
                               + "or --calibrate-risk")
        }
        // Refuse an output over an input (or a folder) before any work.
        let writer = try outputWriter()
        let reader = try ModelInputReader(model: model, path: data, delimiter: csv.delimiterCharacter(),
                                          missingTokens: csv.missingTokens)
        let first = try reader.next()
        var listing = PredictionListing(model: model, hasLabels: reader.hasLabels, withProbabilities: probabilities,
                                        withExplanations: explain, sequential: sequential)
        // A file that fits in its first block says how many rows there are.
        let (predictor, compileSeconds) = ContinuousClock.timed {
            model.predictor(forRows: reader.isFinished ? first?.rowCount : nil)
        }
        try emit(reader, first: first, listing: &listing, writer: writer, compileSeconds: compileSeconds) {
            rows($0, model: model, predictor: predictor, risk: risk)
        }
    }

    /// An ensemble's predictions (`train --ensemble`): classes and probabilities only.
    private func run(_ ensemble: ASONNEnsemble) throws {
        for (given, option) in [(sequential, "--sequential"), (explain, "--explain"), (risk != nil, "--risk")]
        where given {
            throw CommandError("\(self.model): \(option) needs a single model; this file is an ensemble of "
                               + "\(ensemble.members.count) (see 'asonn train --ensemble')")
        }
        let writer = try outputWriter()
        let reader = try ModelInputReader(ensemble: ensemble, path: data, delimiter: csv.delimiterCharacter(),
                                          missingTokens: csv.missingTokens)
        let first = try reader.next()
        var listing = PredictionListing(ensemble: ensemble, hasLabels: reader.hasLabels,
                                        withProbabilities: probabilities)
        let (predictor, compileSeconds) = ContinuousClock.timed {
            ensemble.predictor(forRows: reader.isFinished ? first?.rowCount : nil)
        }
        let attributeCount = ensemble.attributes.count
        try emit(reader, first: first, listing: &listing, writer: writer, compileSeconds: compileSeconds) { input in
            predictor.predictions(values: input.values, rowCount: input.rowCount, stride: attributeCount)
                .enumerated().map { r, prediction in
                    var row = PredictionListing.Row(line: input.lines[r],
                                                    prediction: ensemble.classes[prediction.classIndex],
                                                    actual: input.labels?[r] ?? nil)
                    if probabilities {
                        row.probabilities = Dictionary(uniqueKeysWithValues: zip(ensemble.classes,
                                                                                 prediction.probabilities))
                    }
                    return row
                }
        }
    }

    private func outputWriter() throws -> AtomicFileWriter? {
        try output.map { try AtomicFileWriter(path: $0, what: "the predictions", inputs: [self.model, data]) }
    }

    /// Classifies every block of `reader` (the first already read) with `classify` and writes
    /// the listing in the chosen format.
    private func emit(_ reader: ModelInputReader, first: ModelInput?, listing: inout PredictionListing,
                      writer: AtomicFileWriter?, compileSeconds: Double,
                      classify rowsOf: (ModelInput) -> [PredictionListing.Row]) throws {
        if !reader.absentAttributes.isEmpty {
            Terminal.warning("\(data): no column for attribute(s) \(reader.absentAttributes.joined(separator: ", ")); "
                             + "treated as missing in every row")
        }
        var block = first
        let out = OutputBuffer(writer: writer)
        // Time of classification alone (compiling the model, explanations and acquisition
        // when asked), not of reading and writing files.
        var seconds = compileSeconds
        let known = Set(listing.classes)
        var unknownLabels: (count: Int, first: String?) = (0, nil)
        func classify(_ input: ModelInput) -> [PredictionListing.Row] {
            var rows: [PredictionListing.Row] = []
            seconds += ContinuousClock.timed { rows = rowsOf(input) }.seconds
            // A class the model never saw counts as wrong; only a wrong row can have one.
            for row in rows where row.actual != nil && row.actual != row.prediction {
                if let actual = row.actual, !known.contains(actual) {
                    unknownLabels = (unknownLabels.count + 1, unknownLabels.first ?? actual)
                }
            }
            return rows
        }
        func warnUnknownLabels() {
            guard let first = unknownLabels.first else { return }
            let shown = escapingControls(first)
            Terminal.warning("\(data): \(unknownLabels.count) labelled row(s) have a class the model was not "
                             + "trained on (the first '\(shown)'); they count as wrong")
        }
        // Each block after the first is read while the one before is classified, and
        // written while the next is classified; a bad row still ends the output after the
        // rows before its block.
        if format == .csv {
            out.append(listing.csvHeader())
            let csv = listing
            let writing = WriteBehind()
            do {
                while let input = block {
                    let following = BlockPrefetch(reader)
                    let rows = classify(input)
                    try writing.start {
                        for row in rows { out.append { csv.appendCSV(of: row, to: &$0) } }
                        try out.flushIfFull()
                    }
                    block = try following.next()
                }
                try writing.wait()
            } catch {
                // No write under way while the error is reported; on standard output, the
                // rows of the blocks before the failing one all go out first.
                try? writing.wait()
                if writer == nil { try? out.flush() }
                throw error
            }
            warnUnknown(reader.unknownCategories)
            warnUnknownLabels()
        } else {
            // The table's column widths and the JSON's accuracy need every row first.
            while let input = block {
                let following = BlockPrefetch(reader)
                listing.rows += classify(input)
                block = try following.next()
            }
            warnUnknown(reader.unknownCategories)
            warnUnknownLabels()
            listing.predictSeconds = seconds
            switch format {
            case .json: out.append(try listing.json() + "\n")
            default: out.append(listing.table())
            }
        }
        try out.finish()
    }

    private func warnUnknown(_ count: Int) {
        if count > 0 {
            Terminal.warning("\(data): \(count) categorical value(s) not seen in training; treated as missing")
        }
    }

    /// The listing's rows for one block, with what was asked for each.
    private func rows(_ input: ModelInput, model: ASONNModel, predictor: Predictor,
                      risk: Double) -> [PredictionListing.Row] {
        let attributeCount = model.attributes.count
        let count = input.rowCount
        // Scores only for what shows them; the class alone is found with less work.
        let predictions = probabilities || explain
            ? predictor.predictions(values: input.values, rowCount: count, stride: attributeCount) : []
        let acquisitions = sequential
            ? predictor.sequentialPredictions(values: input.values, rowCount: count, stride: attributeCount,
                                              risk: risk)
            : []
        let classes = sequential ? acquisitions.map(\.classIndex)
            : !predictions.isEmpty ? predictions.map(\.classIndex)
            : predictor.predictedClasses(values: input.values, rowCount: count, stride: attributeCount)
        var rows: [PredictionListing.Row] = []
        rows.reserveCapacity(classes.count)
        for (r, classIndex) in classes.enumerated() {
            // Exact acquisition gives the full prediction's class; a risk-bounded stop may not.
            var row = PredictionListing.Row(line: input.lines[r], prediction: model.classes[classIndex],
                                            actual: input.labels?[r] ?? nil)
            if predictions.indices.contains(r) {
                let prediction = predictions[r]
                if probabilities {
                    row.probabilities = Dictionary(uniqueKeysWithValues: zip(model.classes,
                                                                             predictor.probabilities(for: prediction)))
                }
                if explain {
                    let values = input.row(r, attributeCount: attributeCount)
                    row.explanation = acquisitions.indices.contains(r)
                        ? predictor.explain(row: values, sequential: acquisitions[r])
                        : predictor.explain(row: values, prediction: prediction)
                }
            }
            if acquisitions.indices.contains(r) {
                row.tests = acquisitions[r].measured.map { model.attributes[$0].name }
                row.cost = acquisitions[r].cost
            }
            rows.append(row)
        }
        return rows
    }
}

/// Output text gathered into large writes, to standard output or to an output file that is
/// renamed into place only by `finish()`. A class: a block is appended by `WriteBehind`'s
/// thread.
private final class OutputBuffer {
    let writer: AtomicFileWriter?
    private var bytes: [UInt8] = []

    init(writer: AtomicFileWriter?) {
        self.writer = writer
        bytes.reserveCapacity(Self.limit + 4096)
    }

    private static let limit = 1 << 20

    func append(_ text: String) {
        bytes.append(contentsOf: text.utf8)
    }

    /// Lets `write` append its bytes directly.
    func append(_ write: (inout [UInt8]) -> Void) {
        write(&bytes)
    }

    func flushIfFull() throws {
        if bytes.count >= Self.limit { try flush() }
    }

    func flush() throws {
        if let writer {
            try writer.write(bytes)
        } else {
            guard bytes.withUnsafeBytes({ writeAll(STDOUT_FILENO, $0) }) else {
                throw FileWriteError(file: "standard output", what: "the predictions", reason: "the write failed")
            }
        }
        bytes.removeAll(keepingCapacity: true)
    }

    func finish() throws {
        try flush()
        try writer?.commit()
    }
}
