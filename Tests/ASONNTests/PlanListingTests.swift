@testable import ASONN
import ASONNRendering
import Testing

/// `PlanListing.runsOver`: a plan runs over its budget when its expected cost per case, to the
/// cent as the plan prints it, is above the budget.
struct PlanListingTests {
    private func plan(costing expected: Double) -> TestPlan {
        TestPlan(costProfile: "p", unit: "CAD", steps: [], panelCost: 10, expectedCost: expected, allTestsCost: 10,
                 accuracy: nil, accuracySpread: nil, policy: nil, sample: nil)
    }

    @Test(arguments: [(120.004, false), (120.0, false), (119.99, false), (120.006, true), (120.01, true)])
    func aPlanRunsOverOnlyWhenItsCostToTheCentIsAboveTheBudget(expected: Double, over: Bool) {
        #expect(PlanListing.runsOver(plan(costing: expected), budget: 120) == over, "\(expected)")
    }
}
