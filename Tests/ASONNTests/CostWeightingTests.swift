import Foundation
import Testing
@testable import ASONN

/// Cost-weighted construction (spec 7a).
struct CostWeightingTests {
    func profile(_ name: String, for data: Dataset) throws -> TestCosts {
        try CostProfile.load(from: packageRoot.appendingPathComponent("CostProfiles/\(name).json").path)
            .resolve(for: data.attributes.map(\.name))
    }

    /// Mean cost over the rules of the tests each rule constrains.
    func meanRuleCost(_ model: ASONNModel, _ costs: TestCosts) -> Double {
        let total = model.combinations.reduce(0.0) { sum, combination in
            sum + costs.cost(of: combination.ranges.filter(model.constrains).map(\.attribute))
        }
        return total / Double(model.combinations.count)
    }

    @Test(arguments: ["heart", "pima", "bupa"])
    func lambdaKeepsTheGuaranteeAndLowersRuleCost(name: String) throws {
        let data = try bundled(name)
        let costs = try profile(name, for: data)
        var parameters = ASONNParameters()
        let blind = try ASONNClassifier(parameters: parameters).fit(data, costs: costs)
        parameters.lambda = 4
        let weighted = try ASONNClassifier(parameters: parameters).fit(data, costs: costs)
        try weighted.validateStructure()
        try weighted.checkTrainingInvariants(on: data)
        #expect(weighted.costs == costs)
        #expect(weighted.parameters.lambda == 4)
        #expect(meanRuleCost(weighted, costs) < meanRuleCost(blind, costs),
                "\(name): \(meanRuleCost(weighted, costs)) vs \(meanRuleCost(blind, costs))")
    }

    @Test func lambdaZeroIgnoresCosts() throws {
        let data = try bundled("heart")
        let withCosts = try ASONNClassifier().fit(data, costs: profile("heart", for: data))
        let without = try ASONNClassifier().fit(data)
        #expect(withCosts.combinations == without.combinations)
    }

    @Test func costsRoundTripInTheModelFile() throws {
        let data = try bundled("bupa")
        var parameters = ASONNParameters()
        parameters.lambda = 1
        let model = try ASONNClassifier(parameters: parameters).fit(data, costs: profile("bupa", for: data))
        let loaded = try ASONNModel.decode(model.jsonData(), file: "m.json")
        #expect(loaded == model)
        #expect(loaded.costs?.groupNames == ["blood test"])
    }

    @Test func mismatchedCostsAreRejected() throws {
        let data = try bundled("iris")
        #expect(throws: ParameterError.self) {
            try ASONNClassifier().fit(data, costs: TestCosts.uniform(attributeCount: 3))
        }
        var parameters = ASONNParameters()
        parameters.lambda = -1
        #expect(throws: ParameterError.self) { try ASONNClassifier(parameters: parameters).fit(data) }
    }
}
