/// A combination neuron: a hypercuboid of ranges that reads as one rule for its class.
public struct Combination: Equatable, Sendable {
    public var classIndex: Int
    public var ranges: [RangeNeuron]
    /// Training objects of its class inside every range (the support).
    public var represented: Int
    /// True when an other-class training object was inside the seed's own point box.
    public var ambiguous: Bool
}
