import Foundation

/// Reads whole input files (data, cost profiles, models, manifests) with one wording for
/// why a file cannot be read. Regular files and pipes (standard input, a named pipe,
/// process substitution) are read; a directory or a device is refused, so that an endless
/// device such as /dev/zero is not read forever.
public enum InputFile {
    /// The bytes of the file at `path`.
    /// - Throws: `fail` applied to the reason: "no such file", "is a directory", "is a device,
    ///   not a file or pipe" or "cannot be read".
    public static func contents<Failure: Error>(of path: String,
                                                or fail: (_ reason: String) -> Failure) throws(Failure) -> Data {
        if try kind(of: path, or: fail) == .regular {
            guard let data = FileManager.default.contents(atPath: path) else { throw fail("cannot be read") }
            return data
        }
        // A pipe has no size to read by: read it to its end.
        guard let handle = FileHandle(forReadingAtPath: path) else { throw fail("cannot be read") }
        defer { try? handle.close() }
        do {
            return try handle.readToEnd() ?? Data()
        } catch {
            throw fail("cannot be read")
        }
    }

    enum Kind { case regular, pipe }

    /// Whether `path` is a regular file or a pipe (symbolic links followed); anything else is
    /// refused with its reason.
    static func kind<Failure: Error>(of path: String, or fail: (_ reason: String) -> Failure) throws(Failure) -> Kind {
        var info = stat()
        guard stat(path, &info) == 0 else { throw fail("no such file") }
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
