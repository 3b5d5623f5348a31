/// One combination read as a rule.
public struct Rule: Codable, Equatable, Sendable {
    public struct Condition: Codable, Equatable, Sendable {
        public var attribute: String
        /// The condition as text, e.g. "4.5 <= petal_length <= 5.1" or "color in {red, blue}".
        public var text: String
        public var lower: Double?
        public var upper: Double?
        public var categories: [String]?
        public var weight: Double
        /// False when the range covers the attribute's whole training domain.
        public var constrains: Bool
    }
    public var number: Int
    public var `class`: String
    public var represented: Int
    public var ambiguous: Bool
    public var conditions: [Condition]
}
