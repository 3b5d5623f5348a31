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
