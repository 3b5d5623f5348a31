import CSVReader
import Foundation

/// Reads a CSV file for a model block by block: each `next()` gives the following rows as a
/// `ModelInput`, so memory stays flat however long the file. Every row is encoded exactly as
/// `ASONNModel.input(from:missingTokens:)` encodes it and refused with the same message;
/// the fields go from libcsv's buffer straight to numbers (no text per field), the header
/// and each column's role are settled once. Errors come in file order: a row's problems in
/// the order the whole-table reading checks them (UTF-8, field count, NUL, then values by
/// attribute).
public final class ModelInputReader {
    public let file: String
    /// The file's column names, trimmed (once the first block is read).
    public var header: [String] { sink.header }
    /// Whether the file has the model's target column (each row's text then is its label).
    public var hasLabels: Bool { sink.target != nil }
    /// Attributes the model uses that have no column in the file (see `ModelInput`).
    public var absentAttributes: [String] { sink.absentAttributes }
    /// Categorical values never seen in training, over the blocks read so far.
    public private(set) var unknownCategories = 0

    private let pieces: InputFilePieces
    private let pieceBytes: Int
    private let blockRows: Int
    private let separator: UInt8?
    private let sink: RowSink
    private var stream: CSVStream?
    /// Bytes read before the delimiter could be detected.
    private var opening: [UInt8] = []
    private var finished = false
    private var rowsRead = 0

    /// Opens `path` and reads nothing yet.
    /// - Parameters:
    ///   - blockRows: rows per block, at least; a block ends after the piece that fills it.
    ///   - pieceBytes: bytes read from the file at a time.
    public convenience init(model: ASONNModel, path: String, delimiter: Character? = nil,
                            missingTokens: [String] = DataOptions.defaultMissingTokens,
                            blockRows: Int = 65_536, pieceBytes: Int = 1 << 20) throws(DataError) {
        try self.init(attributes: model.attributes, targetName: model.targetName, used: model.usedAttributes,
                      path: path, delimiter: delimiter, missingTokens: missingTokens, blockRows: blockRows,
                      pieceBytes: pieceBytes)
    }

    /// A reader for an ensemble's attributes and target (`ASONNEnsemble`).
    public convenience init(ensemble: ASONNEnsemble, path: String, delimiter: Character? = nil,
                            missingTokens: [String] = DataOptions.defaultMissingTokens) throws(DataError) {
        try self.init(attributes: ensemble.attributes, targetName: ensemble.targetName,
                      used: ensemble.usedAttributes, path: path, delimiter: delimiter, missingTokens: missingTokens)
    }

    /// A reader for `attributes` (the model's, in its order) and the target column `targetName`;
    /// `used`: the attributes the model tests, whose absence from the file is reported.
    init(attributes: [ModelAttribute], targetName: String, used: [Int], path: String, delimiter: Character?,
         missingTokens: [String], blockRows: Int = 65_536, pieceBytes: Int = 1 << 20) throws(DataError) {
        file = path
        separator = try DataTable.separatorByte(delimiter, file: path)
        pieces = try InputFilePieces(path: path) { DataError(file: path, message: $0) }
        self.blockRows = max(1, blockRows)
        self.pieceBytes = max(1, pieceBytes)
        sink = RowSink(attributes: attributes, targetName: targetName, used: used, file: path,
                       missingTokens: missingTokens)
    }

    /// Whether the file has been read to its end: the block `next()` gave last is the last.
    public var isFinished: Bool { finished }

    /// The next block of rows, nil after the last one. The header is read with the first call.
    /// - Throws: the first problem in the file, as `DataTable` and `ASONNModel.input` word it.
    public func next() throws(DataError) -> ModelInput? {
        while !finished && sink.rowCount < blockRows {
            let data = try pieces.next(upTo: pieceBytes) { DataError(file: file, message: $0) }
            if data.isEmpty {
                try finish()
            } else {
                try feed([UInt8](data))
            }
        }
        if finished && rowsRead == 0 && sink.rowCount == 0 {
            guard let headerLine = sink.headerLine else { throw DataTable.emptyFileError(file) }
            throw DataTable.noRowsError(file, headerLine: headerLine)
        }
        guard sink.rowCount > 0 else { return nil }
        rowsRead += sink.rowCount
        let block = sink.takeBlock()
        unknownCategories += block.unknownCategories
        return block
    }

