import Foundation

/// Reads whole input files (data, cost profiles, models, manifests) with one wording for
/// why a file cannot be read. Regular files and pipes (standard input, a named pipe,
/// process substitution) are read; a directory or a device is refused, so that an endless
/// device such as /dev/zero is not read forever.
public enum InputFile {
    /// The most bytes read from a pipe: a quarter of this machine's memory, so that endless
    /// input stops with an error instead of filling memory (what is read is held whole, and
    /// parsed data takes more again).
    public static let pipeLimit = Int(clamping: ProcessInfo.processInfo.physicalMemory / 4)

    /// The bytes of the file at `path`; from a pipe, at most `pipeLimit` of them.
    /// - Throws: `fail` applied to the reason: "no such file", "is a directory", "is a device,
    ///   not a file or pipe", "cannot be read" or, from a pipe, "gave more than N MiB ...".
    public static func contents<Failure: Error>(of path: String, pipeLimit: Int = pipeLimit,
                                                or fail: (_ reason: String) -> Failure) throws(Failure) -> Data {
        if try kind(of: path, or: fail) == .regular {
            guard let data = FileManager.default.contents(atPath: path) else { throw fail("cannot be read") }
            return data
        }
        // A pipe has no size to read by: read it to its end, or to the limit.
        guard let handle = FileHandle(forReadingAtPath: path) else { throw fail("cannot be read") }
        defer { try? handle.close() }
        let limit = max(pipeLimit, 0)
        var data = Data()
        while true {
            // One byte past the limit at most, to tell that there is more.
            let room = limit - data.count
            let piece: Data
            do {
                piece = try handle.read(upToCount: room < 1 << 24 ? room + 1 : 1 << 24) ?? Data()
            } catch {
                throw fail("cannot be read")
            }
            if piece.isEmpty { return data }
            data.append(piece)
            if data.count > limit {
                let size = limit >= 1 << 20 ? "\(limit >> 20) MiB" : "\(limit) bytes"
                throw fail("gave more than \(size) through a pipe (at most a quarter of this machine's memory "
                           + "is read from one); save the input to a file")
            }
        }
    }

    enum Kind { case regular, pipe }

    /// Whether `path` is a regular file or a pipe (symbolic links followed); anything else is
    /// refused with its reason.
    static func kind<Failure: Error>(of path: String, or fail: (_ reason: String) -> Failure) throws(Failure) -> Kind {
        var info = stat()
        guard stat(path, &info) == 0 else {
            // The command line's text replaces bytes that are not UTF-8 with U+FFFD, so
            // such a name cannot be opened as given.
            throw fail(path.contains("\u{FFFD}")
                ? "no such file (its name is not valid UTF-8 as given, and cannot be opened; rename the file)"
                : "no such file")
        }
        switch info.st_mode & S_IFMT {
        case S_IFREG: return .regular
        case S_IFIFO, S_IFSOCK: return .pipe
        case S_IFDIR: throw fail("is a directory")
        default: throw fail("is a device, not a file or pipe")
        }
    }
}

/// A file read piece by piece, for inputs that may not fit in memory.
public final class InputFilePieces {
    private let handle: FileHandle
    private let path: String

    /// Opens `path` for reading, with `InputFile`'s reasons when it cannot be.
    public init<Failure: Error>(path: String, or fail: (_ reason: String) -> Failure) throws(Failure) {
        _ = try InputFile.kind(of: path, or: fail)
        guard let handle = FileHandle(forReadingAtPath: path) else { throw fail("cannot be read") }
        self.handle = handle
        self.path = path
    }

    deinit { try? handle.close() }

    /// Up to `count` next bytes; empty at the end of the file.
    public func next<Failure: Error>(upTo count: Int, or fail: (_ reason: String) -> Failure) throws(Failure) -> Data {
        do {
            return try handle.read(upToCount: count) ?? Data()
        } catch {
            throw fail("cannot be read")
        }
    }
}
