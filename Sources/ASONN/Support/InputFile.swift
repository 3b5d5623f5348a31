import Foundation

/// Reads whole input files (data, cost profiles, models, manifests) with one wording for
/// why a file cannot be read.
public enum InputFile {
    /// The bytes of the file at `path`.
    /// - Throws: `fail` applied to the reason: "no such file", "is a directory" or "cannot be read".
    public static func contents<Failure: Error>(of path: String,
                                                or fail: (_ reason: String) -> Failure) throws(Failure) -> Data {
        if let data = FileManager.default.contents(atPath: path) { return data }
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw fail("no such file")
        }
        throw fail(isDirectory.boolValue ? "is a directory" : "cannot be read")
    }
}

/// A file read piece by piece, for inputs that may not fit in memory.
public final class InputFilePieces {
    private let handle: FileHandle
    private let path: String

    /// Opens `path` for reading, with `InputFile`'s reasons when it cannot be.
    public init<Failure: Error>(path: String, or fail: (_ reason: String) -> Failure) throws(Failure) {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw fail("no such file")
        }
        if isDirectory.boolValue { throw fail("is a directory") }
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
