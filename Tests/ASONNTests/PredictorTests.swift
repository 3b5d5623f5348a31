import Foundation
import Testing
@testable import ASONN

/// The compiled `Predictor` skips combinations through its indexes; it must return exactly
/// the `Prediction` of the plain definition (every rule's excitation, max-pooled per
/// class) on every row: data rows, missing values, values outside the training range,
/// on range ends and a hair beyond them, unknown and fractional categories. Its
/// explanations, from the same flat tables, must equal the plain ones too.
struct PredictorTests {

    /// The data rows and `extra` random rows built to hit the predictor's edge cases.
    static func rows(_ data: Dataset, model: ASONNModel, extra: Int, seed: UInt64) -> [[Double]] {
        var generator = SeededGenerator(seed: seed)
        var rows = (0..<data.rowCount).map { Array(data.row($0)) }
        let ranges = model.combinations.flatMap(\.ranges)
        for _ in 0..<extra {
            rows.append(data.attributes.indices.map { a -> Double in
                let attribute = model.attributes[a]
                let pick = Int.random(in: 0..<8, using: &generator)
                if pick == 0 { return .nan }
                if !attribute.numeric {
                    let count = attribute.categories?.count ?? 1
                    switch pick {
                    case 1: return Double(count + Int.random(in: 0..<3, using: &generator))  // unknown index
                    case 2: return -1
                    case 3: return Double(Int.random(in: 0..<count, using: &generator)) + 0.5  // Int() truncates
                    default: return Double(Int.random(in: 0..<count, using: &generator))
                    }
                }
                let low = attribute.minimum ?? 0, high = attribute.maximum ?? 1, span = max(high - low, 1)
                let onAttribute = ranges.filter { $0.attribute == a && !$0.isCategorical }
                switch pick {
                case 1: return low - Double.random(in: 0...3, using: &generator) * span
                case 2: return high + Double.random(in: 0...3, using: &generator) * span
                case 3, 4:
                    // A range end, or the next representable value past it.
                    guard let range = onAttribute.randomElement(using: &generator) else { return low }
                    switch Int.random(in: 0..<4, using: &generator) {
                    case 0: return range.lower
                    case 1: return range.upper
                    case 2: return range.lower.nextDown
                    default: return range.upper.nextUp
                    }
                case 5: return [Double.infinity, -.infinity].randomElement(using: &generator) ?? low
                default: return data.value(Int.random(in: 0..<data.rowCount, using: &generator), a)
                }
            })
        }
        return rows
    }

    static func check(_ model: ASONNModel, rows: [[Double]], _ label: String) {
        let predictor = model.predictor()
        #expect(predictor.tables.isIndexed, "\(label): compiled")
        var mismatches = 0
        for row in rows where predictor.predict(row: row) != plainPrediction(model, row) { mismatches += 1 }
        #expect(mismatches == 0, "\(label): \(mismatches) of \(rows.count) rows differ")
        // Batch (threaded) predictions equal the row-by-row ones, in order.
        let batch = predictor.predictions(values: rows.flatMap { $0 }, rowCount: rows.count,
                                       stride: model.attributes.count)
        let batchMismatches = zip(batch, rows).filter { $0 != model.predict(row: $1) }.count
        #expect(batch.count == rows.count && batchMismatches == 0, "\(label): batch, \(batchMismatches) rows differ")
        // The classes alone, scored only as far as they can change, are the same classes.
        let classes = predictor.predictedClasses(values: rows.flatMap { $0 }, rowCount: rows.count,
                                                 stride: model.attributes.count)
        let classMismatches = zip(classes, batch).filter { $0 != $1.classIndex }.count
        #expect(classes.count == rows.count && classMismatches == 0, "\(label): \(classMismatches) classes differ")
        // Explanations, of the row alone and of its batch prediction, equal the definition's.
        let explained = zip(batch, rows).filter { prediction, row in
            let reference = model.referenceExplanation(row: row)
            return predictor.explain(row: row) != reference
                || predictor.explain(row: row, prediction: prediction) != reference
        }.count
        #expect(explained == 0, "\(label): \(explained) explanations differ")
    }

