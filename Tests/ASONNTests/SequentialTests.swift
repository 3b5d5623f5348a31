import Foundation
import Testing
@testable import ASONN

/// Cost-bounded prediction (spec 7c): exact, and cheaper than measuring everything.
struct SequentialTests {
    @Test(arguments: bundledDataSets)
    func sequentialEqualsFullPredictionOnBundledData(name: String) throws {
        let data = try bundled(name)
        let split = Splits.holdout(labels: data.labels, classCount: data.classes.count, testFraction: 0.3, seed: 2)
        let profile = packageRoot.appendingPathComponent("CostProfiles/\(name).json").path
        let costs = FileManager.default.fileExists(atPath: profile)
            ? try CostProfile.load(from: profile).resolve(for: data.attributes.map(\.name)) : nil
        for lambda in [0.0, 2.0] {
            for prune in [PruneMode.none, .hypercuboid] {
                var parameters = ASONNParameters()
                parameters.lambda = lambda
                parameters.prune = prune
                parameters.stopRule = prune == .none ? .blocked : .positiveCoefficient
                let model = try ASONNClassifier(parameters: parameters).fit(data.subset(split.train), costs: costs)
                var totalCost = 0.0
                let predictor = model.predictor()
                for i in 0..<data.rowCount {
                    let row = data.row(i)
                    let sequential = predictor.predictSequentially(row: row)
                    #expect(sequential.classIndex == model.predict(row: row).classIndex,
                            "\(name) line \(data.lines[i])")
                    #expect(Set(sequential.measured).count == sequential.measured.count, "each test at most once")
                    #expect(Set(sequential.measured).isSubset(of: model.usedAttributes))
                    #expect(abs(sequential.cost - model.effectiveCosts.cost(of: sequential.measured)) < 1e-9)
                    totalCost += sequential.cost
                }
                #expect(totalCost / Double(data.rowCount) <= model.panelCost + 1e-9)
            }
        }
    }

    @Test(arguments: 0..<40)
    func sequentialEqualsFullPredictionOnRandomModels(seed: Int) throws {
        let data = randomDataset(seed: UInt64(1000 + seed))
        var generator = SeededGenerator(seed: UInt64(seed))
        let costs = TestCosts(profileName: "r", unit: "",
                              attributeCost: data.attributes.map { _ in Double.random(in: 0...10, using: &generator) },
                              groupOf: data.attributes.indices.map { $0 % 3 == 0 ? 0 : nil }, groupNames: ["g"],
                              groupCost: [5])
        var parameters = seed % 2 == 0 ? ASONNParameters() : .paper
        parameters.lambda = Double(seed % 3)
        let model = try ASONNClassifier(parameters: parameters).fit(data, costs: costs)
        // Rows of the data and random rows with missing values.
        var rows = (0..<data.rowCount).map { Array(data.row($0)) }
        for _ in 0..<50 {
            rows.append(data.attributes.map { attribute in
                Int.random(in: 0..<6, using: &generator) == 0 ? .nan
                    : attribute.isNumeric ? Double.random(in: -5...15, using: &generator)
                    : Double(Int.random(in: 0..<attribute.categories.count, using: &generator))
            })
        }
        let predictor = model.predictor()
        for row in rows {
            #expect(predictor.predictSequentially(row: row).classIndex == model.predict(row: row).classIndex)
            #expect(predictor.predictSequentially(row: row) == model.referenceSequentialPrediction(row: row))
        }
    }

    /// The flat, incremental acquisition measures the same tests in the same order, and
    /// reaches the same class at the same cost, as its plain definition.
    @Test(arguments: bundledDataSets)
    func flatAcquisitionEqualsTheDefinition(name: String) throws {
        let data = try bundled(name)
        let profile = packageRoot.appendingPathComponent("CostProfiles/\(name).json").path
        let costs = FileManager.default.fileExists(atPath: profile)
            ? try CostProfile.load(from: profile).resolve(for: data.attributes.map(\.name)) : nil
        let split = Splits.holdout(labels: data.labels, classCount: data.classes.count, testFraction: 0.3, seed: 4)
        for lambda in [0.0, 2.0] {
            var parameters = ASONNParameters()
            parameters.lambda = lambda
            let model = try ASONNClassifier(parameters: parameters).fit(data.subset(split.train), costs: costs)
            var generator = SeededGenerator(seed: 21)
            var rows = (0..<data.rowCount).map { Array(data.row($0)) }
            for _ in 0..<100 {
                rows.append(data.attributes.indices.map { a in
                    Int.random(in: 0..<5, using: &generator) == 0
                        ? .nan : data.value(Int.random(in: 0..<data.rowCount, using: &generator), a)
                })
            }
            let predictor = model.predictor()
            let differing = rows.filter {
                predictor.predictSequentially(row: $0) != model.referenceSequentialPrediction(row: $0)
            }.count
            #expect(differing == 0, "\(name) lambda \(lambda): \(differing) rows differ")
        }
    }

    /// A model of two numeric attributes x and y fitted on `values`, whose combinations the
    /// hand-computed tests below replace, priced by `costs` (x, y).
    static func handModel(values: [Double], costs: [Double]) throws -> ASONNModel {
        let data = try Dataset(name: "t",
                               attributes: [Attribute(name: "x", kind: .numeric), Attribute(name: "y", kind: .numeric)],
                               targetName: "c", classes: ["A", "B"], values: values, labels: [0, 0, 1, 1])
        let pricing = TestCosts(profileName: "t", unit: "", attributeCost: costs, groupOf: [nil, nil],
                                groupNames: [], groupCost: [])
        return try ASONNClassifier().fit(data, costs: pricing)
    }

    static func range(_ a: Int, _ low: Double, _ high: Double, _ w: Double) -> RangeNeuron {
        RangeNeuron(attribute: a, lower: low, upper: high, categories: [], weight: w, seeds: 2, weeds: 0)
    }

    @Test func tiesAtOneAreSettledBySupportWithoutTheRivalsTests() throws {
        var model = try Self.handModel(values: [0, 0, 10, 10, 0, 10, 10, 0], costs: [1, 100])
        func range(_ a: Int, _ w: Double) -> RangeNeuron { Self.range(a, 0, 10, w) }
        // A: x in [0, 10], support 5. B: x and y in [0, 10], support 2. A point inside both
        // ties at 1 and goes to A by support, whatever y turns out to be.
        model.combinations = [
            Combination(classIndex: 1, ranges: [range(0, 0.5), range(1, 0.5)], represented: 2, ambiguous: false),
            Combination(classIndex: 0, ranges: [range(0, 1)], represented: 5, ambiguous: false),
        ]
        let row: [Double] = [5, 5]
        #expect(model.predict(row: row).classIndex == 0)
        let result = model.predictor().predictSequentially(row: row)
        #expect(result.classIndex == 0)
        #expect(result.measured == [0], "y, which only B's rule uses, is never paid for")
        // With B's support above A's, y must be measured: B wins the tie.
        model.combinations[0].represented = 9
        let rival = model.predictor().predictSequentially(row: row)
        #expect(rival.classIndex == model.predict(row: row).classIndex)
        #expect(rival.classIndex == 1 && rival.measured == [0, 1])
    }

    @Test func theTestThatSettlesMostPerCostComesFirst() throws {
        // x costs 1 but carries a tenth of each rule's weight; y costs 2 and carries nine
        // tenths: y settles 0.9 / 2 per unit of cost against x's 0.1 / 1, and alone decides.
        // (Cheapest first would measure x, settle nothing, and pay 3.)
        let values: [Double] = [0, 0, 1, 1, 10, 10, 11, 11]
        var model = try Self.handModel(values: values, costs: [1, 2])
        let range = Self.range
        model.combinations = [
            Combination(classIndex: 0, ranges: [range(0, 0, 1, 0.1), range(1, 0, 1, 0.9)], represented: 2,
                        ambiguous: false),
            Combination(classIndex: 1, ranges: [range(0, 10, 11, 0.1), range(1, 10, 11, 0.9)], represented: 2,
                        ambiguous: false),
        ]
        let predictor = model.predictor()
        for i in 0..<4 {
            let row = Array(values[(2 * i)..<(2 * i + 2)])
            let result = predictor.predictSequentially(row: row)
            #expect(result.classIndex == (i < 2 ? 0 : 1))
            #expect(result.measured == [1] && result.cost == 2, "\(result)")
            #expect(result == model.referenceSequentialPrediction(row: row))
        }
    }

    @Test func cheapestDecisiveTestFirst() throws {
        // x separates the classes and costs 1; y also separates them but costs 100.
        let values: [Double] = [0, 0, 1, 1, 10, 10, 11, 11]
        var model = try Self.handModel(values: values, costs: [1, 100])
        // Two rules that test both attributes, x weighted more.
        let range = Self.range
        model.combinations = [
            Combination(classIndex: 0, ranges: [range(0, 0, 1, 0.7), range(1, 0, 1, 0.3)], represented: 2,
                        ambiguous: false),
            Combination(classIndex: 1, ranges: [range(0, 10, 11, 0.7), range(1, 10, 11, 0.3)], represented: 2,
                        ambiguous: false),
        ]
        let predictor = model.predictor()
        for i in 0..<4 {
            let result = predictor.predictSequentially(row: Array(values[(2 * i)..<(2 * i + 2)]))
            #expect(result.classIndex == (i < 2 ? 0 : 1))
            // After x: own rule >= .7, the other <= .3 + .7 * (almost 0): settled.
            #expect(result.measured == [0], "the cheap test settles it")
            #expect(result.cost == 1)
        }
        // A row where x is missing: y must be measured too.
        let unknownX = predictor.predictSequentially(row: [Double.nan, 0])
        #expect(unknownX.measured == [0, 1])
        #expect(unknownX.classIndex == 0)
        #expect(unknownX.cost == 101)
    }

    /// A rule whose every weighted value is missing holds the row when its weight-0 range
    /// holds it (missing counts as inside), so sequential acquisition must measure that
    /// range's test before it can settle; outside it, the rule scores 0 (no present weight).
    @Test func aRuleHeldOnlyThroughMissingValuesNeedsItsWeightZeroTest() throws {
        var model = try Self.handModel(values: [0, 0, 1, 1, 5, 5, 6, 6], costs: [1, 1])
        let range = Self.range
        // A: x in [0, 1] (weight 1), y in [0, 1] (weight 0). B: y in [5, 6], more support.
        model.combinations = [
            Combination(classIndex: 0, ranges: [range(0, 0, 1, 1), range(1, 0, 1, 0)], represented: 2,
                        ambiguous: false),
            Combination(classIndex: 1, ranges: [range(1, 5, 6, 1)], represented: 9, ambiguous: false),
        ]
        let predictor = model.predictor()
        let insideA: [Double] = [.nan, 0.5]
        #expect(model.predict(row: insideA).scores == [1, exp((1 - 10.0 * 10.0) / 2)])
        let a = predictor.predictSequentially(row: insideA)
        #expect(a.classIndex == 0 && a.measured.contains(1))
        let insideB: [Double] = [.nan, 5.5]
        #expect(model.predict(row: insideB).scores == [0, 1])
        let b = predictor.predictSequentially(row: insideB)
        #expect(b.classIndex == 1 && b.measured.contains(1))
    }
}
