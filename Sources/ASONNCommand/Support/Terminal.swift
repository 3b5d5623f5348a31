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

/// A failure of the tool itself, printed as its one-line description.
struct CommandError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