    /// Fewer rows than `indexedFromRows` are scored without the level indexes, with the same
    /// predictions, explanations and sequential answers as the indexed predictor.
    @Test func aFewRowsSkipTheIndexesWithTheSameAnswers() throws {
        let data = try bundled("heart")
        let model = try ASONNClassifier().fit(data)
        let few = model.predictor(forRows: Predictor.indexedFromRows - 1)
        let many = model.predictor(forRows: Predictor.indexedFromRows)
        #expect(!few.tables.isIndexed && many.tables.isIndexed && model.predictor().tables.isIndexed)
        let rows = (0..<data.rowCount).map { data.row($0) }
        let batch = few.predictions(data)
        #expect(batch == many.predictions(data))
        #expect(few.predictedClasses(data) == batch.map(\.classIndex))
        #expect(many.predictedClasses(data) == batch.map(\.classIndex))
        // Short rows (the last two attributes missing) through both predictors.
        let width = data.attributeCount - 2
        let short = rows.flatMap { $0.prefix(width) }
        let shortClasses = short.isEmpty ? [] : many.predictions(values: short, rowCount: rows.count, stride: width)
            .map(\.classIndex)
        #expect(many.predictedClasses(values: short, rowCount: rows.count, stride: width) == shortClasses)
        #expect(few.predictedClasses(values: short, rowCount: rows.count, stride: width) == shortClasses)
        for (row, prediction) in zip(rows, batch) {
            #expect(few.predict(row: row) == prediction)
            #expect(few.explain(row: row) == many.explain(row: row))
            #expect(few.predictSequentially(row: row, risk: 0) == many.predictSequentially(row: row, risk: 0))
        }
    }

    @Test(arguments: bundledDataSets)
    func predictorEqualsTheDefinitionOnBundledData(name: String) throws {
        let data = try bundled(name)
        let split = Splits.holdout(labels: data.labels, classCount: data.classes.count, testFraction: 0.3, seed: 5)
        for parameters in [ASONNParameters(), .paper] {
            for train in [data, data.subset(split.train)] {
                let model = try ASONNClassifier(parameters: parameters).fit(train)
                Self.check(model, rows: Self.rows(data, model: model, extra: 400, seed: 11),
                           "\(name) \(train.rowCount) rows")
            }
        }
    }

    /// Random data sets with categorical attributes and missing values.
    @Test(arguments: 0..<30)
    func predictorEqualsTheDefinitionOnRandomModels(seed: Int) throws {
        let data = randomDataset(seed: UInt64(500 + seed))
        for parameters in [ASONNParameters(), .paper] {
            let model = try ASONNClassifier(parameters: parameters).fit(data)
            Self.check(model, rows: Self.rows(data, model: model, extra: 300, seed: UInt64(seed)), "random \(seed)")
        }
    }

    /// The first level computed for a block of rows at once, as batches do, gives every
    /// row the prediction and class of the definition, whatever the block's size.
    @Test(arguments: [1, 3, 8, 256])
    func blockwiseFirstLevelEqualsTheDefinition(blockRows: Int) throws {
        for seed in 0..<6 {
            let data = randomDataset(seed: UInt64(700 + seed))
            let model = try ASONNClassifier().fit(data)
            let rows = Self.rows(data, model: model, extra: 150, seed: UInt64(seed))
            let results = model.predictor().tables.blockwise(rows: rows, model: model, blockRows: blockRows)
            #expect(results.count == rows.count)
            let wrong = zip(results, rows).filter { result, row in
                let expected = plainPrediction(model, row)
                return result.0 != expected || result.1 != expected.classIndex
            }.count
            #expect(wrong == 0, "seed \(seed): \(wrong) of \(rows.count) rows differ")
        }
    }

    /// Hand-edited models: a rule without ranges, ranges of weight 0, a class without
    /// rules, point ranges without a width floor.
    @Test func predictorEqualsTheDefinitionOnUnusualModels() throws {
        let data = try bundled("iris")
        var model = try ASONNClassifier().fit(data)
        let rows = Self.rows(data, model: model, extra: 200, seed: 3)
        var edited = model
        edited.combinations.append(Combination(classIndex: 1, ranges: [], represented: 1, ambiguous: false))
        edited.combinations[0].ranges = edited.combinations[0].ranges.map { var r = $0; r.weight = 0; return r }
        Self.check(edited, rows: rows, "iris edited")
        edited = model
        edited.combinations.removeAll { $0.classIndex == 2 }
        Self.check(edited, rows: rows, "iris without class 2")
        for a in model.attributes.indices { model.attributes[a].widthFloor = 0 }
        for k in model.combinations.indices {
            model.combinations[k].ranges = model.combinations[k].ranges.map { var r = $0; r.upper = r.lower; return r }
        }
        Self.check(model, rows: rows, "iris point ranges")
    }

