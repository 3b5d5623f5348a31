import ASONN
import Foundation

/// Human-facing messages go to standard error so that standard output carries only the
/// requested results (tables, CSV, JSON).
enum Terminal {
    static func note(_ message: String) {
        FileHandle.standardError.write(Data((message + "\n").utf8))
    }

    static func warning(_ message: String) {
        note("warning: \(message)")
    }

    static var isInteractive: Bool { isatty(STDERR_FILENO) != 0 }
}

/// A one-line progress indicator on standard error, redrawn in place on a terminal and
/// printed at most every few seconds otherwise.
final class ProgressLine: @unchecked Sendable {
    private let label: String
    private let start = Date()
    private var lastPrint = Date.distantPast
    private let lock = NSLock()
    private let quiet: Bool
    private let estimatesRemaining: Bool

    /// - Parameter estimatesRemaining: whether to extrapolate the time left from the rate
    ///   so far; off where the work per unit grows towards the end (construction: the
    ///   last seeds each represent few rows).
    init(_ label: String, quiet: Bool = false, estimatesRemaining: Bool = true) {
        self.label = label
        self.quiet = quiet
        self.estimatesRemaining = estimatesRemaining
    }

    func update(_ done: Int, _ total: Int) {
        guard !quiet else { return }
        lock.lock()
        defer { lock.unlock() }
        let now = Date()
        let interval = Terminal.isInteractive ? 0.1 : 5
        guard now.timeIntervalSince(lastPrint) >= interval || done == total else { return }
        lastPrint = now
        let elapsed = now.timeIntervalSince(start)
        var text = String(format: "%@: %d/%d (%.0f%%), %.1fs elapsed", label, done, total,
                          total > 0 ? 100 * Double(done) / Double(total) : 100, elapsed)
        if estimatesRemaining {
            text += String(format: ", ~%.1fs left", done > 0 ? elapsed / Double(done) * Double(total - done) : 0)
        }
        if Terminal.isInteractive {
            FileHandle.standardError.write(Data(("\r\u{1B}[K" + text + (done == total ? "\n" : "")).utf8))
        } else if elapsed > 2 {
            Terminal.note(text)
        }
    }

    /// Ends a line left open on a terminal.
    func finish() {
        guard !quiet, Terminal.isInteractive else { return }
        lock.lock()
        defer { lock.unlock() }
        FileHandle.standardError.write(Data("\r\u{1B}[K".utf8))
    }
}

/// Fixed-width text tables for terminal output.
struct TextTable {
    var header: [String]
    var rows: [[String]] = []
    /// Columns aligned to the right (numbers).
    var rightAligned: Set<Int> = []

    func render() -> String {
        var widths = header.map(\.count)
        for row in rows { for (i, cell) in row.enumerated() where i < widths.count { widths[i] = max(widths[i], cell.count) } }
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

/// JSON output for machine formats: sorted keys so the same result prints the same bytes.
enum JSONOutput {
    /// - Parameter what: what the JSON is, for the message if a value cannot be encoded.
    static func string(_ value: some Encodable, what: String = "the JSON output") throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        do {
            return String(decoding: try encoder.encode(value), as: UTF8.self)
        } catch let error as EncodingError {
            // JSON has no infinity or NaN: say which field held one.
            throw CommandError("cannot write \(what): \(error.readableDescription)")
        }
    }
}

/// A failure of the tool itself, printed as its one-line description.
struct CommandError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
