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
