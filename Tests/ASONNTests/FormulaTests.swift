import Foundation
import Testing
@testable import ASONN

/// Hand-computed values of every formula of the spec on a five-row data set:
///
///     row  x  y  class
///      1   1  1  A
///      2   2  1  A
///      3   3  2  B
///      4   4  2  A
///      5   5  1  B
///
/// x has VNs 1..5 (R_x = 4, unit values 0, .25, .5, .75, 1); y has VNs 1, 2 (R_y = 1).
/// N_A = 3, N_B = 2, so the balanced beta is 3/2 for class A and 2/3 for class B.
struct FormulaTests {
    static let tiny = Dataset(unchecked:
        "tiny",
        attributes: [Attribute(name: "x", kind: .numeric), Attribute(name: "y", kind: .numeric)],
        targetName: "class", classes: ["A", "B"],
        values: [1, 1, 2, 1, 3, 2, 4, 2, 5, 1],
        labels: [0, 0, 1, 0, 1])

    /// The spec's class-balanced coefficient (beta = N_c / N_other) and growth until
    /// blocked, without the default variant's lighter weed term.
    static var balanced: ASONNParameters {
        var parameters = ASONNParameters()
        parameters.weedWeight = 1
        parameters.stopRule = .blocked
        parameters.keepWholeDomainRanges = true
        return parameters
    }

    static func close(_ a: Double, _ b: Double, _ tolerance: Double = 1e-12) -> Bool { abs(a - b) <= tolerance }