    private func feed(_ bytes: [UInt8]) throws(DataError) {
        guard let stream = try openStream(with: bytes, final: false) else { return }
        let going = try located { () throws(CSVReadError) in
            try bytes.withUnsafeBufferPointer { (buffer) throws(CSVReadError) in try stream.feed(buffer, to: sink) }
        }
        try checkSink(going)
    }

    private func finish() throws(DataError) {
        finished = true
        guard let stream = try openStream(with: [], final: true) else { return }
        try located { () throws(CSVReadError) in try stream.finish(to: sink) }
        try checkSink(true)
    }

    /// The stream once the delimiter is known: given, or detected from the first line. Until
    /// then the bytes wait in `opening` (nil returned); the first stream gets them too. A
    /// first line longer than the stream's longest field is not waited for to its end: the
    /// stream then tells a line of one endless field from a long line of many.
    private func openStream(with bytes: [UInt8], final: Bool) throws(DataError) -> CSVStream? {
        if let stream { return stream }
        opening += bytes
        // The first line can only have ended in a piece with a line-end byte: scanning the
        // waiting bytes again for every piece would make a long first line quadratic.
        let mayHaveEnded = opening.count == bytes.count || bytes.contains { $0 == 0x0A || $0 == 0x0D }
        let decided = separator ?? (mayHaveEnded ? CSVReader.decidedDelimiter(opening) : nil)
        let enough = final || opening.count > CSVStream.defaultMaximumFieldBytes
        guard let delimiter = decided ?? (enough ? CSVReader.detectDelimiter(opening) : nil) else { return nil }
        let stream = try located { () throws(CSVReadError) in try CSVStream(delimiter: delimiter) }
        self.stream = stream
        let waiting = opening
        opening = []
        let going = try located { () throws(CSVReadError) in
            try waiting.withUnsafeBufferPointer { (buffer) throws(CSVReadError) in try stream.feed(buffer, to: sink) }
        }
        try checkSink(going)
        // The bytes just passed on were this call's own.
        return final ? stream : nil
    }

    private func checkSink(_ going: Bool) throws(DataError) {
        if let error = sink.error { throw error }
        if let error = sink.csvError { throw dataError(error) }
        _ = going
    }

    private func located<T>(_ body: () throws(CSVReadError) -> T) throws(DataError) -> T {
        do {
            return try body()
        } catch {
            throw dataError(error)
        }
    }

    private func dataError(_ error: CSVReadError) -> DataError {
        DataError(file: file, line: error.line, columnNumber: error.field, message: error.message)
    }
}

/// Turns the stream's fields into the rows of a block: the header first, then every
/// field by its column's role, decided once from the header.
private final class RowSink: CSVFieldHandler {
    let attributes: [ModelAttribute]
    let targetName: String
    let used: [Int]
    let file: String
    let options: DataOptions
    /// Missing-value tokens that look like plain decimals, lowercased: the fast path checks them.
    let decimalTokens: [[UInt8]]
    /// Numbers go through text when a token is not ASCII (its case folding is Foundation's).
    let fastNumbers: Bool
    /// Per model attribute, whether it is numeric (read once, not per field).
    let numeric: [Bool]

    // The properties read or written for every field opt out of the run-time exclusivity
    // check (a measurable share of reading large files): only libcsv's callbacks touch
    // them, one at a time, on the thread that feeds the stream.
    var header: [String] = []
    @exclusivity(unchecked) var headerLine: Int?
    var headerFields: [String] = []
    @exclusivity(unchecked) var target: Int?
    var absentAttributes: [String] = []
    /// Per file column: the model attribute it feeds, or -1.
    @exclusivity(unchecked) var attributeOfColumn: [Int] = []
    var categoryIndexes: [[String: Int]] = []
    /// Per column, the raw bytes of recent texts and what they encode to (categories, labels).
    @exclusivity(unchecked) var textCaches: [TextCache] = []

