/// A prediction made by measuring tests one at a time (spec 7c).
public struct SequentialPrediction: Equatable, Sendable {
    public var classIndex: Int
    /// Attributes measured, in order.
    public var measured: [Int]
    /// What they cost, with group sharing.
    public var cost: Double
    /// The estimated risk that the tests left unmeasured would have changed the answer, when
    /// acquisition stopped on the risk bound; nil when the answer is exact.
    public var estimatedRisk: Double? = nil
}

/// One open step of acquisition, as risk calibration records it: the features the risk
/// estimate reads and the provisional answer at that step.
public struct AcquisitionStep: Equatable, Sendable {
    public var features: [Double]
    public var provisional: Int
}

extension Predictor {
    /// Classifies `row` measuring tests one at a time: before each test every
    /// combination's excitation is bounded (an unmeasured value may turn out anywhere in
    /// [0, 1], or missing), and measuring stops as soon as one class's lower bound beats
    /// every other class's upper bound by more than the tie tolerance, or no unmeasured
    /// test can change any class score. The next test is the one that settles the most per
    /// unit of marginal cost (its own cost plus its group's fixed cost if that is not paid
    /// yet): the sum, over the combinations whose excitation is still open and could still
    /// be their class's best, of the test's share of their range weight, divided by that
    /// cost (the cheaper, then the first, of equals; a free test first). With `risk` 0 the
    /// class is always the one `predict(row:)` gives with every value known.
    ///
    /// With `risk` above 0 and a calibrated model (`ASONNModel.riskCalibration`), it also
    /// stops at an open step after the first test whose estimated risk of change is at most
    /// `risk`, with the provisional answer: the class the model gives with the unmeasured
    /// tests missing. An uncalibrated model ignores `risk`.
    ///
    /// Each measured range's term is added to its combination's bounds once, when its test
    /// is measured (`AcquisitionBounds`), so a test costs work in proportion to the ranges on
    /// it, not to every range of the combinations it touches.
    ///
    /// - Parameter row: every attribute's value (NaN = missing); a value counts as paid
    ///   for only once the procedure measures it. Attributes past its end are missing.
    public func predictSequentially(row: some RandomAccessCollection<Double>, risk: Double = 0)
        -> SequentialPrediction {
        predictSequentially(row: row, risk: risk, scratch: tables.scratch())
    }

    /// `predictSequentially(row:risk:)` with the thread's working memory.
    func predictSequentially(row: some Collection<Double>, risk: Double, scratch: ScoringScratch)
        -> SequentialPrediction {
        guard risk > 0, let calibration = model.riskCalibration else {
            return acquire(row, scratch: scratch, openStep: nil)
        }
        return acquire(row, scratch: scratch) { step in
            let estimate = calibration.risk(of: step.features)
            return estimate <= risk ? estimate : nil
        }
    }

    /// The open steps of exact acquisition on `row`, each with its features and provisional
    /// answer (risk calibration compares them with the final answer).
    public func acquisitionSteps(row: some RandomAccessCollection<Double>) -> (steps: [AcquisitionStep], final: Int) {
        acquisitionSteps(row: row, scratch: tables.scratch())
    }

    /// `acquisitionSteps(row:)` with the thread's working memory (`scratch()`).
    func acquisitionSteps(row: some Collection<Double>, scratch: ScoringScratch)
        -> (steps: [AcquisitionStep], final: Int) {
        var steps: [AcquisitionStep] = []
        let result = acquire(row, scratch: scratch) { step in
            steps.append(step)
            return nil
        }
        return (steps, result.classIndex)
    }

    /// Working memory for one thread's rows, for the forms above that take it.
    func scratch() -> ScoringScratch { tables.scratch() }