    /// Class-only prediction stops early on most rows inside a rule's box (every training
    /// row is), and still gives the classes of full prediction when it does; also with
    /// class 0 without rules, and with two classes tied at 1 on equal support.
    @Test func classOnlyPredictionStopsEarlyWithTheSameClasses() throws {
        let data = try bundled("iris")
        let model = try ASONNClassifier().fit(data)
        let predictor = model.predictor()
        let rows = (0..<data.rowCount).map { Array(data.row($0)) }
        let early = rows.filter { predictor.tables.decidesClassEarly(row: $0, model: model) }.count
        #expect(early * 2 > rows.count, "early on \(early) of \(rows.count) training rows")
        #expect(predictor.predictedClasses(data) == predictor.predictions(data).map(\.classIndex))

        var withoutFirst = model
        withoutFirst.combinations.removeAll { $0.classIndex == 0 }
        Self.check(withoutFirst, rows: Self.rows(data, model: withoutFirst, extra: 200, seed: 4),
                   "iris without class 0")
        // Every class-0 rule copied to class 1 and to class 2 with the same support: rows in
        // them tie at 1 three ways and class order decides.
        var tied = model
        for combination in model.combinations where combination.classIndex == 0 {
            for c in [1, 2] {
                tied.combinations.append(Combination(classIndex: c, ranges: combination.ranges,
                                                     represented: combination.represented, ambiguous: false))
            }
        }
        Self.check(tied, rows: Self.rows(data, model: tied, extra: 200, seed: 6), "iris tied at 1")
    }

    /// Wide tie tolerances: classes close to the best tie and are decided by support, so the
    /// class-only path must score them (the tolerance only changes decisions below 1).
    @Test(arguments: [0.0, 0.01, 0.05, 0.3])
    func predictedClassesHonourTheTieTolerance(tolerance: Double) throws {
        for name in ["heart", "wine", "bupa"] {
            let data = try bundled(name)
            var model = try ASONNClassifier().fit(data)
            model.parameters.tieTolerance = tolerance
            let rows = Self.rows(data, model: model, extra: 400, seed: 17)
            Self.check(model, rows: rows, "\(name) tolerance \(tolerance)")
        }
    }

    @Test func shortRowsHaveMissingAttributes() throws {
        let data = try bundled("iris")
        let model = try ASONNClassifier().fit(data)
        let predictor = model.predictor()
        let rows = (0..<data.rowCount).map { Array(data.row($0).prefix(2)) }
        let padded = rows.map { $0 + [.nan, .nan] }
        #expect(rows.map { predictor.predict(row: $0) } == padded.map { model.predict(row: $0) })
        #expect(predictor.predictions(values: rows.flatMap { $0 }, rowCount: rows.count,
                                   stride: 2) == padded.map { model.predict(row: $0) })
        // More rows asked for than given: the rows given.
        #expect(predictor.predictions(values: data.values, rowCount: data.rowCount + 5, stride: 4).count
                == data.rowCount)
        #expect(predictor.predictions(values: [], rowCount: 3, stride: 4).isEmpty)
    }

    @Test func invalidWeightsTakeThePlainPath() throws {
        var model = try ASONNClassifier().fit(try bundled("iris"))
        model.combinations[0].ranges[0].weight = -1
        let predictor = model.predictor()
        #expect(!predictor.tables.isIndexed)
        let row = [5.0, 3.4, 1.5, 0.2]
        #expect(predictor.predict(row: row) == model.predict(row: row))
        #expect(predictor.explain(row: row) == model.referenceExplanation(row: row))
        #expect(predictor.predictSequentially(row: row) == model.referenceSequentialPrediction(row: row))
    }
}