    // The row being read: its values, label and first problem of each kind.
    @exclusivity(unchecked) var rowValues: [Double]
    @exclusivity(unchecked) var rowLabel: String?
    @exclusivity(unchecked) var nulField: (column: Int, text: String)?
    @exclusivity(unchecked) var valueError: (attribute: Int, error: DataError)?

    // The block being filled.
    @exclusivity(unchecked) var values: [Double] = []
    @exclusivity(unchecked) var labels: [String?] = []
    @exclusivity(unchecked) var lines: [Int] = []
    var unknown = 0
    var rowCount: Int { lines.count }

    var error: DataError?
    var csvError: CSVReadError?

    init(attributes: [ModelAttribute], targetName: String, used: [Int], file: String, missingTokens: [String]) {
        self.attributes = attributes
        self.targetName = targetName
        self.used = used
        self.file = file
        options = DataOptions(missingTokens: missingTokens)
        fastNumbers = missingTokens.allSatisfy { $0.utf8.allSatisfy { $0 < 0x80 } }
        decimalTokens = missingTokens.compactMap { token in
            let bytes = Array(trimmedSpaces(token).utf8).map(PlainDecimal.asciiLower)
            let isDecimal = bytes.withUnsafeBufferPointer { PlainDecimal.value($0) != nil }
            return isDecimal ? bytes : nil
        }
        rowValues = [Double](repeating: .nan, count: attributes.count)
        numeric = attributes.map(\.numeric)
        super.init()
    }

    func takeBlock() -> ModelInput {
        let block = ModelInput(file: file, values: values, rowCount: lines.count, labels: target == nil ? nil : labels,
                               lines: lines, absentAttributes: absentAttributes, unknownCategories: unknown)
        values.removeAll(keepingCapacity: true)
        labels.removeAll(keepingCapacity: true)
        lines.removeAll(keepingCapacity: true)
        unknown = 0
        return block
    }

    override func field(_ bytes: UnsafeBufferPointer<UInt8>, index: Int, line: Int) -> Bool {
        // Strict decoding: invalid UTF-8 is an error (checked as bytes when all ASCII).
        var text: String?
        if !bytes.allSatisfy({ $0 < 0x80 }) {
            guard let valid = String(validating: bytes, as: UTF8.self) else {
                csvError = CSVReadError(line: line, field: index + 1, message: "not valid UTF-8 text")
                return false
            }
            text = valid
        }
        guard headerLine != nil else {
            headerFields.append(text ?? String(decoding: bytes, as: UTF8.self))
            return true
        }
        guard index < attributeOfColumn.count else { return true }
        if nulField == nil && bytes.contains(0) {
            nulField = (index, text ?? String(decoding: bytes, as: UTF8.self))
            return true
        }
        if index == target { rowLabel = label(bytes, column: index) }
        let attribute = attributeOfColumn[index]
        guard attribute >= 0 else { return true }
        if numeric[attribute] {
            encodeNumber(bytes, text: text, attribute: attribute, column: index, line: line)
        } else {
            encodeCategory(bytes, attribute: attribute, column: index)
        }
        return true
    }

    override func endRecord(fieldCount: Int, line: Int) -> Bool {
        defer { resetRow() }
        guard headerLine != nil else {
            headerLine = line
            do {
                try readHeader(line: line)
            } catch {
                self.error = error
                return false
            }
            return true
        }
        if fieldCount != header.count {
            error = DataTable.fieldCountError(fieldCount, expected: header.count, line: line, file: file)
        } else if let (column, text) = nulField {
            error = DataTable.nulError(text, column: column, header: header, line: line, file: file)
        } else if let (_, valueError) = valueError {
            error = valueError
        }
        guard error == nil else { return false }
        values.append(contentsOf: rowValues)
        if target != nil { labels.append(rowLabel) }
        lines.append(line)
        return true
    }

