import Foundation
import Testing
@testable import ASONN

/// Self-configuration: the minimum discrimination and stop rule chosen by an inner
/// cross-validation on the training rows, recorded with the model.
struct SelfConfigurationTests {
    @Test(arguments: bundledDataSets)
    func theChoiceIsTheBestInnerScoreAndTheModelIsBuiltWithIt(name: String) throws {
        let data = try bundled(name)
        let model = try ASONNClassifier().fitSelfConfigured(data)
        let configuration = try #require(model.configuration)
        let scores = configuration.candidates.map(\.accuracy)
        let best = try #require(scores.max())
        // Of those within the tolerance of the best, the fewest conditions, the first of equals.
        let good = configuration.candidates.indices.filter { scores[$0] >= best - configuration.tolerance }
        let fewest = try #require(good.map { configuration.candidates[$0].conditions }.min())
        #expect(configuration.chosen == good.first { configuration.candidates[$0].conditions == fewest })
        let chosen = configuration.candidates[configuration.chosen]
        #expect(model.parameters.minDiscrimination == chosen.minDiscrimination)
        #expect(model.parameters.stopRule == chosen.stopRule)
        // The model is the fixed-settings model of the chosen candidate, plus the record.
        var fixed = ASONNParameters()
        fixed.minDiscrimination = chosen.minDiscrimination
        fixed.stopRule = chosen.stopRule
        var plain = model
        plain.configuration = nil
        #expect(try plain.jsonData() == ASONNClassifier(parameters: fixed).fit(data).jsonData())
        try model.validateStructure()
        try model.checkTrainingInvariants(on: data)
    }

    /// The recorded inner accuracies, recomputed by hand: 3 stratified folds with seed 0,
    /// each candidate fitted on two and scored on the third.
    @Test func innerAccuraciesAreThoseOfAThreeFoldCrossValidation() throws {
        let data = try bundled("wine")
        let model = try ASONNClassifier().fitSelfConfigured(data)
        let configuration = try #require(model.configuration)
        #expect(configuration.folds == 3 && configuration.rows == data.rowCount)
        let splits = Splits.kFold(labels: data.labels, classCount: data.classes.count, folds: 3, seed: 0)
        for candidate in configuration.candidates {
            var parameters = ASONNParameters()
            parameters.minDiscrimination = candidate.minDiscrimination
            parameters.stopRule = candidate.stopRule
            var correct = 0, conditions = 0
            for split in splits {
                let test = data.subset(split.test)
                let inner = try ASONNClassifier(parameters: parameters).fit(data.subset(split.train))
                correct += zip(inner.predict(test), test.labels).filter { $0 == $1 }.count
                conditions += inner.constrainingRangeCount
            }
            #expect(candidate.accuracy == Double(correct) / Double(data.rowCount), "\(candidate)")
            #expect(candidate.conditions == Double(conditions) / 3, "\(candidate)")
        }
        // One standard error of the best inner accuracy over the inner test rows (every row once).
        let best = try #require(configuration.candidates.map(\.accuracy).max())
        #expect(configuration.tolerance == (best * (1 - best) / Double(data.rowCount)).squareRoot())
    }

    @Test func largeDataChooseOnAStratifiedSample() throws {
        let data = try bundled("pima")
        let model = try ASONNClassifier().fitSelfConfigured(data, sampleRows: 300)
        let configuration = try #require(model.configuration)
        #expect(abs(configuration.rows - 300) <= data.classes.count)
        #expect(model.summary.rows == data.rowCount)  // the model itself sees every row
        let sample = Splits.stratifiedSample(data, rows: 300)
        for c in data.classes.indices {
            let share = Double(data.classCounts[c]) / Double(data.rowCount)
            #expect(abs(Double(sample.classCounts[c]) - share * Double(sample.rowCount)) <= 1)
        }
    }

    @Test func theChoiceIsDeterministicAndRoundTrips() throws {
        let data = try bundled("heart")
        let first = try ASONNClassifier().fitSelfConfigured(data)
        let second = try ASONNClassifier().fitSelfConfigured(data)
        #expect(try first.jsonData() == second.jsonData())
        let loaded = try ASONNModel.decode(first.jsonData(), file: "m.json")
        #expect(loaded == first)
        #expect(loaded.configuration != nil)
    }

    @Test func aRecordThatDisagreesWithTheParametersIsRefused() throws {
        var model = try ASONNClassifier().fitSelfConfigured(try bundled("iris"))
        let configuration = try #require(model.configuration)
        model.configuration?.chosen = configuration.candidates.count
        #expect(throws: InvariantViolation.self) { try model.validateStructure() }
        model.configuration = configuration
        model.configuration?.chosen = (configuration.chosen + 1) % configuration.candidates.count
        #expect(throws: InvariantViolation.self) { try model.validateStructure() }
        model.configuration = configuration
        model.configuration?.candidates[0].accuracy = 1.5
        #expect(throws: InvariantViolation.self) { try model.validateStructure() }
    }

    @Test(arguments: 0..<12)
    func randomDataKeepTheTrainingGuarantee(seed: Int) throws {
        let data = randomDataset(seed: UInt64(seed))
        let model = try ASONNClassifier().fitSelfConfigured(data)
        try model.validateStructure()
        try model.checkTrainingInvariants(on: data)
    }
}
