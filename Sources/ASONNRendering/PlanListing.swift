import ASONN
import Foundation

/// What `asonn plan --format json` prints: the target, the configuration chosen with its
/// cross-validated figures, and the test plan of the model trained on every case; or,
/// when no configuration meets the target, the closest ones.
public struct PlanListing: Encodable {
    /// One configuration of the study: its label, its tests by name and its figures.
    public struct Choice: Encodable {
        public var label: String
        public var tests: [String]
        public var result: TradeOffResult
    }

    /// The budget (mean cost per case), when the target is one.
    public var budget: Double?
    /// The minimum accuracy, when the target is one.
    public var minAccuracy: Double?
    /// Whether some configuration met the target.
    public var met: Bool
    /// The cross-validation the figures come from.
    public var folds: Int
    public var repeats: Int
    /// What the text says of how the study ran: the large-data options and the sample it
    /// cross-validated on, when used (empty otherwise).
    public var notes: [String]
    public var chosen: Choice?
    public var plan: TestPlan?
    /// With a budget: whether the retrained model spends more than it on the plan's cases
    /// (`runsOver`); absent with a minimum accuracy.
    public var retrainedOverBudget: Bool?
    /// Where the model was written.
    public var model: String?
    /// When no configuration meets the target: the nearest ones.
    public var closest: [Choice]?

    /// The listing of a plan that met its target.
    public init(report: TradeOffReport, budget: Double?, minAccuracy: Double?, chosen: TradeOffResult,
                plan: TestPlan, model: String) {
        self.init(report: report, budget: budget, minAccuracy: minAccuracy, met: true)
        self.chosen = Self.choice(chosen, in: report)
        self.plan = plan
        self.retrainedOverBudget = budget.map { Self.runsOver(plan, budget: $0) }
        self.model = model
    }

    /// The listing when nothing meets the target.
    public init(report: TradeOffReport, budget: Double?, minAccuracy: Double?, closest: [TradeOffResult]) {
        self.init(report: report, budget: budget, minAccuracy: minAccuracy, met: false)
        self.closest = closest.map { Self.choice($0, in: report) }
    }

    private init(report: TradeOffReport, budget: Double?, minAccuracy: Double?, met: Bool) {
        self.budget = budget
        self.minAccuracy = minAccuracy
        self.met = met
        folds = report.folds
        repeats = report.repeats ?? 1
        notes = [report.sampling, report.construction].compactMap { $0 }
    }

    /// Whether the plan's expected cost per case, to the cent as the text prints it, is above
    /// `budget`: a note that the model "spends 120.00, above the budget of 120.00" says nothing.
    public static func runsOver(_ plan: TestPlan, budget: Double) -> Bool {
        (Double(String(format: "%.2f", plan.expectedCost)) ?? plan.expectedCost) > budget
    }

    private static func choice(_ result: TradeOffResult, in report: TradeOffReport) -> Choice {
        Choice(label: report.label(result), tests: report.panelTests(result), result: result)
    }
}