    /// The acquisition loop. At every open step (no exact stop) `openStep` sees the step
    /// and returns the estimated risk to stop there with the provisional answer, or nil to
    /// go on; when it is given, the step's features are computed.
    private func acquire(_ row: some Collection<Double>, scratch: ScoringScratch,
                         openStep: ((AcquisitionStep) -> Double?)?) -> SequentialPrediction {
        let attributeCount = model.attributes.count
        // The arrays of the row before, taken out of the scratch for this row and put back after it.
        var state = scratch.acquisition.take() ?? AcquisitionState(tables)
        defer { scratch.acquisition = state }
        state.start(row, tables: tables, attributeCount: attributeCount, classCount: model.classes.count,
                    groupCount: costs.groupCost.count)

        while true {
            state.bounds.classBounds(lower: &state.classLower, upper: &state.classUpper,
                                     settled: &state.settledSupport, reaching: &state.reachingSupport, tables: tables)
            let classLower = state.classLower, classUpper = state.classUpper
            // Beyond the tie tolerance, 1e-12 absorbs rounding between bounds and final scores.
            let margin = max(model.parameters.tieTolerance, 0) + 1e-12
            if let leader = classLower.indices.max(by: { classLower[$0] < classLower[$1] }),
               classLower.indices.allSatisfy({ $0 == leader || classUpper[$0] < 0
                                                || classLower[leader] > classUpper[$0] + margin }) {
                return answer(leader, state)
            }
            if let leader = settledTieWinner(settled: state.settledSupport, reaching: state.reachingSupport,
                                             classUpper: classUpper) {
                return answer(leader, state)
            }
            // Before any test every case looks the same, so a stop there would answer every
            // case alike (the majority-class configuration of a study does that openly).
            if let openStep, !state.order.isEmpty {
                let step = openStepState(&state, scratch: scratch)
                if let estimate = openStep(step) {
                    return answer(step.provisional, state, estimatedRisk: estimate)
                }
            }

            // The test that settles the most open weight per unit of cost. Measured against
            // cheapest-first: the same answers for up to 6% less cost per case (README).
            state.bounds.dropSettled(classLower: classLower, tables: tables)
            var next: Int?, best = (value: 0.0, price: 0.0)
            for a in 0..<attributeCount where !state.measured[a] {
                let settled = Double(state.bounds.liveShare[a]) / CompiledCombinations.shareUnit
                // A test a live combination has a range on is useful even at weight 0.
                guard state.bounds.liveCount[a] > 0 else { continue }
                let price = costs.marginalCost(of: a, paid: state.groupsPaid)
                let value = price > 0 ? settled / price : .infinity
                if next == nil || value > best.value || (value == best.value && price < best.price) {
                    next = a
                    best = (value, price)
                }
            }
            guard let chosen = next else {
                // Every class's best excitation is settled: the full prediction is determined.
                return answer(predict(padded: state.values, scratch: scratch).classIndex, state)
            }
            state.measured[chosen] = true
            state.order.append(chosen)
            if let g = costs.groupOf[chosen], state.groupsPaid.indices.contains(g) { state.groupsPaid[g] = true }
            state.bounds.measure(chosen, value: state.values[chosen], tables: tables)
        }
    }

    /// The answer `classIndex` after the tests measured so far.
    private func answer(_ classIndex: Int, _ state: AcquisitionState, estimatedRisk: Double? = nil)
        -> SequentialPrediction {
        SequentialPrediction(classIndex: classIndex, measured: state.order, cost: costs.cost(measured: state.measured),
                             estimatedRisk: estimatedRisk)
    }

    /// `value` into `best` as `Sequence.max()` would take it (the first of equals), without
    /// building the sequence.
    private static func raise(_ best: inout Double?, to value: Double) {
        if best.map({ $0 < value }) ?? true { best = value }
    }

