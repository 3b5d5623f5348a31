/// What the model knows about one attribute: its name and kind, its training range
/// (numeric) or categories, and the width floor its range neurons use.
public struct ModelAttribute: Codable, Equatable, Sendable {
    public var name: String
    public var numeric: Bool
    /// Numeric: smallest and largest training value.
    public var minimum: Double?
    public var maximum: Double?
    /// Numeric: the Gaussian-cut hat's minimum width, in the attribute's units.
    public var widthFloor: Double?
    /// Categorical: the categories, in index order.
    public var categories: [String]?

    /// The attribute's whole training range R_a (0 for categorical attributes).
    public var span: Double { (maximum ?? 0) - (minimum ?? 0) }
}

/// A range neuron: one attribute's interval (numeric) or category set (categorical)
/// inside a combination, with its computed weight.
public struct RangeNeuron: Equatable, Sendable {
    public var attribute: Int
    /// Numeric interval in original units.
    public var lower: Double
    public var upper: Double
    /// Categorical: the category indices in the set (sorted); empty for numeric.
    public var categories: [Int]
    public var weight: Double
    /// Training objects of the combination's class (seeds) and of other classes (weeds)
    /// whose value lies in the range.
    public var seeds: Int
    public var weeds: Int

    public var isCategorical: Bool { !categories.isEmpty }
}

/// A combination neuron: a hypercuboid of ranges that reads as one rule for its class.
public struct Combination: Equatable, Sendable {
    public var classIndex: Int
    public var ranges: [RangeNeuron]
    /// Training objects of its class inside every range (the support).
    public var represented: Int
    /// True when an other-class training object was inside the seed's own point box.
    public var ambiguous: Bool
}

/// Facts about the construction run, stored with the model.
public struct TrainingSummary: Codable, Equatable, Sendable {
    public var rows: Int
    public var classCounts: [Int]
    /// Attributes with at least two distinct training values (A in the weight formula).
    public var usableAttributes: Int
    /// Training rows inside a combination of another class on every range (source lines).
    public var ambiguousLines: [Int]
}

/// A trained ASONN: attributes, classes, and the combinations with their range neurons.
/// Value and object neurons are dropped after construction.
public struct ASONNModel: Equatable, Sendable {
    public static let formatName = "asonn-model"
    public static let formatVersion = 1

    public var attributes: [ModelAttribute]
    public var targetName: String
    public var classes: [String]
    public var parameters: ASONNParameters
    public var combinations: [Combination]
    public var summary: TrainingSummary
    /// The test costs the model was built with, if a cost profile was given.
    public var costs: TestCosts?
    /// What pruning did, when the model was pruned.
    public var pruning: PruningSummary?
    /// How the minimum discrimination and stop rule were chosen, when the model
    /// configured itself (`ASONNClassifier.fitSelfConfigured`); nil for fixed settings.
    public var configuration: SelfConfiguration?

    public var rangeCount: Int { combinations.reduce(0) { $0 + $1.ranges.count } }

    /// Ranges that exclude part of the attribute's training domain (the rest cover it all).
    public var constrainingRangeCount: Int {
        combinations.reduce(0) { $0 + $1.ranges.filter(constrains).count }
    }

    /// Whether a range excludes some training value of its attribute.
    public func constrains(_ range: RangeNeuron) -> Bool {
        let attribute = attributes[range.attribute]
        if range.isCategorical { return range.categories.count < (attribute.categories?.count ?? 0) }
        return range.lower > (attribute.minimum ?? range.lower) || range.upper < (attribute.maximum ?? range.upper)
    }
}
