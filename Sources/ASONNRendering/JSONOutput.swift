import ASONN
import Foundation

/// The tool's JSON: pretty-printed with sorted keys, so the same result prints the same
/// bytes. Every report type is `Codable` and names its own keys (the schema is in the
/// documentation's "JSON output" article).
public enum JSONOutput {
    /// - Parameter what: what the JSON is, for the message if a value cannot be encoded.
    public static func string(_ value: some Encodable, what: String = "the JSON output") throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        do {
            return String(decoding: try encoder.encode(value), as: UTF8.self)
        } catch let error as EncodingError {
            // JSON has no infinity or NaN: say which field held one.
            throw RenderingError(description: "cannot write \(what): \(error.readableDescription)")
        }
    }
}

/// A report that cannot be written, with a one-line reason.
public struct RenderingError: Error, CustomStringConvertible {
    public var description: String
}
