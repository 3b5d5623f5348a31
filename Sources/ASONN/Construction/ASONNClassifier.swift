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
    /// - Throws: `ParameterError` for unusable parameters or data, `PruningError` when the
    ///   minimal-cost test selection fails.
    public func fit(_ data: Dataset, costs: TestCosts? = nil, progress: Progress? = nil) throws -> ASONNModel {
        try parameters.validate()
        if let costs, costs.attributeCost.count != data.attributeCount {
            throw ParameterError("the test costs list \(costs.attributeCost.count) attributes; the data has \(data.attributeCount)")
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
                                                        minDiscrimination: parameters.minDiscrimination, solverSeconds: parameters.solverSeconds)
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
        return try model.pruned(on: data, mode: parameters.prune, solverSeconds: parameters.solverSeconds)
    }

    /// Every numeric attribute's span and width floor must be finite numbers: values such
    /// as -1e308 and 1e308 in one column would give an infinite hat width, which no
    /// classification can use and no JSON can hold.
    func checkFiniteSpans(_ agds: AGDS, _ data: Dataset) throws(ParameterError) {
        for a in 0..<data.attributeCount where agds.isNumeric[a] {
            let name = data.attributes[a].name
            let low = agds.minimum[a], high = agds.maximum[a]
            guard low.isFinite, high.isFinite else {
                throw ParameterError("column '\(name)' holds a value that is not a finite number "
                                     + "(\(low.isFinite ? high : low))")
            }
            guard (high - low).isFinite else {
                throw ParameterError("column '\(name)': its values span from \(low) to \(high), "
                                     + "more than the largest finite number; rescale the column")
            }
            if case .fractionOfRange(let fraction) = parameters.widthFloor, !((high - low) * fraction).isFinite {
                throw ParameterError("column '\(name)': the width floor (\(fraction) of its range \(high - low)) "
                                     + "is not a finite number; use a smaller width floor")
            }
        }
    }

    /// Turns built combinations into range and combination neurons with their weights
    /// (spec section 5).
    func assemble(_ built: [BuiltCombination], agds: AGDS, data: Dataset) -> ASONNModel {
        let attributes = (0..<data.attributeCount).map { a -> ModelAttribute in
            let source = data.attributes[a]
            guard source.isNumeric else {
                return ModelAttribute(name: source.name, numeric: false, categories: source.categories)
            }
            let floor: Double
            switch parameters.widthFloor {
            case .fractionOfRange(let fraction): floor = (agds.maximum[a] - agds.minimum[a]) * fraction
            case .medianGap: floor = agds.medianGap(a)
            }
            return ModelAttribute(name: source.name, numeric: true, minimum: agds.minimum[a], maximum: agds.maximum[a],
                                  widthFloor: floor)
        }
        let usableCount = Double(agds.usable.filter { $0 }.count)
        var ambiguousRows = Set<Int>()
        let combinations = built.map { combination -> Combination in
            let c = combination.classIndex
            var ranges = combination.ranges.filter { parameters.keepWholeDomainRanges || !agds.coversDomain($0) }.map { range -> RangeNeuron in
                let counts = agds.isNumeric[range.attribute]
                    ? agds.seedsAndWeeds(attribute: range.attribute, ranks: range.lo...range.hi, classIndex: c)
                    : agds.seedsAndWeeds(attribute: range.attribute, categories: range.categories, classIndex: c)
                let offset = agds.vnOffset[range.attribute]
                return RangeNeuron(
                    attribute: range.attribute,
                    lower: agds.isNumeric[range.attribute] ? agds.vnValue[offset + range.lo] : 0,
                    upper: agds.isNumeric[range.attribute] ? agds.vnUpper[offset + range.hi] : 0,
                    categories: range.categories, weight: 0, seeds: counts.seeds, weeds: counts.weeds)
            }
            let weights = Self.weights(seeds: ranges.map(\.seeds), weeds: ranges.map(\.weeds),
                                       represented: combination.represented.count,
                                       otherClassRows: agds.rowCount - agds.classCounts[c],
                                       attributeCount: usableCount)
            for index in ranges.indices { ranges[index].weight = weights[index] }
            if combination.ambiguous {
                ambiguousRows.insert(combination.seed)
                ambiguousRows.formUnion(combination.conflicting)
            }
            return Combination(classIndex: c, ranges: ranges, represented: combination.represented.count,
                               ambiguous: combination.ambiguous)
        }
        let summary = TrainingSummary(rows: data.rowCount, classCounts: data.classCounts, usableAttributes: Int(usableCount),
                                      ambiguousLines: ambiguousRows.map { data.lines[$0] }.sorted())
        return ASONNModel(attributes: attributes, targetName: data.targetName, classes: data.classes,
                          parameters: parameters, combinations: combinations, summary: summary)
    }

    /// The connection weights of one combination's ranges (spec section 5, poster eq. 24-25):
    /// phi(r) = (1 - Weeds(r) / phi_discr) * (phi_repr + Seeds(r)) / (phi_repr + AllSeeds),
    /// w(r) = phi(r) / SUM phi, with phi_repr = represented * A^2 and
    /// phi_discr = (rows of other classes) * A^2.
    static func weights(seeds: [Int], weeds: [Int], represented: Int, otherClassRows: Int,
                        attributeCount: Double) -> [Double] {
        guard !seeds.isEmpty else { return [] }
        let squared = attributeCount * attributeCount
        let phiRepr = Double(represented) * squared
        let phiDiscr = Double(otherClassRows) * squared
        let allSeeds = Double(seeds.reduce(0, +))
        let phi = zip(seeds, weeds).map { seed, weed in
            (1 - Double(weed) / phiDiscr) * (phiRepr + Double(seed)) / (phiRepr + allSeeds)
        }
        let total = phi.reduce(0, +)
        // Only with a single attribute can every phi be 0; fall back to equal weights.
        guard total > 0 else { return [Double](repeating: 1 / Double(seeds.count), count: seeds.count) }
        return phi.map { $0 / total }
    }
}
