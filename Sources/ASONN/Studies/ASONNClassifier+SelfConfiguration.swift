import Dispatch
import Foundation

extension ASONNClassifier {
    /// Builds a model with the minimum discrimination and stop rule chosen from the data:
    /// each candidate is scored by a stratified `folds`-fold cross-validation on the
    /// training rows (a stratified sample of `sampleRows` of them on large data); of those
    /// within `standardErrors` standard errors of the best inner accuracy the one with the
    /// fewest conditions is chosen (the earlier of equals, so today's default when nothing
    /// beats it), and the model is built on every row with it. Every other parameter is this
    /// classifier's. The model records the candidates' scores (`ASONNModel.configuration`).
    /// Deterministic: the folds use a fixed seed, and candidates run on both cores with
    /// results kept in candidate order.
    public func fitSelfConfigured(_ data: Dataset, costs: TestCosts? = nil,
                                  candidates: [SelfConfiguration.Candidate] = SelfConfiguration.standardCandidates,
                                  folds: Int = SelfConfiguration.defaultFolds,
                                  sampleRows: Int = SelfConfiguration.defaultSampleRows,
                                  standardErrors: Double = SelfConfiguration.defaultStandardErrors,
                                  progress: Progress? = nil) throws -> ASONNModel {
        let (classifier, configuration) = try selfConfigured(data, costs: costs, candidates: candidates, folds: folds,
                                                             sampleRows: sampleRows, standardErrors: standardErrors)
        var model = try classifier.fit(data, costs: costs, progress: progress)
        model.configuration = configuration
        return model
    }

    /// This classifier with the minimum discrimination and stop rule that
    /// `fitSelfConfigured` chooses on `data`, and the record of the choice.
    public func selfConfigured(_ data: Dataset, costs: TestCosts? = nil,
                               candidates: [SelfConfiguration.Candidate] = SelfConfiguration.standardCandidates,
                               folds: Int = SelfConfiguration.defaultFolds,
                               sampleRows: Int = SelfConfiguration.defaultSampleRows,
                               standardErrors: Double = SelfConfiguration.defaultStandardErrors)
        throws -> (ASONNClassifier, SelfConfiguration) {
        guard !candidates.isEmpty, folds >= 2, sampleRows >= 2, standardErrors >= 0 && standardErrors <= 10 else {
            throw ParameterError("self-configuration needs a candidate, at least 2 folds, a sample of 2 rows "
                                 + "and 0 to 10 standard errors")
        }
        let sample = Splits.stratifiedSample(data, rows: sampleRows)
        let splits = Splits.kFold(labels: sample.labels, classCount: sample.classes.count, folds: folds, seed: 0)
        let parts = splits.map { (train: sample.subset($0.train), test: sample.subset($0.test)) }
        // One job per candidate and fold; each writes its own slot.
        let jobs = candidates.count * parts.count
        let correct = UnsafeMutableBufferPointer<Int>.allocate(capacity: 2 * jobs)
        defer { correct.deallocate() }
        correct.initialize(repeating: -1)
        // Job j writes its hits at j and its conditions at jobs + j, once, before the jobs are joined.
        guard let base = correct.baseAddress else { throw ParameterError("self-configuration has no jobs") }
        let slots = SendablePointer(base)
        let fixed = parameters
        DispatchQueue.concurrentPerform(iterations: jobs) { job in
            let candidate = candidates[job / parts.count], part = parts[job % parts.count]
            var parameters = fixed
            parameters.minDiscrimination = candidate.minDiscrimination
            parameters.stopRule = candidate.stopRule
            // A fold whose training part lacks a class cannot be built: it counts for no candidate.
            guard let model = try? ASONNClassifier(parameters: parameters).fit(part.train, costs: costs) else { return }
            let predicted = model.predict(part.test)
            slots.pointer[job] = zip(predicted, part.test.labels).filter { $0 == $1 }.count
            slots.pointer[jobs + job] = model.constrainingRangeCount
        }
        // Folds that every candidate could be built on are the ones scored.
        let usable = parts.indices.filter { p in candidates.indices.allSatisfy { correct[$0 * parts.count + p] >= 0 } }
        let testRows = usable.reduce(0) { $0 + parts[$1].test.rowCount }
        var scored = candidates
        for c in scored.indices {
            let hits = usable.reduce(0) { $0 + correct[c * parts.count + $1] }
            scored[c].accuracy = testRows > 0 ? Double(hits) / Double(testRows) : 0
            let conditions = usable.reduce(0) { $0 + correct[jobs + c * parts.count + $1] }
            scored[c].conditions = usable.isEmpty ? 0 : Double(conditions) / Double(usable.count)
        }
        let best = scored.map(\.accuracy).max() ?? 0
        let standardError = testRows > 0 ? (best * (1 - best) / Double(testRows)).squareRoot() : 0
        // At most 0.5, so that a record always reads as a valid model.
        let tolerance = min(standardErrors * standardError, 0.5)
        var chosen = 0
        for c in scored.indices where scored[c].accuracy >= best - tolerance {
            if scored[chosen].accuracy < best - tolerance || scored[c].conditions < scored[chosen].conditions {
                chosen = c
            }
        }
        var parameters = self.parameters
        parameters.minDiscrimination = scored[chosen].minDiscrimination
        parameters.stopRule = scored[chosen].stopRule
        var classifier = self
        classifier.parameters = parameters
        return (classifier, SelfConfiguration(folds: folds, rows: sample.rowCount, candidates: scored,
                                              tolerance: tolerance, chosen: chosen))
    }
}
