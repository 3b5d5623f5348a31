import Foundation

// The JSON file: {"format": "asonn-ensemble", "version": 1, "attributes": [...], "target": ...,
// "classes": [...], "seed": S, "configuration": {...}, "members": [{an "asonn-model" file}, ...]}.
extension ASONNEnsemble: Codable {
    public static let formatName = "asonn-ensemble"
    public static let formatVersion = 1

    enum CodingKeys: String, CodingKey {
        case format, version, attributes, target, classes, seed, configuration, members
    }

    public init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        try ModelFileFormat.check(container, format: .format, version: .version, name: Self.formatName,
                                  version: Self.formatVersion, what: "ensemble")
        let seed: UInt64
        do {
            seed = try container.decode(UInt64.self, forKey: .seed)
        } catch {
            // A missing seed is said so; for a negative or fractional number the decoder's
            // own message names no field.
            if let missing = error as? DecodingError, case .keyNotFound = missing { throw missing }
            throw DecodingError.dataCorruptedError(forKey: .seed, in: container,
                                                   debugDescription: "must be a whole number from 0 to \(UInt64.max)")
        }
        let members = try container.decode([ASONNModel].self, forKey: .members)
        do {
            try self.init(members: members,
                          attributes: try container.decode([ModelAttribute].self, forKey: .attributes),
                          targetName: try container.decode(String.self, forKey: .target),
                          classes: try container.decode([String].self, forKey: .classes),
                          seed: seed,
                          configuration: try container.decodeIfPresent(SelfConfiguration.self, forKey: .configuration))
        } catch let violation as InvariantViolation {
            throw DecodingError.dataCorruptedError(forKey: .members, in: container,
                                                   debugDescription: violation.message)
        }
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(Self.formatName, forKey: .format)
        try container.encode(Self.formatVersion, forKey: .version)
        try container.encode(attributes, forKey: .attributes)
        try container.encode(targetName, forKey: .target)
        try container.encode(classes, forKey: .classes)
        try container.encode(seed, forKey: .seed)
        try container.encodeIfPresent(configuration, forKey: .configuration)
        try container.encode(members, forKey: .members)
    }

    /// The ensemble as JSON; the same ensemble always gives the same bytes.
    public func jsonData() throws -> Data { try ModelFileFormat.json(self) }

    /// Writes the ensemble to `path` atomically, as `ASONNModel.save(to:inputs:)` writes a model.
    public func save(to path: String, inputs: [String] = []) throws(ModelFileError) {
        try ModelFileFormat.save(self, to: path, what: "the ensemble", inputs: inputs)
    }

    /// Reads an ensemble written by `save(to:)`, with a clear error for a damaged or foreign
    /// file; every member is checked as a model file is (`ASONNModel.validateStructure`).
    public static func decode(_ data: Data, file: String) throws(ModelFileError) -> ASONNEnsemble {
        let ensemble: ASONNEnsemble
        do {
            ensemble = try JSONDecoder().decode(ASONNEnsemble.self, from: data)
            if let message = JSONDiagnosis.duplicateKeyMessage(in: data) {
                throw ModelFileError(file: file, message: "not a valid ASONN ensemble: \(message)")
            }
        } catch let error as ModelFileError {
            throw error
        } catch let error as DecodingError {
            let problem = error.readableDescription(of: data, as: ASONNEnsemble.self)
            throw ModelFileError(file: file, message: "not a valid ASONN ensemble: \(problem)")
        } catch {
            throw ModelFileError(file: file, message: "not a valid ASONN ensemble: \(error.localizedDescription)")
        }
        for (m, member) in ensemble.members.enumerated() {
            do {
                try member.validateStructure()
            } catch {
                throw ModelFileError(file: file, message: "damaged ensemble: members[\(m)]: \(error.message)")
            }
        }
        return ensemble
    }
}

/// What a model file holds: one model, or a bagged ensemble (`asonn train --ensemble`).
public enum ModelFile: Sendable {
    case model(ASONNModel)
    case ensemble(ASONNEnsemble)

    /// Reads a model or ensemble file; for a file that is neither, the error a model file gives.
    public static func load(from path: String) throws(ModelFileError) -> ModelFile {
        let data = try InputFile.contents(of: path) { ModelFileError(file: path, message: $0) }
        do {
            return .model(try ASONNModel.decode(data, file: path))
        } catch {
            // Only a file that says it is an ensemble is read as one.
            struct Format: Decodable { var format: String? }
            guard (try? JSONDecoder().decode(Format.self, from: data))?.format == ASONNEnsemble.formatName else {
                throw error
            }
            return .ensemble(try ASONNEnsemble.decode(data, file: path))
        }
    }
}