    private func resetRow() {
        for index in rowValues.indices { rowValues[index] = .nan }
        rowLabel = nil
        nulField = nil
        valueError = nil
    }

    private func readHeader(line: Int) throws(DataError) {
        header = try DataTable.checkedHeader(headerFields, line: line, file: file)
        attributeOfColumn = [Int](repeating: -1, count: header.count)
        var columns: [Int?] = []
        for (a, attribute) in attributes.enumerated() {
            let column = header.firstIndex(of: attribute.name)
            columns.append(column)
            if let column { attributeOfColumn[column] = a }
        }
        target = header.firstIndex(of: targetName)
        categoryIndexes = attributes.map { attribute in
            Dictionary(uniqueKeysWithValues: (attribute.categories ?? []).enumerated().map { ($1, $0) })
        }
        textCaches = [TextCache](repeating: TextCache(), count: header.count)
        let used = Set(used)
        absentAttributes = attributes.indices.filter { columns[$0] == nil && used.contains($0) }
            .map { attributes[$0].name }
        if let error = ASONNModel.noColumnError(absent: absentAttributes, used: used.count, file: file) { throw error }
    }

    /// A numeric value: plain decimals straight from the bytes, anything else as
    /// `ASONNModel.input` reads its text.
    private func encodeNumber(_ bytes: UnsafeBufferPointer<UInt8>, text: String?, attribute: Int, column: Int,
                              line: Int) {
        if bytes.isEmpty { return }
        if fastNumbers, text == nil, let number = PlainDecimal.value(bytes),
           !decimalTokens.contains(where: { PlainDecimal.equalsIgnoringCase(bytes, $0) }) {
            rowValues[attribute] = number
            return
        }
        let text = text ?? String(decoding: bytes, as: UTF8.self)
        if options.isMissing(text) { return }
        guard let number = Dataset.number(trimmedSpaces(text)), number.isFinite else {
            if valueError.map({ attribute < $0.attribute }) ?? true {
                valueError = (attribute, ASONNModel.notNumberError(text, attribute: attributes[attribute].name,
                                                                   column: column, line: line, file: file))
            }
            return
        }
        rowValues[attribute] = number
    }

    private func encodeCategory(_ bytes: UnsafeBufferPointer<UInt8>, attribute: Int, column: Int) {
        let code = textCaches[column].code(bytes) { text in
            if options.isMissing(text) { return TextCode(category: nil, known: true, label: nil) }
            let category = categoryIndexes[attribute][trimmedSpaces(text)]
            return TextCode(category: category, known: category != nil, label: nil)
        }
        if let category = code.category {
            rowValues[attribute] = Double(category)
        } else if !code.known {
            unknown += 1
        }
    }

    private func label(_ bytes: UnsafeBufferPointer<UInt8>, column: Int) -> String? {
        textCaches[column].code(bytes) { text in
            TextCode(category: nil, known: true, label: options.isMissing(text) ? nil : trimmedSpaces(text))
        }.label
    }
}

/// What a categorical or label field's text encodes to.
private struct TextCode {
    var category: Int?
    /// False for a category the model does not know (counted, read as missing).
    var known: Bool
    var label: String?
}

/// The codes of the texts a column held most recently, found by their bytes: categorical
/// columns and labels repeat a few texts, so most fields need no text made.
private struct TextCache {
    private var entries: [(bytes: [UInt8], code: TextCode)] = []
    private static let capacity = 64

    mutating func code(_ bytes: UnsafeBufferPointer<UInt8>, encode: (String) -> TextCode) -> TextCode {
        for entry in entries where entry.bytes.elementsEqual(bytes) { return entry.code }
        let code = encode(String(decoding: bytes, as: UTF8.self))
        if entries.count == Self.capacity { entries.removeFirst() }
        entries.append((Array(bytes), code))
        return code
    }
}
