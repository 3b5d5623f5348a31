import ASONN
import Foundation

/// Human-facing messages go to standard error so that standard output carries only the
/// requested results (tables, CSV, JSON).
enum Terminal {
    /// A message on standard error. One that cannot be written (standard error closed or
    /// on a full disk) is dropped: the results and the exit status still tell.
    static func note(_ message: String) {
        _ = writeAll(STDERR_FILENO, safe(message) + "\n")
    }

    /// `text` with control characters other than line breaks and tabs, and bidirectional
    /// controls, written as escapes (\u{1b}): a class or column named with an escape
    /// sequence must not retitle or clear the terminal when a summary names it, nor one
    /// with a right-to-left override reorder it (error messages quote names the same way).
    static func safe(_ text: String) -> String {
        escapingScalars(text) { scalar in
            (scalar.properties.generalCategory == .control && !["\n", "\t", "\r"].contains(scalar))
                || isBidiControl(scalar)
        }
    }

    /// Results on standard output; a write that fails (closed, full disk, broken pipe) is
    /// an error, so that the exit status says the results were lost.
    static func output(_ text: String) throws {
        guard writeAll(STDOUT_FILENO, text) else {
            throw FileWriteError(file: "standard output", what: "the results", reason: "the write failed")
        }
    }

    /// A warning is one line: a name in it with a line break shows the break as \n.
    static func warning(_ message: String) {
        note("warning: \(escapingControls(message))")
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
        // A progress line is redrawn in place: a name in the label must keep it one line.
        self.label = escapingControls(label)
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
            _ = writeAll(STDERR_FILENO, "\r\u{1B}[K" + Terminal.safe(text) + (done == total ? "\n" : ""))
        } else if elapsed > 2 {
            Terminal.note(text)
        }
    }

    /// Ends a line left open on a terminal.
    func finish() {
        guard !quiet, Terminal.isInteractive else { return }
        lock.lock()
        defer { lock.unlock() }
        _ = writeAll(STDERR_FILENO, "\r\u{1B}[K")
    }
}

/// A failure of the tool itself, printed as its one-line description.
struct CommandError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

/// Writes all of `text` to file descriptor `fd`; false when it cannot.
func writeAll(_ fd: Int32, _ text: String) -> Bool {
    var text = text
    return text.withUTF8 { writeAll(fd, UnsafeRawBufferPointer($0)) }
}

/// Writes all of `raw` to file descriptor `fd`, again after an interruption; false when it
/// cannot.
func writeAll(_ fd: Int32, _ raw: UnsafeRawBufferPointer) -> Bool {
    var offset = 0
    while offset < raw.count, let base = raw.baseAddress {
        let written = write(fd, base + offset, raw.count - offset)
        if written < 0 && errno == EINTR { continue }
        guard written > 0 else { return false }
        offset += written
    }
    return true
}
