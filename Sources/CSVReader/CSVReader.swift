import CLibCSV

/// One parsed record: its fields as raw bytes decoded to text, and the physical
/// line of the input on which it starts (1-based).
public struct CSVRecord: Equatable, Sendable {
    public var fields: [String]
    public var line: Int

    public init(fields: [String], line: Int) {
        self.fields = fields
        self.line = line
    }
}

/// Why a CSV input could not be read.
public struct CSVReadError: Error, Equatable, Sendable, CustomStringConvertible {
    public var line: Int
    /// 1-based field number, when the problem is in one field.
    public var field: Int?
    public var message: String

    public init(line: Int, field: Int?, message: String) {
        self.line = line
        self.field = field
        self.message = message
    }

    public var description: String {
        if let field { return "line \(line), field \(field): \(message)" }
        return "line \(line): \(message)"
    }
}

/// Streaming CSV parsing with libcsv.
///
/// The input is fed to `csv_parse` one physical line at a time so that every record
/// can be tagged with the line it starts on; libcsv keeps its state between calls, so
/// quoted fields with embedded newlines still parse as one field. Fields may be quoted
/// with `"` and contain the delimiter, doubled quotes and newlines; LF, CRLF and CR line
/// ends are all accepted (and counted as line ends), and a UTF-8 byte order mark is skipped.
public enum CSVReader {
    /// The delimiters `detectDelimiter` chooses among, in order of preference on ties.
    public static let candidateDelimiters: [UInt8] = [UInt8(ascii: ","), UInt8(ascii: ";"), UInt8(ascii: "\t")]

    /// Parses `bytes` into records. Blank lines are skipped (libcsv does not report them).
    /// - Parameter delimiter: the field separator; `nil` detects it from the first line.
    public static func parse(_ bytes: [UInt8], delimiter: UInt8? = nil) throws(CSVReadError) -> [CSVRecord] {
        let separator = delimiter ?? detectDelimiter(stripByteOrderMark(bytes))
        let stream = try CSVStream(delimiter: separator)
        let sink = RecordSink()
        try bytes.withUnsafeBufferPointer { (buffer) throws(CSVReadError) in
            _ = try stream.feed(buffer, to: sink)
        }
        if let error = sink.error { throw error }
        try stream.finish(to: sink)
        if let error = sink.error { throw error }
        return sink.records
    }

    /// Where the physical line starting at `start` ends, its line end included. LF, CRLF and
    /// a lone CR (old Mac files) each end a line, so every line number reported counts all three.
    static func endOfLine(_ buffer: UnsafeBufferPointer<UInt8>, from start: Int) -> Int {
        var index = start
        while index < buffer.count {
            let byte = buffer[index]
            if byte == UInt8(ascii: "\n") { return index + 1 }
            if byte == UInt8(ascii: "\r") {
                let followedByLF = index + 1 < buffer.count && buffer[index + 1] == UInt8(ascii: "\n")
                return index + (followedByLF ? 2 : 1)
            }
            index += 1
        }
        return index
    }

    /// Picks the candidate delimiter that occurs most often outside quotes on the first
    /// non-blank line; a comma when none occurs.
    public static func detectDelimiter(_ bytes: [UInt8]) -> UInt8 { scanFirstLine(bytes).delimiter }

    /// `detectDelimiter(bytes)` once `bytes` hold the whole first non-blank line (a later
    /// byte cannot change the choice), else nil: for input read block by block.
    public static func decidedDelimiter(_ bytes: [UInt8]) -> UInt8? {
        let scan = scanFirstLine(bytes)
        return scan.complete ? scan.delimiter : nil
    }

    private static func scanFirstLine(_ bytes: [UInt8]) -> (delimiter: UInt8, complete: Bool) {
        var counts = [Int](repeating: 0, count: candidateDelimiters.count)
        var inQuotes = false
        var sawContent = false
        var complete = false
        for byte in stripByteOrderMark(bytes) {
            if byte == UInt8(ascii: "\"") { inQuotes.toggle() }
            if !inQuotes && (byte == UInt8(ascii: "\n") || byte == UInt8(ascii: "\r")) {
                if sawContent {
                    complete = true
                    break
                } else { continue }
            }
            sawContent = true
            if !inQuotes, let index = candidateDelimiters.firstIndex(of: byte) { counts[index] += 1 }
        }
        var best = 0
        for index in counts.indices where counts[index] > counts[best] { best = index }
        return (candidateDelimiters[best], complete)
    }

    static func stripByteOrderMark(_ bytes: [UInt8]) -> [UInt8] {
        if bytes.count >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF {
            return Array(bytes[3...])
        }
        return bytes
    }

    /// Whether libcsv reports no record for this line: only line ends, and spaces or tabs
    /// (which libcsv skips before a field) unless one of them is the delimiter.
    static func isBlank(_ buffer: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int,
                                delimiter: UInt8) -> Bool {
        for index in start..<end {
            let byte = buffer[index]
            if byte == UInt8(ascii: "\n") || byte == UInt8(ascii: "\r") { continue }
            if (byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t")) && byte != delimiter { continue }
            return false
        }
        return true
    }

    static func describe(_ code: Int32) -> String {
        switch code {
        case CSV_EPARSE:
            return "malformed quoting (a quote inside an unquoted field, text after a closing quote, "
                + "or an unterminated quoted field)"
        case CSV_ENOMEM: return "out of memory while parsing"
        case CSV_ETOOBIG: return "field too large"
        default:
            if let text = csv_strerror(code) { return String(cString: text) }
            return "CSV parse error \(code)"
        }
    }
}

/// Collects a stream's fields into records of text.
private final class RecordSink: CSVFieldHandler {
    var records: [CSVRecord] = []
    var fields: [String] = []
    var error: CSVReadError?

    override func field(_ bytes: UnsafeBufferPointer<UInt8>, index: Int, line: Int) -> Bool {
        // Strict decoding: invalid UTF-8 is an error, never silently replaced.
        guard let text = String(validating: bytes, as: UTF8.self) else {
            error = CSVReadError(line: line, field: index + 1, message: "not valid UTF-8 text")
            return false
        }
        fields.append(text)
        return true
    }

    override func endRecord(fieldCount: Int, line: Int) -> Bool {
        records.append(CSVRecord(fields: fields, line: line))
        fields.removeAll(keepingCapacity: true)
        return true
    }
}
