import Foundation

/// A problem with user-supplied data, located as precisely as it can be: the file, the
/// line, and the column (by name and 1-based position) where known.
public struct DataError: Error, Equatable, Sendable, CustomStringConvertible {
    public var file: String
    public var line: Int?
    public var column: String?
    public var columnNumber: Int?
    public var message: String

    public init(file: String, line: Int? = nil, column: String? = nil, columnNumber: Int? = nil, message: String) {
        self.file = file
        self.line = line
        self.column = column
        self.columnNumber = columnNumber
        self.message = message
    }

    public var description: String {
        var location = file
        if let line { location += ":\(line)" }
        var field = ""
        switch (column, columnNumber) {
        case let (name?, number?): field = " column \(number) \(quoted(name)):"
        case let (name?, nil): field = " column \(quoted(name)):"
        case let (nil, number?): field = " column \(number):"
        default: break
        }
        return "\(location):\(field) \(message)"
    }
}
