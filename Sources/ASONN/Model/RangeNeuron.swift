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
