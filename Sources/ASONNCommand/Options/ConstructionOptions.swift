import ArgumentParser
import ASONN

extension ASONNParameters.Variant: ExpressibleByArgument {}
extension ASONNParameters.StopRule: ExpressibleByArgument {}
extension PruneMode: ExpressibleByArgument {}
extension BoxBounds: ExpressibleByArgument {}

/// Construction parameters shared by `train` and `evaluate`.
struct ConstructionOptions: ParsableArguments {
    typealias Limits = ASONNParameters.Limits

    @Option(help: "'default' (every measured fix of the spec) or 'paper' (the poster as literally as possible).")
    var variant: ASONNParameters.Variant = .standard

    @Option(help: ArgumentHelp("""
        'auto' (default variant): choose the minimum discrimination and the stop rule by a 3-fold \
        cross-validation on the training rows (a sample of 1,000 on larger data), the fewest conditions \
        within one standard error of the best; 'fixed': use the variant's (d = 1, grow until blocked). \
        Giving --min-discrimination or --stop-rule fixes them.
        """, valueName: "auto|fixed"))
    var configure: ConfigureMode = .auto

    @Option(name: .customLong("min-discrimination"),
            help: """
                Attributes by which every other-class training row must be kept out of a combination \
                (\(OptionRange.text(Limits.minDiscrimination)); default 1, or chosen by --configure auto).
                """)
    var minDiscrimination: Int?

    @Option(name: .customLong("stop-rule"),
            help: """
                Override the variant's stop rule: 'blocked' (grow until blocked) or 'positive' \
                (stop at the first non-positive coefficient).
                """)
    var stopRule: ASONNParameters.StopRule?

    enum ConfigureMode: String, ExpressibleByArgument, CaseIterable { case auto, fixed }

    /// Whether models choose their minimum discrimination and stop rule from the data: the
    /// default variant with neither given and `--configure auto`.
    var selfConfigures: Bool {
        configure == .auto && variant == .standard && minDiscrimination == nil && stopRule == nil
    }

    @Option(name: .customLong("box-bounds"),
            help: ArgumentHelp("""
                Override the variant's placement of a finished box's numeric bounds: 'midway' between the \
                rows it represents and where growth was blocked (default variant), at those rows' 'hull', \
                or where growth left them, 'grown' (paper). A bound at the end of the training range stays open.
                """, valueName: "grown|midway|hull"))
    var boxBounds: BoxBounds?

    @Option(help: ArgumentHelp("Override the variant's class balance of the expansion coefficient: on or off.",
                               valueName: "on|off"))
    var balance: String?

    @Option(name: .customLong("weed-weight"),
            help: """
                Override the variant's factor on the other-class term of the expansion coefficient \
                (default variant 0.1, paper 1; \(OptionRange.text(Limits.weedWeight))).
                """)
    var weedWeight: Double?

    @Option(name: .customLong("width-floor"),
            help: ArgumentHelp("""
                Override the variant's width floor of the output hat: a fraction of the attribute's range \
                (e.g. 0.1; > 0 and at most \(Int(Limits.widthFloorFraction))) or 'median-gap'.
                """,
                               valueName: "floor"))
    var widthFloor: String?

    @Option(help: ArgumentHelp("A cost profile (JSON) giving each attribute's test cost; see the README.",
                               valueName: "profile"),
            completion: .file())
    var costs: String?

    @Option(help: """
        Strength of cost-weighted construction: expensive tests' ranges grow first \
        (0 = cost-blind; \(OptionRange.text(Limits.lambda))).
        """)
    var lambda: Double = 0

    @Option(help: """
        Keep only the cheapest tests that keep every training guarantee (solved exactly with GLPK): \
        per hypercuboid after construction ('hypercuboid'), for the whole model ('panel'), or per seed \
        before its box grows ('seed'); per hypercuboid on the tight hull of its rows, then grown again \
        on the tests kept ('hull'); or keep all ('none').
        """)
    var prune: PruneMode = .none

    @Option(name: .customLong("solver-seconds"),
            help: """
                Time limit per integer program, in seconds (\(OptionRange.text(Limits.solverSeconds))); after it \
                the best solution found is used and the model says it is not proven optimal.
                """)
    var solverSeconds: Double = 10

    @OptionGroup var largeData: LargeDataOptions

    func validate() throws {
        if let minDiscrimination {
            try OptionRange.check(minDiscrimination, Limits.minDiscrimination, option: "--min-discrimination")
        }
        if let weedWeight { try OptionRange.check(weedWeight, Limits.weedWeight, option: "--weed-weight") }
        try OptionRange.check(lambda, Limits.lambda, option: "--lambda")
        try OptionRange.check(solverSeconds, Limits.solverSeconds, option: "--solver-seconds")
        _ = try parameters()
    }

    /// Notes before building on `data`: large data built exactly (`LargeDataOptions.hint`),
    /// and wide data, whose construction time grows with the square of the attributes and
    /// no option shortens.
    func buildNotes(for data: Dataset) -> [String] {
        var notes = [largeData.hint(rows: data.rowCount)].compactMap { $0 }
        if data.attributeCount > 5_000 {
            notes.append("note: \(data.attributeCount) attributes: construction time grows with the square of the "
                         + "attributes and may take minutes (README, \"Large data\")")
        }
        return notes
    }

    /// The cost profile resolved for the data's attributes, or nil without --costs.
    func testCosts(for data: Dataset) throws -> TestCosts? {
        try resolvedCosts(costs, for: data)
    }

    func parameters() throws -> ASONNParameters {
        var parameters = ASONNParameters(variant: variant)
        if let minDiscrimination { parameters.minDiscrimination = minDiscrimination }
        if let stopRule { parameters.stopRule = stopRule }
        switch balance {
        case nil: break
        case "on": parameters.classBalance = true
        case "off": parameters.classBalance = false
        case let other?: throw ValidationError("--balance must be 'on' or 'off', not '\(other)'")
        }
        if let weedWeight { parameters.weedWeight = weedWeight }
        if let boxBounds { parameters.boxBounds = boxBounds }
        parameters.lambda = lambda
        parameters.prune = prune
        parameters.solverSeconds = solverSeconds
        largeData.apply(to: &parameters)
        if let widthFloor {
            do { parameters.widthFloor = try ASONNParameters.WidthFloor(parsing: widthFloor) } catch {
                throw ValidationError("--width-floor must be 'median-gap' or a fraction of the range > 0 and at most "
                                      + "\(Int(Limits.widthFloorFraction)), not '\(widthFloor)'")
            }
        }
        do { try parameters.validate() } catch { throw ValidationError(error.message) }
        return parameters
    }
}
