/// Construction and classification parameters. Plain values with documented defaults;
/// `ASONNParameters()` is the default variant (every measured fix of the spec) and
/// `ASONNParameters.paper` follows the poster as literally as the spec allows.
public struct ASONNParameters: Codable, Equatable, Sendable {
    /// When a combination stops growing (spec section 3, step 2).
    public enum StopRule: String, Codable, Sendable, CaseIterable {
        /// Every expansion candidate qualifies; the coefficient only orders them. Growth
        /// stops when no expansion keeps the discrimination (the default).
        case blocked
        /// Only candidates with a positive coefficient qualify (the poster).
        case positiveCoefficient = "positive"
    }

    /// The floor on a numeric range's width in the Gaussian-cut hat (spec section 6).
    public enum WidthFloor: Codable, Equatable, Sendable, CustomStringConvertible {
        /// A fraction of the attribute's whole training range (default 0.1).
        case fractionOfRange(Double)
        /// The median gap between adjacent distinct training values (the poster).
        case medianGap

        public init(parsing text: String) throws(ParameterError) {
            if text == "median-gap" { self = .medianGap; return }
            guard let fraction = Double(text), fraction > 0, fraction <= Limits.widthFloorFraction else {
                throw ParameterError("width floor must be 'median-gap' or a fraction of the range > 0 and at most "
                                     + "\(Limits.widthFloorFraction) such as 0.1, not '\(text)'")
            }
            self = .fractionOfRange(fraction)
        }

        public var description: String {
            switch self {
            case .medianGap: return "median-gap"
            case .fractionOfRange(let fraction): return "\(fraction)"
            }
        }

