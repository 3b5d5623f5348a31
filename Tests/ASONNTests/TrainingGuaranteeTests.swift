import Foundation
import Testing
@testable import ASONN

/// The training guarantee on data built to break it: a box that holds a row on every
/// range outranks every box the row lies outside of, however small the gap (values 1e-7
/// apart) and however wide the attribute (outliers up to 9e18), so every training row of
/// data without conflicting rows is classified as its own class.
struct TrainingGuaranteeTests {
    /// An outlier makes the width floor 1e11, so the value 2 lies 1 outside the box [1, 1]
    /// of class x and its hat there is 1 - 2e-11: within the tie tolerance of 1.
    @Test func anOutlierWidthFloorDoesNotLetAnotherClassWin() throws {
        let data = try Dataset(name: "outlier", attributes: [Attribute(name: "a", kind: .numeric)], targetName: "class",
                           classes: ["x", "y"], values: [1, 2, 1e12], labels: [0, 1, 0])
        let model = try ASONNClassifier().fit(data)
        #expect(model.summary.ambiguousLines.isEmpty)
        #expect(model.predict(data) == [0, 1, 0])
        // A near-tie that the tolerance alone would call a tie.
        let scores = model.predict(row: [2.0]).scores
        #expect(scores[1] == 1 && scores[0] < 1 && scores[0] > 1 - model.parameters.tieTolerance)
        try model.checkTrainingInvariants(on: data)
    }

    /// A value a hair outside a wide range: the hat rounds to exactly 1, yet the box does
    /// not hold the value, so its excitation stays below 1.
    @Test func aHairOutsideAWideRangeScoresBelowOne() throws {
        var model = try ASONNClassifier().fit(Self.twoRows)
        let wide = RangeNeuron(attribute: 0, lower: -1e19, upper: 1e18, categories: [], weight: 1, seeds: 1, weeds: 0)
        model.combinations = [Combination(classIndex: 0, ranges: [wide], represented: 1, ambiguous: false)]
        let justAbove = (1e18).nextUp
        #expect(model.output(of: wide, for: justAbove) == 1)
        #expect(model.excitation(of: model.combinations[0], for: [justAbove]) == ASONNModel.outsideCeiling)
        #expect(model.excitation(of: model.combinations[0], for: [1e18]) == 1)
        #expect(model.predictor().predict(row: [justAbove]).scores[0] == ASONNModel.outsideCeiling)
    }

    @Test(arguments: 0..<120)
    func awkwardDataIsLearnedWithoutError(seed: Int) throws {
        let data = Self.awkwardDataset(seed: UInt64(seed))
        #expect(!hasConflictingRows(data))
        let parameters = InvariantTests.variants[seed % InvariantTests.variants.count].1
        let model = try ASONNClassifier(parameters: parameters).fit(data)
        try model.validateStructure()
        try model.checkTrainingInvariants(on: data)
        #expect(model.summary.ambiguousLines.isEmpty, "seed \(seed)")
        #expect(model.predict(data) == data.labels, "seed \(seed): 100% training accuracy")
        let predictor = model.predictor()  // one for every row
        for i in 0..<data.rowCount {
            let row = Array(data.row(i))
            let definition = plainPrediction(model, row)
            #expect(definition.classIndex == data.labels[i], "seed \(seed) row \(i)")
            #expect(predictor.predict(row: row) == definition, "seed \(seed) row \(i)")
            let sequential = predictor.predictSequentially(row: row)
            #expect(sequential.classIndex == data.labels[i], "seed \(seed) row \(i)")
            #expect(sequential == model.referenceSequentialPrediction(row: row), "seed \(seed) row \(i)")
        }
    }

    static let twoRows = Dataset(unchecked: "two", attributes: [Attribute(name: "a", kind: .numeric)],
                                 targetName: "class",
                                 classes: ["x", "y"], values: [-1e19, 1e18], labels: [0, 1])

    /// Numeric columns of one of three kinds: near-equal values (steps of 1e-7 of the
    /// value, sometimes with a far outlier), a huge span (-9e18 to 9e18 with small values
    /// in between), or small integers with one outlier. Rows with equal values share a
    /// class, so no two rows conflict.
    static func awkwardDataset(seed: UInt64) -> Dataset {
        var generator = SeededGenerator(seed: seed)
        let rows = Int.random(in: 8...80, using: &generator)
        let attributeCount = Int.random(in: 1...4, using: &generator)
        let classCount = Int.random(in: 2...3, using: &generator)
        var pools: [[Double]] = []
        for _ in 0..<attributeCount {
            switch Int.random(in: 0..<3, using: &generator) {
            case 0:
                let base = Double.random(in: 0.1...1000, using: &generator)
                var pool = (0..<4).map { base * (1 + Double($0) * 1e-7) }
                if Bool.random(using: &generator) { pool.append(1e12) }
                pools.append(pool)
            case 1:
                pools.append([-9e18, -1e6, 0, 1e-7, 2e-7, 1, 1e12, 9e18])
            default:
                pools.append([0, 1, 2, 3, 1e15])
            }
        }
        var values: [Double] = [], labels: [Int] = []
        var classOf: [[Double]: Int] = [:]
        for r in 0..<rows {
            let row = pools.map { $0[Int.random(in: 0..<$0.count, using: &generator)] }
            // Every class at least once, then random; a repeated row keeps its first class.
            let label = classOf[row] ?? (r < classCount ? r : Int.random(in: 0..<classCount, using: &generator))
            classOf[row] = label
            values += row
            labels.append(label)
        }
        let attributes = (0..<attributeCount).map { Attribute(name: "a\($0)", kind: .numeric) }
        return Dataset(unchecked: "awkward\(seed)", attributes: attributes, targetName: "class",
                       classes: (0..<classCount).map { "k\($0)" }, values: values, labels: labels)
    }
}