    @Test func outCorrelationVectors() throws {
        let agds = AGDS(Self.tiny)
        let vectors = SeedOrder.outCorrelation(agds)
        // C_i[k] for k = 0, 1, 2 (width A + 1 = 3). Only y is ever shared across classes.
        #expect(vectors == [0, 1, 0,   // row 1 shares y=1 with row 5
                            0, 1, 0,   // row 2 shares y=1 with row 5
                            0, 1, 0,   // row 3 shares y=2 with row 4
                            0, 1, 0,   // row 4 shares y=2 with row 3
                            0, 2, 0])  // row 5 shares y=1 with rows 1 and 2
        // Row 5 is the most entangled; the rest tie and go by row index.
        #expect(SeedOrder.order(agds) == [4, 0, 1, 2, 3])
    }

    @Test func outCorrelationRanksHigherSharingFirst() throws {
        // Row 1 (class A) shares both values with row 3 (class B): C_1[2] = 1 puts it first.
        let data = try Dataset(name: "t",
                               attributes: [Attribute(name: "x", kind: .numeric), Attribute(name: "y", kind: .numeric)],
                           targetName: "c", classes: ["A", "B"],
                           values: [5, 5, 1, 1, 5, 5, 9, 1], labels: [1, 0, 0, 1])
        let agds = AGDS(data)
        let order = SeedOrder.order(agds)
        #expect(order.prefix(2) == [0, 2])
    }

    @Test func initialInsideCountsAndTerms() throws {
        var builder = CombinationBuilder(agds: AGDS(Self.tiny), parameters: Self.balanced)
        builder.start(seed: 1)  // row 2: x = 2, y = 1, class A; R = 2
        #expect(builder.inside == [1, 2, 0, 0, 1])
        // cont(j) = ((1 + in) / 2)^2: rows 1..5 -> 1, 2.25, .25, .25, 1; repr = 1 for all.
        // T(x=1) = 1 (row 1, seed); T(x=3) = -1.5 * .25; T(x=4) = .25; T(x=5) = -1.5 * 1.
        #expect(builder.term[0] == 1)
        #expect(builder.term[1] == 2.25)
        #expect(builder.term[2] == -0.375)
        #expect(builder.term[3] == 0.25)
        #expect(builder.term[4] == -1.5)
        // y VNs (global 5, 6): y=1 holds rows 1, 2, 5; y=2 holds rows 3, 4.
        #expect(Self.close(builder.term[5], 1 + 2.25 - 1.5))
        #expect(Self.close(builder.term[6], -0.375 + 0.25))
    }

    @Test func expansionCoefficients() throws {
        var builder = CombinationBuilder(agds: AGDS(Self.tiny), parameters: Self.balanced)
        builder.start(seed: 1)
        // dir-(x) = (1 - (2 - 1) / 4)^2 * T(x=1) = .5625
        #expect(Self.close(builder.coefficientBelow(0), 0.5625))
        // dir+(x) = .5625 * T(3) + .25 * T(4) + .0625 * T(5) = -.2109375 + .0625 - .09375
        #expect(Self.close(builder.coefficientAbove(0), -0.2421875))
        // dir+(y): the only VN above is at distance R_y, so delta_max = 0.
        #expect(Self.close(builder.coefficientAbove(1), 0))
    }

    @Test func weedWeightScalesTheOtherClassTerm() throws {
        var builder = CombinationBuilder(agds: AGDS(Self.tiny), parameters: ASONNParameters())
        builder.start(seed: 1)
        // Default weed weight .1: beta = 1.5 * .1 = .15.
        let expected: Double = 0.5625 * -0.0375 + 0.0625 - 0.0625 * 0.15
        #expect(Self.close(builder.coefficientAbove(0), expected))
    }

    @Test func unbalancedCoefficientUsesBetaOne() throws {
        var builder = CombinationBuilder(agds: AGDS(Self.tiny), parameters: .paper)
        builder.start(seed: 1)
        // beta = 1: .5625 * -.25 + .25 * .25 + .0625 * -1
        #expect(Self.close(builder.coefficientAbove(0), -0.140625 + 0.0625 - 0.0625))
    }

    @Test func representationWeakensRepresentedObjects() throws {
        var builder = CombinationBuilder(agds: AGDS(Self.tiny), parameters: Self.balanced)
        let first = builder.build(seed: 1)
        #expect(first.represented.sorted() == [0, 1])
        builder.start(seed: 3)  // row 4: x = 4, y = 2, class A
        #expect(builder.inside == [0, 0, 1, 2, 0])
        // repr(rows 1, 2) = (1 / (1 + 1))^2 = .25, cont = (1/2)^2 = .25 -> T = .0625.
        #expect(builder.term[0] == 0.0625)
        #expect(builder.term[1] == 0.0625)
        // dir-(x) at x = 4 (u = .75): .0625 * .0625 + .25 * .0625 + .5625 * (-1.5 * 1)
        #expect(Self.close(builder.coefficientBelow(0), 0.00390625 + 0.015625 - 0.84375))
        // dir+(x): .5625 * (-1.5 * .25)
        #expect(Self.close(builder.coefficientAbove(0), -0.2109375))
    }

    @Test func combinationGrowsUntilBlocked() throws {
        var builder = CombinationBuilder(agds: AGDS(Self.tiny), parameters: Self.balanced)
        let combination = builder.build(seed: 1)
        // Weedless: x=1 (pure A). Weighted: y+ (coefficient 0) beats x+ (-.24) and keeps
        // row 3 out on x; then x=3 would let row 3 in on both ranges: blocked.
        #expect(combination.ranges == [BuiltRange(attribute: 0, lo: 0, hi: 1, categories: []),
                                       BuiltRange(attribute: 1, lo: 0, hi: 1, categories: [])])
        #expect(combination.represented.sorted() == [0, 1])
        #expect(!combination.ambiguous)
    }

    @Test func paperVariantStopsAtFirstNonPositiveCoefficient() throws {
        var builder = CombinationBuilder(agds: AGDS(Self.tiny), parameters: .paper)
        let combination = builder.build(seed: 1)
        #expect(combination.ranges == [BuiltRange(attribute: 0, lo: 0, hi: 1, categories: []),
                                       BuiltRange(attribute: 1, lo: 0, hi: 0, categories: [])])
    }

    @Test func connectionWeights() throws {
        // The default combination of seed row 2: x in [1, 2] (2 seeds, 0 weeds),
        // y in [1, 2] (3 seeds, 2 weeds); represents 2 rows; A = 2; 2 rows of other classes.
        // phi_repr = 2 * 4 = 8, phi_discr = 2 * 4 = 8, AllSeeds = 5.
        // phi_x = 1 * 10 / 13, phi_y = (1 - 2/8) * 11 / 13 -> w_x = 10 / 18.25.
        let weights = RangeWeights.weights(seeds: [2, 3], weeds: [0, 2], represented: 2, otherClassRows: 2,
                                           attributeCount: 2)
        #expect(Self.close(weights[0], 10 / 18.25))
        #expect(Self.close(weights[1], 8.25 / 18.25))

        let model = try ASONNClassifier(parameters: Self.balanced).fit(Self.tiny)
        let first = try #require(model.combinations.first { $0.classIndex == 0 && $0.represented == 2 })
        #expect(first.ranges.map(\.seeds) == [2, 3])
        #expect(first.ranges.map(\.weeds) == [0, 2])
        #expect(Self.close(first.ranges[0].weight, 10 / 18.25))
    }

    @Test func wholeDomainRangesAreDroppedByDefault() throws {
        // The default model of the tiny data: y grows over its whole domain in the first
        // combination, so that rule keeps only its x range, with weight 1.
        var parameters = Self.balanced
        parameters.keepWholeDomainRanges = false
        let model = try ASONNClassifier(parameters: parameters).fit(Self.tiny)
        let first = try #require(model.combinations.first { $0.classIndex == 0 && $0.represented == 2 })
        #expect(first.ranges.map(\.attribute) == [0])
        #expect(first.ranges[0].weight == 1)
        try model.checkTrainingInvariants(on: Self.tiny)
        #expect(model.excitation(of: Combination(classIndex: 0, ranges: [], represented: 1, ambiguous: false),
                                 for: [9.0, 9]) == 1)
    }

    @Test func gaussianCutHat() throws {
        let model = try ASONNClassifier().fit(Self.tiny)
        // Width floor R_x / 10 = .4.
        #expect(model.attributes[0].widthFloor == 0.4)
        let wide = RangeNeuron(attribute: 0, lower: 1, upper: 2, categories: [], weight: 1, seeds: 0, weeds: 0)
        #expect(model.output(of: wide, for: 1.5) == 1)
        #expect(model.output(of: wide, for: 2) == 1)
        // dist 1, width 1: z = 3 -> exp(-4)
        #expect(Self.close(model.output(of: wide, for: 3), exp(-4.0)))
        // dist .25: z = 1.5 -> exp(-.625)
        #expect(Self.close(model.output(of: wide, for: 0.75), exp(-0.625)))
        // A single-value range uses the floor: dist .2, width .4 -> z = 2 -> exp(-1.5).
        let point = RangeNeuron(attribute: 0, lower: 2, upper: 2, categories: [], weight: 1, seeds: 0, weeds: 0)
        #expect(Self.close(model.output(of: point, for: 2.2), exp(-1.5)))
        // Never above 1 just outside the range.
        #expect(model.output(of: point, for: 2.0000001) < 1)
    }

    @Test func medianGapFloor() throws {
        var parameters = ASONNParameters.paper
        parameters.widthFloor = .medianGap
        let data = try Dataset(name: "t", attributes: [Attribute(name: "x", kind: .numeric)], targetName: "c",
                               classes: ["A", "B"],
                           values: [0, 1, 3, 10], labels: [0, 1, 0, 1])
        let model = try ASONNClassifier(parameters: parameters).fit(data)
        // Gaps 1, 2, 7: median 2.
        #expect(model.attributes[0].widthFloor == 2)
    }

    @Test func excitationRenormalisesOverPresentValues() throws {
        let model = try ASONNClassifier().fit(Self.tiny)
        let combination = Combination(classIndex: 0, ranges: [
            RangeNeuron(attribute: 0, lower: 1, upper: 2, categories: [], weight: 0.75, seeds: 0, weeds: 0),
            RangeNeuron(attribute: 1, lower: 1, upper: 1, categories: [], weight: 0.25, seeds: 0, weeds: 0),
        ], represented: 1, ambiguous: false)
        // Both present: .75 * 1 + .25 * out(y = 2); out = exp((1 - 9) / 2) with width floor .1 -> z = 21.
        let yOut = exp((1 - 21.0 * 21.0) / 2)
        #expect(Self.close(model.excitation(of: combination, for: [1.5, 2]), 0.75 + 0.25 * yOut))
        // y missing: only x counts, renormalised to weight 1.
        #expect(model.excitation(of: combination, for: [1.5, .nan]) == 1)
        // x missing: y alone.
        #expect(Self.close(model.excitation(of: combination, for: [.nan, 2]), yOut))
        // Every value missing: missing counts as inside, so the combination holds the row.
        #expect(model.excitation(of: combination, for: [Double.nan, .nan]) == 1)
    }

    @Test func tiesGoToSupportThenClassOrder() throws {
        var model = try ASONNClassifier().fit(Self.tiny)
        let everything = [RangeNeuron(attribute: 0, lower: 1, upper: 5, categories: [], weight: 1, seeds: 0, weeds: 0)]
        model.combinations = [
            Combination(classIndex: 0, ranges: everything, represented: 2, ambiguous: false),
            Combination(classIndex: 1, ranges: everything, represented: 3, ambiguous: false),
        ]
        #expect(model.predict(row: [3.0, 1]).classIndex == 1)  // equal scores: more support wins
        model.combinations[1].represented = 2
        #expect(model.predict(row: [3.0, 1]).classIndex == 0)  // equal support: class order
        // Below 1, within the tolerance counts as a tie; beyond it, the higher score wins.
        #expect(model.decide(scores: [0.5 - 1e-12, 0.5], winners: [0, 1]) == 0)
        #expect(model.decide(scores: [0.5 - 1e-6, 0.5], winners: [0, 1]) == 1)
        // A score of 1 (the box holds the row) ties with nothing below it, however close.
        #expect(model.decide(scores: [1 - 1e-12, 1], winners: [0, 1]) == 1)
        #expect(model.decide(scores: [ASONNModel.outsideCeiling, 1], winners: [0, 1]) == 1)
    }

    @Test func softmaxProbabilities() throws {
        let model = try ASONNClassifier().fit(Self.tiny)
        let prediction = Prediction(classIndex: 0, scores: [1, 0.5], winners: [0, 1])
        let p = model.probabilities(for: prediction)
        // sharpness 10: p_A = 1 / (1 + exp(-5))
        #expect(Self.close(p[0], 1 / (1 + exp(-5.0))))
        #expect(Self.close(p[0] + p[1], 1))
    }

    @Test func categoricalAttributesUseCategorySets() throws {
        // colour decides the class except for 'green', shared by both.
        let data = try Dataset(name: "t",
                               attributes: [Attribute(name: "colour",
                                                      kind: .categorical(categories: ["blue", "green", "red"])),
                                                   Attribute(name: "size", kind: .numeric)],
                           targetName: "c", classes: ["A", "B"],
                           values: [0, 1, 0, 2, 1, 1, 1, 5, 2, 5, 2, 6], labels: [0, 0, 0, 1, 1, 1])
        let model = try ASONNClassifier().fit(data)
        try model.checkTrainingInvariants(on: data)
        let colourRanges = model.combinations.flatMap(\.ranges).filter { $0.attribute == 0 }
        #expect(colourRanges.allSatisfy { $0.isCategorical })
        #expect(model.output(of: colourRanges[0], for: Double(colourRanges[0].categories[0])) == 1)
        let outside = (0..<3).first { !colourRanges[0].categories.contains($0) }
        if let outside { #expect(model.output(of: colourRanges[0], for: Double(outside)) == 0) }
    }
}

/// `predict(row:)` skips rules that cannot change the answer; it must agree exactly with
/// the plain definition: every rule's excitation, max-pooled per class.
struct PredictionShortcutTests {
    @Test(arguments: bundledDataSets)
    func shortcutEqualsTheDefinition(name: String) throws {
        let data = try bundled(name)
        let split = Splits.holdout(labels: data.labels, classCount: data.classes.count, testFraction: 0.3, seed: 3)
        for parameters in [ASONNParameters(), .paper] {
            let model = try ASONNClassifier(parameters: parameters).fit(data.subset(split.train))
            var generator = SeededGenerator(seed: 9)
            var rows = (0..<data.rowCount).map { Array(data.row($0)) }
            for _ in 0..<200 {
                rows.append(data.attributes.indices.map { a in
                    Int.random(in: 0..<8, using: &generator) == 0
                        ? .nan : data.value(Int.random(in: 0..<data.rowCount, using: &generator), a)
                })
            }
            for row in rows { #expect(model.predict(row: row) == plainPrediction(model, row)) }
        }
    }
}
