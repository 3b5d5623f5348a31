/// Fits ASONN models: the estimator, in scikit-learn's sense. Construction computes the
/// model straight from the data (no training epochs, no random state).
public struct ASONNClassifier: Sendable {
    public var parameters: ASONNParameters
    /// Work from which a construction step is split across two cores (internal: tests use
    /// it to show the split leaves every model byte unchanged).
    var parallelUpdates = CombinationBuilder.defaultParallelUpdates

    public init(parameters: ASONNParameters = ASONNParameters()) {
        self.parameters = parameters
    }

    /// Progress of a fit: training rows represented so far, out of all rows.
    public typealias Progress = @Sendable (_ represented: Int, _ total: Int) -> Void

    /// Builds a model of `data` (spec sections 1-5).
    /// - Parameter costs: the test costs of `data`'s attributes. With `parameters.lambda`
    ///   > 0 they weigh the expansion order (spec 7a); the model keeps them for cost
    ///   reports. `nil` means no profile (uniform costs).
    /// - Throws: `ParameterError` for unusable parameters, data or test costs, `DataError`
    ///   when the data set's fields were changed so that they break its invariants,
    ///   `PruningError` when the minimal-cost test selection fails.
    public func fit(_ data: Dataset, costs: TestCosts? = nil, progress: Progress? = nil) throws -> ASONNModel {
        try parameters.validate()
        // The data's fields are public: check again what construction indexes by.
        try data.checkInvariants()
        if let costs, costs.attributeCost.count != data.attributeCount {
            throw ParameterError("the test costs list \(costs.attributeCost.count) attributes; "
                                 + "the data has \(data.attributeCount)")
        }
        if let problem = costs?.inconsistency(attributeCount: data.attributeCount) {
            throw ParameterError("the test costs are inconsistent: \(problem)")
        }
        let attributeWeights = costs.map { $0.rankingWeights(lambda: parameters.lambda) }
        guard data.rowCount > 0 else { throw ParameterError("no training rows") }
        let presentClasses = data.classCounts.filter { $0 > 0 }.count
        guard presentClasses >= 2 else {
            throw ParameterError("the training data needs at least two classes, found \(presentClasses)")
        }
        if let attributeWeights, !attributeWeights.allSatisfy({ $0 > 0 && $0.isFinite }) {
            throw ParameterError("lambda \(parameters.lambda) makes a cost weight overflow; use a smaller lambda")
        }

        let agds = AGDS(data, maxValueNeurons: parameters.maxValueNeurons)
        try checkFiniteSpans(agds, data)
        var builder = CombinationBuilder(agds: agds, parameters: parameters, attributeWeights: attributeWeights)
        builder.parallelUpdates = parallelUpdates
        var seedFailure: PruningError?
        var seedSummary = PruningSummary(mode: .seed, problems: 0, provenOptimal: true, rangesBefore: 0, rangesAfter: 0)
        if parameters.prune == .seed {
            let pricing = costs ?? TestCosts.uniform(attributeCount: data.attributeCount)
            let parameters = parameters
            builder.chooseAttributes = { seed, candidates in
                do {
                    let result = try Pruning.seedSubset(agds, seed: seed, candidates: candidates, costs: pricing,
                                                        minDiscrimination: parameters.minDiscrimination,
                                                        solverSeconds: parameters.solverSeconds)
                    seedSummary.problems += 1
                    seedSummary.provenOptimal = seedSummary.provenOptimal && result.optimal
                    seedSummary.rangesBefore += candidates.count
                    seedSummary.rangesAfter += result.attributes.count
                    return result.attributes
                } catch let error as PruningError {
                    seedFailure = error
                    return candidates
                } catch {
                    seedFailure = PruningError(message: "\(error)")
                    return candidates
                }
            }
        }
        var built: [BuiltCombination] = []
        var representedCount = 0
        for seed in SeedOrder.order(agds) where !builder.isRepresented(seed) {
            let combination = builder.build(seed: seed)
            representedCount += combination.represented.filter { builder.representedBy[$0] == 1 }.count
            built.append(combination)
            progress?(representedCount, agds.rowCount)
            if let seedFailure { throw seedFailure }
        }
        var model = assemble(built, agds: agds, data: data)
        model.costs = costs
        if parameters.prune == .seed { model.pruning = seedSummary }
        if parameters.prune == .hull { model = hullPruned(model, built: built, agds: agds, data: data) }
        return try model.pruned(on: data, mode: parameters.prune, solverSeconds: parameters.solverSeconds)
    }

    /// `model` with its boxes hull-pruned and regrown (`PruneMode.hull`), built again from
    /// `built`, the combinations it was assembled from.
    private func hullPruned(_ model: ASONNModel, built: [BuiltCombination], agds: AGDS,
                            data: Dataset) -> ASONNModel {
        let outcome = HullPruning.prune(built, agds: agds, costs: model.effectiveCosts,
                                        minDiscrimination: parameters.minDiscrimination,
                                        solverSeconds: parameters.solverSeconds)
        var pruned = assemble(outcome.combinations, agds: agds, data: data)
        pruned.costs = model.costs
        pruned.pruning = PruningSummary(mode: .hull, problems: outcome.problems, provenOptimal: outcome.provenOptimal,
                                        rangesBefore: model.rangeCount, rangesAfter: pruned.rangeCount,
                                        ruleCostBefore: model.meanRuleCost, ruleCostAfter: pruned.meanRuleCost,
                                        unsolved: outcome.unsolved)
        return pruned
    }
}
