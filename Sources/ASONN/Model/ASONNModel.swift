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
    /// The estimate of how likely unmeasured tests are to change a provisional answer, for
    /// sequential acquisition with a risk bound; nil when the model was not calibrated.
    public var riskCalibration: RiskCalibration?

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