    /// The provisional answer of an open step and the features of `AcquisitionFeatures`.
    private func openStepState(_ state: inout AcquisitionState, scratch: ScoringScratch) -> AcquisitionStep {
        state.known.removeAll(keepingCapacity: true)
        state.known.append(contentsOf: state.values)
        for a in 0..<min(state.known.count, state.measured.count) where !state.measured[a] { state.known[a] = .nan }
        let provisional = predict(padded: state.known, scratch: scratch)
        let leader = provisional.classIndex
        let score = provisional.scores[leader]
        var rival: Double?, reach: Double?
        for c in provisional.scores.indices where c != leader {
            Self.raise(&rival, to: provisional.scores[c])
            if state.classUpper[c] >= 0 { Self.raise(&reach, to: state.classUpper[c]) }
        }
        // Share of the leader's best rule's weight that rests on unmeasured tests.
        var leaderOpen = 0.0
        if let winner = provisional.winners[leader] {
            let k = tables.position[winner]
            let start = tables.rangeStart[k], end = tables.rangeStart[k + 1]
            var open = 0.0, total = 0.0
            for r in start..<end {
                total += tables.weight[r]
                if !state.measured[tables.attribute[r]] { open += tables.weight[r] }
            }
            leaderOpen = total > 0 ? open / total : 0
        }
        var openTests = 0
        for a in usedTests where !state.measured[a] { openTests += 1 }
        let open = usedTests.isEmpty ? 0 : Double(openTests) / Double(usedTests.count)
        // The training rows of the rules that still hold the row on every test measured:
        // the share of them that are of the leader's class. Per class, the chance that some
        // rule of it still holding the case holds it on every test left, each unmeasured
        // value taken inside its range as often as training values were.
        // (Summed in Double: a model file's counts may be anything up to Int.max.)
        var holding = 0.0, holdingLeader = 0.0
        AcquisitionState.fill(&state.none, with: 1, count: state.classLower.count)
        for k in state.bounds.upper.indices where state.bounds.upper[k] >= 1 {
            holding += Double(tables.represented[k])
            if tables.classIndex[k] == leader { holdingLeader += Double(tables.represented[k]) }
            var inside = 1.0
            for r in tables.rangeStart[k]..<tables.rangeStart[k + 1] where !state.measured[tables.attribute[r]] {
                inside *= tables.rangeCoverage[r]
            }
            state.none[tables.classIndex[k]] *= 1 - inside
        }
        let support = holding > 0 ? holdingLeader / holding : 0
        var rivalHold: Double?
        for c in state.none.indices where c != leader { Self.raise(&rivalHold, to: 1 - state.none[c]) }
        let features = [score - (rival ?? 0), leaderOpen, max(-1, min(1, (reach ?? score - 1) - score)),
                        max(0, min(1, score - max(state.classLower[leader], 0))), open, support,
                        1 - state.none[leader], rivalHold ?? 0]
        return AcquisitionStep(features: features, provisional: leader)
    }

    /// A class that already wins at score 1, whatever the unmeasured tests say: one of its
    /// rules holds the row on every test measured and nothing is left open (score 1), and
    /// every other class can only reach 1 with rules of less support (or equal support and
    /// a later class), which the tie rule of `decide` ranks below it. Only a rule that holds
    /// the row on every measured test can still reach 1 (upper bound 1), so a row inside
    /// one box is settled as soon as every rival box has a measured test outside.
    ///
    /// From per-class supports: `settled`, the most of a rule sure to score 1, and
    /// `reaching`, the most of a rule that may still reach 1 (-1 for none; as
    /// `AcquisitionBounds.classBounds` gives them).
    func settledTieWinner(settled: [Int], reaching rival: [Int], classUpper: [Double]) -> Int? {
        let classes = model.classes.indices
        guard settled.contains(where: { $0 >= 0 }) else { return nil }
        for leader in classes where settled[leader] >= 0 {
            let beatsEveryRival = classes.allSatisfy { c in
                if c == leader || classUpper[c] < 1 { return true }
                return rival[c] < settled[leader] || (rival[c] == settled[leader] && leader < c)
            }
            if beatsEveryRival { return leader }
        }
        return nil
    }

    /// Mean cost per row of sequential acquisition over the rows of `data`.
    public func meanSequentialCost(_ data: Dataset) -> Double {
        guard data.rowCount > 0 else { return 0 }
        let results = sequentialPredictions(values: data.values, rowCount: data.rowCount, stride: data.attributeCount)
        let total = results.reduce(0.0) { $0 + $1.cost }  // in row order, as one row at a time
        return total / Double(data.rowCount)
    }
}
