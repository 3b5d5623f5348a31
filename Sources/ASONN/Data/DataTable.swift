import CSVReader
import Foundation

/// A CSV file as read: the header and every data row as text, each row with the line it
/// starts on. No types yet; `Dataset` turns a table into numbers.
public struct DataTable: Sendable {
    public var file: String
    public var header: [String]
    public var rows: [[String]]
    public var lines: [Int]

    public var rowCount: Int { rows.count }

    /// Reads and parses a CSV file with libcsv.
    /// - Parameter delimiter: `nil` detects `,`, `;` or tab from the header line.
    public static func read(contentsOf path: String, delimiter: Character? = nil) throws(DataError) -> DataTable {
        let data = try InputFile.contents(of: path) { DataError(file: path, message: $0) }
        return try parse([UInt8](data), file: path, delimiter: delimiter)
    }

    /// Parses CSV bytes; `file` names the source in error messages.
    public static func parse(_ bytes: [UInt8], file: String,
                             delimiter: Character? = nil) throws(DataError) -> DataTable {
        let separator = try separatorByte(delimiter, file: file)
        let records: [CSVRecord]
        do {
            records = try CSVReader.parse(bytes, delimiter: separator)
        } catch {
            throw DataError(file: file, line: error.line, columnNumber: error.field, message: error.message)
        }
        guard let headerRecord = records.first else { throw emptyFileError(file) }
        let header = try checkedHeader(headerRecord.fields, line: headerRecord.line, file: file)
        var rows: [[String]] = []
        var lines: [Int] = []
        rows.reserveCapacity(records.count - 1)
        lines.reserveCapacity(records.count - 1)
        for record in records.dropFirst() {
            guard record.fields.count == header.count else {
                throw fieldCountError(record.fields.count, expected: header.count, line: record.line, file: file)
            }
            // Swift reads "50\0xyz" as the number 50 (it stops at the NUL), so refuse NUL here.
            for (index, field) in record.fields.enumerated() where field.utf8.contains(0) {
                throw nulError(field, column: index, header: header, line: record.line, file: file)
            }
            rows.append(record.fields)
            lines.append(record.line)
        }
        if rows.isEmpty {
            throw noRowsError(file, headerLine: headerRecord.line)
        }
        return DataTable(file: file, header: header, rows: rows, lines: lines)
    }

    private static let nulHint = " (is the file UTF-16 or binary?)"

    /// The `--delimiter` character as a byte; nil detects it.
    static func separatorByte(_ delimiter: Character?, file: String) throws(DataError) -> UInt8? {
        guard let delimiter else { return nil }
        // Compare bytes, not characters: "\r\n" is one Character whose asciiValue is a newline.
        guard let ascii = delimiter.asciiValue, ascii != UInt8(ascii: "\""), ascii != UInt8(ascii: "\n"),
              ascii != UInt8(ascii: "\r") else {
            throw DataError(file: file, message: "the delimiter must be a single ASCII character other than "
                                + "a quote or newline, not \(quoted(String(delimiter)))")
        }
        return ascii
    }

    /// The header's names trimmed, refused when one is empty, repeated or holds a NUL.
    static func checkedHeader(_ fields: [String], line: Int, file: String) throws(DataError) -> [String] {
        let header = fields.map(trimmedSpaces)
        var seen: [String: Int] = [:]
        for (index, name) in header.enumerated() {
            if name.utf8.contains(0) {
                throw DataError(file: file, line: line, columnNumber: index + 1,
                                message: "the column name \(quoted(name)) holds a NUL byte\(Self.nulHint)")
            }
            if name.isEmpty {
                throw DataError(file: file, line: line, columnNumber: index + 1,
                                message: "the header has an empty column name")
            }
            if let first = seen[name] {
                throw DataError(file: file, line: line, column: name, columnNumber: index + 1,
                                message: "duplicate column name (also column \(first + 1))")
            }
            seen[name] = index
        }
        return header
    }

    static func fieldCountError(_ count: Int, expected: Int, line: Int, file: String) -> DataError {
        DataError(file: file, line: line, message: "expected \(expected) fields as in the header, found \(count)")
    }

    static func nulError(_ field: String, column: Int, header: [String], line: Int, file: String) -> DataError {
        DataError(file: file, line: line, column: header[column], columnNumber: column + 1,
                  message: "\(quoted(field)) holds a NUL byte, so it is not a number nor text" + Self.nulHint)
    }

    static func emptyFileError(_ file: String) -> DataError {
        DataError(file: file, message: "the file is empty (a header row and at least one data row are needed)")
    }

    static func noRowsError(_ file: String, headerLine: Int) -> DataError {
        DataError(file: file, line: headerLine, message: "the file has a header but no data rows")
    }

    /// The 0-based index of a column named `name`, or given as a 1-based number (a column
    /// named like a number is found by its name first).
    public func columnIndex(of selector: String) throws(DataError) -> Int {
        if let index = header.firstIndex(of: selector) { return index }
        if let number = Int(selector) {
            guard number >= 1 && number <= header.count else {
                throw DataError(file: file, message: "column number \(number) is out of range "
                                    + "(the file has \(header.count) columns)")
            }
            return number - 1
        }
        throw DataError(file: file, message: "no column named \(quoted(selector)); the columns are: \(listed(header))")
    }
}
