extension ASONNParameters {
    enum CodingKeys: String, CodingKey {
        case minDiscrimination, stopRule, classBalance, weedWeight, widthFloor, tieTolerance, sharpness
        case keepWholeDomainRanges, boxBounds, lambda, prune, solverSeconds, maxValueNeurons, coefficientSample
    }

    /// Every parameter is required in a model file but `boxBounds`, `maxValueNeurons` and
    /// `coefficientSample`: models written before box bounds existed were built with grown
    /// bounds, and still load as such.
    public init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init()
        minDiscrimination = try container.decode(Int.self, forKey: .minDiscrimination)
        stopRule = try container.decode(StopRule.self, forKey: .stopRule)
        classBalance = try container.decode(Bool.self, forKey: .classBalance)
        weedWeight = try container.decode(Double.self, forKey: .weedWeight)
        widthFloor = try container.decode(WidthFloor.self, forKey: .widthFloor)
        tieTolerance = try container.decode(Double.self, forKey: .tieTolerance)
        sharpness = try container.decode(Double.self, forKey: .sharpness)
        keepWholeDomainRanges = try container.decode(Bool.self, forKey: .keepWholeDomainRanges)
        boxBounds = try container.decodeIfPresent(BoxBounds.self, forKey: .boxBounds) ?? .grown
        lambda = try container.decode(Double.self, forKey: .lambda)
        prune = try container.decode(PruneMode.self, forKey: .prune)
        solverSeconds = try container.decode(Double.self, forKey: .solverSeconds)
        maxValueNeurons = try container.decodeIfPresent(Int.self, forKey: .maxValueNeurons)
        coefficientSample = try container.decodeIfPresent(Int.self, forKey: .coefficientSample)
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(minDiscrimination, forKey: .minDiscrimination)
        try container.encode(stopRule, forKey: .stopRule)
        try container.encode(classBalance, forKey: .classBalance)
        try container.encode(weedWeight, forKey: .weedWeight)
        try container.encode(widthFloor, forKey: .widthFloor)
        try container.encode(tieTolerance, forKey: .tieTolerance)
        try container.encode(sharpness, forKey: .sharpness)
        try container.encode(keepWholeDomainRanges, forKey: .keepWholeDomainRanges)
        try container.encode(boxBounds, forKey: .boxBounds)
        try container.encode(lambda, forKey: .lambda)
        try container.encode(prune, forKey: .prune)
        try container.encode(solverSeconds, forKey: .solverSeconds)
        try container.encodeIfPresent(maxValueNeurons, forKey: .maxValueNeurons)
        try container.encodeIfPresent(coefficientSample, forKey: .coefficientSample)
    }
}
