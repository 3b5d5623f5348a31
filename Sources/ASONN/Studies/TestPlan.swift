/// What to order for a case, in which order, and what it costs: a model's tests as a plan
/// a clinician or engineer can act on.
public struct TestPlan: Codable, Equatable, Sendable {
    public struct Step: Codable, Equatable, Sendable {
        public var attribute: String
        /// Its own (marginal) cost.
        public var cost: Double
        /// Its group (procedure), if any, and that procedure's fixed cost, paid with the
        /// first member measured.
        public var group: String?
        public var groupCost: Double?
        /// What measuring it adds at this point of the sequence (own cost, plus the group's
        /// fixed cost if no earlier step paid it).
        public var marginalCost: Double
        /// Share of the cases (rows given to `plan`) that needed this test.
        public var shareOfCases: Double
    }

    public var costProfile: String
    public var unit: String
    public var steps: [Step]
    /// Every test of the plan, with group sharing.
    public var panelCost: Double
    /// Mean cost per case under sequential acquisition.
    public var expectedCost: Double
    public var allTestsCost: Double
    /// Cross-validated accuracy and its spread, when known.
    public var accuracy: Double?
    public var accuracySpread: Double?
    /// The first decisions as a tree (see `PolicyNode`); nil when no case needs a test.
    public var policy: PolicyNode?
    /// On large data the plan's shares and costs are measured on an evenly spread sample
    /// of the cases: how many of how many. nil: on every case given.
    public var sample: Sample?

    public struct Sample: Codable, Equatable, Sendable {
        public var cases: Int
        public var of: Int
    }

    /// At most this many cases are run through sequential acquisition for a plan: a share
    /// measured on 10,000 cases has a standard error of at most half a point, and more cost
    /// minutes on large models.
    public static let sampleCases = 10_000
}

extension ASONNModel {
    /// The tests the model uses, in the order sequential acquisition measures them on the
    /// cases of `paths` (each case's tests in order): by the mean step at which a test is
    /// measured, among the cases that measure it; tests no case measures come last, in
    /// attribute order.
    func acquisitionOrder(paths: [[Int]]) -> [Int] {
        var steps = [Double](repeating: 0, count: attributes.count)
        var cases = [Int](repeating: 0, count: attributes.count)
        for path in paths {
            for (step, a) in path.enumerated() where attributes.indices.contains(a) {
                steps[a] += Double(step)
                cases[a] += 1
            }
        }
        func key(_ a: Int) -> Double { cases[a] > 0 ? steps[a] / Double(cases[a]) : .infinity }
        return usedAttributes.sorted { (key($0), $0) < (key($1), $1) }
    }

    /// The test plan of this model on the cases of `data`: tests in acquisition order, the
    /// share of cases that needed each, and the expected cost per case, with sequential
    /// acquisition stopping at `risk` (0: exact). Of more than `sampleCases` cases, that many
    /// evenly spread ones are used, and the plan says so.
    public func testPlan(on cases: Dataset, risk: Double = 0, accuracy: Double? = nil,
                         accuracySpread: Double? = nil, sampleCases: Int = TestPlan.sampleCases) -> TestPlan {
        let data = cases.evenlySpread(sampleCases)
        let sample = data.rowCount < cases.rowCount ? TestPlan.Sample(cases: data.rowCount, of: cases.rowCount) : nil
        let costs = effectiveCosts
        var needed = [Int](repeating: 0, count: attributes.count)
        var total = 0.0
        let predictor = predictor()
        var paths: [[Int]] = [], answers: [Int] = []
        let results = predictor.sequentialPredictions(values: data.values, rowCount: data.rowCount,
                                                      stride: data.attributeCount, risk: risk)
        for result in results {  // in row order, as one row at a time
            total += result.cost
            for a in result.measured { needed[a] += 1 }
            paths.append(result.measured)
            answers.append(result.classIndex)
        }
        var paid = Set<Int>()
        let steps = acquisitionOrder(paths: paths).map { a -> TestPlan.Step in
            let group = costs.groupOf[a]
            let marginal = costs.marginalCost(of: a, paidGroups: paid)
            if let group { paid.insert(group) }
            return TestPlan.Step(attribute: attributes[a].name, cost: costs.attributeCost[a],
                                 group: group.map { costs.groupNames[$0] },
                                 groupCost: group.map { costs.groupCost[$0] },
                                 marginalCost: marginal,
                                 shareOfCases: data.rowCount > 0 ? Double(needed[a]) / Double(data.rowCount) : 0)
        }
        return TestPlan(costProfile: costs.profileName, unit: costs.unit, steps: steps, panelCost: panelCost,
                        expectedCost: data.rowCount > 0 ? total / Double(data.rowCount) : 0,
                        allTestsCost: costs.totalCost,
                        accuracy: accuracy, accuracySpread: accuracySpread,
                        policy: policy(paths: paths, classes: answers, data: data), sample: sample)
    }
}
