import Foundation

/// What model and ensemble files share: the "format" and "version" fields that say what a
/// file is, the JSON they are written as, and the atomic write.
enum ModelFileFormat {
    /// Checks `container`'s "format" is `name` and its "version" `version`; `what` names the
    /// kind of file in the error ("model", "ensemble").
    static func check<Key: CodingKey>(_ container: KeyedDecodingContainer<Key>, format formatKey: Key,
                                      version versionKey: Key, name: String, version: Int, what: String) throws {
        let format = try container.decodeIfPresent(String.self, forKey: formatKey)
        guard format == name else {
            throw DecodingError.dataCorruptedError(
                forKey: formatKey, in: container,
                debugDescription: "not an ASONN \(what) (no \"format\": \"\(name)\")")
        }
        let found = try container.decode(Int.self, forKey: versionKey)
        guard found == version else {
            throw DecodingError.dataCorruptedError(
                forKey: versionKey, in: container,
                debugDescription: "\(what) format version \(found) is not supported (this build reads version "
                    + "\(version))")
        }
    }

    /// `value` as JSON, pretty-printed with sorted keys: the same value always gives the same bytes.
    static func json(_ value: some Encodable) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        return try encoder.encode(value)
    }

    /// Writes `value`'s JSON to `path` atomically (`AtomicFile`), refusing to write over `inputs`.
    static func save(_ value: some Encodable, to path: String, what: String,
                     inputs: [String]) throws(ModelFileError) {
        let data: Data
        do {
            data = try json(value)
        } catch let error as EncodingError {
            throw ModelFileError(file: path, message: "cannot write \(what): \(error.readableDescription)")
        } catch {
            throw ModelFileError(file: path, message: "cannot write \(what): \(error)")
        }
        do {
            try AtomicFile.write(data, to: path, what: what, inputs: inputs)
        } catch {
            throw ModelFileError(file: path, message: "cannot write \(what): \(error.reason)")
        }
    }
}
