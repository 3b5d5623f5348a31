import Foundation

/// Why a model file could not be read or written.
public struct ModelFileError: Error, Equatable, Sendable, CustomStringConvertible {
    public var file: String
    public var message: String
    public var description: String { "\(file): \(message)" }
}

// The JSON file: {"format": "asonn-model", "version": 1, ...}. Ranges are in original
// units and categories by name, so the file reads on its own.
extension ASONNModel: Codable {
    enum CodingKeys: String, CodingKey {
        case format, version, attributes, target, classes, parameters, combinations, training, costs, pruning
        case configuration, riskCalibration
    }

    public init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        try ModelFileFormat.check(container, format: .format, version: .version, name: Self.formatName,
                                  version: Self.formatVersion, what: "model")
        attributes = try container.decode([ModelAttribute].self, forKey: .attributes)
        targetName = try container.decode(String.self, forKey: .target)
        classes = try container.decode([String].self, forKey: .classes)
        parameters = try container.decode(ASONNParameters.self, forKey: .parameters)
        summary = try container.decode(TrainingSummary.self, forKey: .training)
        costs = try container.decodeIfPresent(TestCosts.self, forKey: .costs)
        pruning = try container.decodeIfPresent(PruningSummary.self, forKey: .pruning)
        configuration = try container.decodeIfPresent(SelfConfiguration.self, forKey: .configuration)
        riskCalibration = try container.decodeIfPresent(RiskCalibration.self, forKey: .riskCalibration)
        if let costs, costs.attributeCost.count != attributes.count || costs.groupOf.count != attributes.count {
            throw DecodingError.dataCorruptedError(forKey: .costs, in: container,
                                                   debugDescription: "the test costs do not match the attributes")
        }
        let stored = try container.decode([StoredCombination].self, forKey: .combinations)
        var combinations: [Combination] = []
        for (index, combination) in stored.enumerated() {
            func damaged(_ field: String, _ message: String) -> DecodingError {
                DecodingError.dataCorruptedError(forKey: .combinations, in: container,
                                                 debugDescription: "combinations[\(index)]\(field): \(message)")
            }
            guard let classIndex = classes.firstIndex(of: combination.class) else {
                throw damaged(".class", "unknown class \(quoted(combination.class))")
            }
            var ranges: [RangeNeuron] = []
            for (r, range) in combination.ranges.enumerated() {
                guard let attribute = attributes.firstIndex(where: { $0.name == range.attribute }) else {
                    throw damaged(".ranges[\(r)].attribute", "unknown attribute \(quoted(range.attribute))")
                }
                var categories: [Int] = []
                if let names = range.categories {
                    let known = attributes[attribute].categories ?? []
                    for name in names {
                        guard let category = known.firstIndex(of: name) else {
                            throw damaged(".ranges[\(r)].categories",
                                          "unknown category \(quoted(name)) of \(quoted(range.attribute))")
                        }
                        categories.append(category)
                    }
                }
                let numeric = attributes[attribute].numeric
                guard !numeric || (range.lower != nil && range.upper != nil) else {
                    throw damaged(".ranges[\(r)]", "a range on numeric attribute \(quoted(range.attribute)) "
                                  + "needs lower and upper")
                }
                ranges.append(RangeNeuron(attribute: attribute, lower: range.lower ?? 0, upper: range.upper ?? 0,
                                          categories: categories, weight: range.weight, seeds: range.seeds,
                                          weeds: range.weeds))
            }
            combinations.append(Combination(classIndex: classIndex, ranges: ranges,
                                            represented: combination.represented, ambiguous: combination.ambiguous))
        }
        self.combinations = combinations
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(Self.formatName, forKey: .format)
        try container.encode(Self.formatVersion, forKey: .version)
        try container.encode(attributes, forKey: .attributes)
        try container.encode(targetName, forKey: .target)
        try container.encode(classes, forKey: .classes)
        try container.encode(parameters, forKey: .parameters)
        try container.encode(summary, forKey: .training)
        try container.encodeIfPresent(costs, forKey: .costs)
        try container.encodeIfPresent(pruning, forKey: .pruning)
        try container.encodeIfPresent(configuration, forKey: .configuration)
        try container.encodeIfPresent(riskCalibration, forKey: .riskCalibration)
        let stored = combinations.map { combination in
            StoredCombination(
                class: classes[combination.classIndex], represented: combination.represented,
                ambiguous: combination.ambiguous,
                ranges: combination.ranges.map { range in
                    let attribute = attributes[range.attribute]
                    return StoredRange(attribute: attribute.name,
                                       lower: range.isCategorical ? nil : range.lower,
                                       upper: range.isCategorical ? nil : range.upper,
                                       categories: range.isCategorical
                                           ? range.categories.map { (attribute.categories ?? [])[$0] } : nil,
                                       weight: range.weight, seeds: range.seeds, weeds: range.weeds)
                })
        }
        try container.encode(stored, forKey: .combinations)
    }

    private struct StoredCombination: Codable {
        var `class`: String
        var represented: Int
        var ambiguous: Bool
        var ranges: [StoredRange]
    }

    private struct StoredRange: Codable {
        var attribute: String
        var lower: Double?
        var upper: Double?
        var categories: [String]?
        var weight: Double
        var seeds: Int
        var weeds: Int
    }

    /// The model as JSON; the same model always gives the same bytes.
    public func jsonData() throws -> Data { try ModelFileFormat.json(self) }

    /// Writes the model to `path` atomically (an existing file is replaced only once the
    /// new one is complete; a symbolic link is written through to its target; on failure
    /// no temporary file is left). See `AtomicFile`.
    /// - Parameter inputs: files the model was made from; writing over one is refused.
    public func save(to path: String, inputs: [String] = []) throws(ModelFileError) {
        try ModelFileFormat.save(self, to: path, what: "the model", inputs: inputs)
    }

    /// Reads a model written by `save(to:)`, with a clear error for a damaged or foreign file.
    public static func load(from path: String) throws(ModelFileError) -> ASONNModel {
        let data = try InputFile.contents(of: path) { ModelFileError(file: path, message: $0) }
        return try decode(data, file: path)
    }

    public static func decode(_ data: Data, file: String) throws(ModelFileError) -> ASONNModel {
        let model: ASONNModel
        do {
            // The fast reader, else (for anything it does not expect) the whole file through
            // JSONDecoder: the same model, and the same error for a damaged file.
            if let fast = ModelFileReader.decode(data) {
                model = fast
            } else {
                model = try JSONDecoder().decode(ASONNModel.self, from: data)
                // JSONDecoder keeps one copy of a repeated key, and other readers another.
                if let message = JSONDiagnosis.duplicateKeyMessage(in: data) {
                    throw ModelFileError(file: file, message: "not a valid ASONN model: \(message)")
                }
            }
        } catch let error as ModelFileError {
            throw error
        } catch let error as DecodingError {
            let problem = error.readableDescription(of: data, as: ASONNModel.self)
            throw ModelFileError(file: file, message: "not a valid ASONN model: \(problem)")
        } catch {
            throw ModelFileError(file: file, message: "not a valid ASONN model: \(error.localizedDescription)")
        }
        do {
            try model.validateStructure()
        } catch {
            throw ModelFileError(file: file, message: "damaged model: \(error.message)")
        }
        return model
    }
}
