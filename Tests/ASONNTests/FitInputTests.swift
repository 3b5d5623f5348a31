import Testing
@testable import ASONN

/// `fit` takes a `Dataset` and `TestCosts` whose fields are public: changed after their
/// checks, they are refused with an error instead of trapping in construction.
struct FitInputTests {
    @Test func aLabelChangedAfterTheChecksIsRefused() throws {
        var data = try bundled("iris")
        data.labels[0] = 99
        #expect(throws: DataError.self) { try ASONNClassifier().fit(data) }
    }

    @Test func testCostsPointingPastTheirGroupsAreRefused() throws {
        let data = try bundled("iris")
        var costs = TestCosts.uniform(attributeCount: data.attributeCount)
        costs.groupOf[0] = 3
        #expect(throws: ParameterError.self) { try ASONNClassifier().fit(data, costs: costs) }
        costs.groupOf[0] = nil
        costs.attributeCost[1] = .infinity
        #expect(throws: ParameterError.self) { try ASONNClassifier().fit(data, costs: costs) }
        costs.attributeCost[1] = 1
        #expect(try ASONNClassifier().fit(data, costs: costs).combinations.isEmpty == false)
    }
}