        public init(from decoder: Decoder) throws {
            let text = try decoder.singleValueContainer().decode(String.self)
            do { self = try WidthFloor(parsing: text) } catch {
                throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath,
                                                        debugDescription: error.message))
            }
        }

        public func encode(to encoder: Encoder) throws {
            var container = encoder.singleValueContainer()
            try container.encode(description)
        }
    }

    public enum Variant: String, Codable, Sendable, CaseIterable {
        case paper
        case standard = "default"
    }

    /// Minimum number of attributes by which every other-class training object must be
    /// kept out of a combination (`d` in the spec). Default 1.
    public var minDiscrimination: Int = 1
    /// Default `.blocked` (grow until blocked); the poster's rule is `.positiveCoefficient`.
    /// With the default weed weight, stopping at the first non-positive coefficient measured
    /// +0.002 accuracy but rules with twice as many conditions (README, "Measured choices").
    public var stopRule: StopRule = .blocked
    /// Weigh the other-class term of the expansion coefficient by N_c / N_other (default
    /// true); the poster uses 1.
    public var classBalance: Bool = true
    /// A further factor on the other-class term of the expansion coefficient (default 0.1;
    /// the poster's is 1). With growth until blocked the coefficient only orders the
    /// expansions; a light weed term lets boxes grow first towards their own class's
    /// objects, which measured +0.009 mean holdout accuracy over 14 benchmark sets and
    /// three seed groups (README, "Measured choices").
    public var weedWeight: Double = 0.1
    /// Default 0.1 of the attribute's range; the poster's is the median gap.
    public var widthFloor: WidthFloor = .fractionOfRange(0.1)
    /// Class scores closer than this are ties, decided by the support of the winning
    /// combinations (default 1e-9; the poster compares exactly: 0).
    public var tieTolerance: Double = 1e-9
    /// Softmax sharpness for class probabilities: p_c is proportional to exp(sharpness * S_c).
    /// Default 10.
    public var sharpness: Double = 10

    /// Keep ranges that grew over their attribute's whole training domain (the poster).
    /// Default false: such a range constrains no training row, so it is dropped and its
    /// attribute becomes "don't care" for that rule: rules read shorter and need fewer
    /// tests. Measured: -0.0015 mean holdout accuracy (README, "Measured choices").
    public var keepWholeDomainRanges: Bool = false

    /// Where a finished box's numeric bounds sit (`BoxBounds`). Default `.midway`: halfway
    /// between the rows the box represents and where growth was blocked, which measured
    /// +0.004 mean holdout accuracy over 25 benchmark sets and fewer rules (README, "Measured
    /// choices"); the poster's is `.grown`.
    public var boxBounds: BoxBounds = .midway

    /// Strength of cost-weighted construction (spec 7a): expansions are ranked by
    /// coefficient * w_a (or / w_a when negative) with w_a = (cost_a / mean cost)^lambda,
    /// so ranges of expensive tests grow first, towards not constraining at all.
    /// Default 0: the cost-blind ASONN.
    public var lambda: Double = 0

    /// Cut each model's tests down to the cheapest that keep the training guarantee
    /// (spec 7b), solved exactly with GLPK. Default `.none`.
    public var prune: PruneMode = .none
    /// Time limit per integer program, in seconds; after it the best solution found is
    /// used and the model records that it is not proven optimal. Default 10.
    public var solverSeconds: Double = 10

    /// At most this many value neurons per numeric attribute: when an attribute has more
    /// distinct training values, neighbouring values are merged into this many bins of about
    /// equal row counts, and ranges grow bin by bin. Default nil: one VN per distinct value
    /// (the spec). For large data: fewer expansion steps, coarser boundaries.
    public var maxValueNeurons: Int?
    /// Sum the expansion coefficients over at most this many training objects, an evenly
    /// spread, fixed subset of the rows, instead of over all. Discrimination, representation
    /// and the weights still count every object. Default nil: all objects (the spec). For
    /// large data: each step updates the coefficient sums for sampled objects only.
    public var coefficientSample: Int?

    public init() {}

    /// The poster's algorithm as literally as the spec allows.
    public static var paper: ASONNParameters {
        var parameters = ASONNParameters()
        parameters.stopRule = .positiveCoefficient
        parameters.keepWholeDomainRanges = true
        parameters.classBalance = false
        parameters.weedWeight = 1
        parameters.widthFloor = .medianGap
        parameters.tieTolerance = 0
        parameters.boxBounds = .grown
        return parameters
    }

    public init(variant: Variant) {
        self = variant == .paper ? .paper : ASONNParameters()
    }

    /// The accepted values of each numeric parameter: `validate()` enforces them and the
    /// command line shows them. Wide enough for any real use, narrow enough that nothing
    /// derived from them overflows (construction counts and GLPK take 32-bit integers).
    public enum Limits {
        public static let minDiscrimination = 1...1_000_000
        public static let weedWeight = 0.0...1_000.0
        /// A width floor's fraction of the range must be > 0 and at most this.
        public static let widthFloorFraction = 100.0
        public static let lambda = 0.0...100.0
        public static let solverSeconds = 0.001...86_400.0
        public static let maxValueNeurons = 2...1_000_000
        public static let coefficientSample = 1...1_000_000_000
    }

    public func validate() throws(ParameterError) {
        try Self.check("minimum discrimination", minDiscrimination, Limits.minDiscrimination)
        guard tieTolerance >= 0, tieTolerance.isFinite else {
            throw ParameterError("tie tolerance must be a finite number >= 0")
        }
        try Self.check("weed weight", weedWeight, Limits.weedWeight)
        try Self.check("lambda", lambda, Limits.lambda)
        try Self.check("the solver time limit (seconds)", solverSeconds, Limits.solverSeconds)
        guard sharpness > 0, sharpness.isFinite else { throw ParameterError("sharpness must be a finite number > 0") }
        if let maxValueNeurons {
            try Self.check("the maximum of value neurons per attribute", maxValueNeurons, Limits.maxValueNeurons)
        }
        if let coefficientSample {
            try Self.check("the coefficient sample (objects)", coefficientSample, Limits.coefficientSample)
        }
        if case .fractionOfRange(let fraction) = widthFloor, !(fraction > 0 && fraction <= Limits.widthFloorFraction) {
            throw ParameterError("width floor fraction must be > 0 and at most \(Limits.widthFloorFraction), "
                                 + "not \(fraction)")
        }
    }

    /// Throws unless `value` lies in `range` (NaN never does), naming the parameter and the range.
    private static func check<T: Comparable>(_ name: String, _ value: T,
                                             _ range: ClosedRange<T>) throws(ParameterError) {
        guard range.contains(value) else {
            throw ParameterError("\(name) must be at least \(range.lowerBound) and at most \(range.upperBound), "
                                 + "not \(value)")
        }
    }
}

public struct ParameterError: Error, Equatable, Sendable, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}
