import ASONN

/// Fixed-width text tables for terminal output.
public struct TextTable {
    public var header: [String]
    public var rows: [[String]] = []
    /// Columns aligned to the right (numbers).
    public var rightAligned: Set<Int> = []

    public init(header: [String], rightAligned: Set<Int> = []) {
        self.header = header
        self.rightAligned = rightAligned
    }

    public func render() -> String {
        let header = header.map(plainLine), rows = rows.map { $0.map(plainLine) }
        var widths = header.map(\.count)
        for row in rows {
            for (i, cell) in row.enumerated() where i < widths.count { widths[i] = max(widths[i], cell.count) }
        }
        func line(_ cells: [String]) -> String {
            cells.enumerated().map { i, cell in
                let pad = String(repeating: " ", count: widths[i] - cell.count)
                return rightAligned.contains(i) ? pad + cell : cell + pad
            }.joined(separator: "  ").trimmingTrailingSpaces()
        }
        var lines = [line(header), widths.map { String(repeating: "-", count: $0) }.joined(separator: "  ")]
        lines += rows.map(line)
        return lines.joined(separator: "\n")
    }
}

extension String {
    func trimmingTrailingSpaces() -> String {
        var copy = self
        while copy.last == " " { copy.removeLast() }
        return copy
    }
}

/// Text kept on its line of plain-text output (a table cell, a rule, a plan step): control
/// characters (a line break, an escape sequence) and bidirectional controls from a name are
/// written as escapes, \n and \u{1b}, so that they neither break the line nor act on the
/// terminal.
func plainLine(_ text: String) -> String {
    escapingScalars(text) { $0.properties.generalCategory == .control || isBidiControl($0) }
}
