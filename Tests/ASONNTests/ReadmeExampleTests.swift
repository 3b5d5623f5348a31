import Foundation
import Testing
@testable import ASONN

/// The README's library example, run as written (paths from the package root).
struct ReadmeExampleTests {
    @Test func libraryExampleRuns() async throws {
        let root = packageRoot.path + "/"
        let modelPath = FileManager.default.temporaryDirectory
            .appendingPathComponent("iris-model-\(UUID().uuidString).json").path
        defer { try? FileManager.default.removeItem(atPath: modelPath) }

        let data = try Dataset.load(contentsOf: root + "Datasets/iris.csv").dataset
        let model = try ASONNClassifier().fit(data)
        let prediction = model.predict(row: data.row(0))
        let predictor = model.predictor()
        let all = predictor.predictions(data)
        let classes = predictor.predictedClasses(data)
        let probabilities = model.probabilities(for: prediction)
        let why = predictor.explain(row: data.row(0))
        try model.save(to: modelPath)
        let again = try ASONNModel.load(from: modelPath)
        #expect(again == model)
        let bagged = try ASONNClassifier().fitEnsemble(data, members: 25)
        let votes = bagged.predictor().predict(row: data.row(0))
        #expect(votes.votes.reduce(0, +) == 25 && votes.votes[votes.classIndex] == votes.votes.max())
        #expect(data.classes[prediction.classIndex] == why.class)
        #expect(all.count == data.rowCount && all[0] == prediction)
        #expect(classes == all.map(\.classIndex))
        #expect(abs(probabilities.reduce(0, +) - 1) < 1e-12)

        let heart = try Dataset.load(contentsOf: root + "Datasets/heart.csv").dataset
        let costs = try CostProfile.load(from: root + "CostProfiles/heart.json")
            .resolve(for: heart.attributes.map(\.name))
        var parameters = ASONNParameters()
        parameters.lambda = 2
        let cheap = try ASONNClassifier(parameters: parameters).fit(heart, costs: costs)
        let acquired = cheap.predictor().predictSequentially(row: heart.row(0))
        #expect(acquired.classIndex == cheap.predict(row: heart.row(0)).classIndex)
        var settings = TradeOffSettings()
        settings.lambdas = [0]
        settings.pruneModes = [.none]
        let report = try await TradeOff.study(heart, costs: costs, settings: settings)
        expectParetoMarking(report.results)
        #expect(report.results.contains { $0.paretoOptimal })
    }
}
