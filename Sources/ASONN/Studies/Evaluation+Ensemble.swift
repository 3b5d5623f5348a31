extension Evaluation {
    /// One split's figures for a bagged ensemble (`ASONNClassifier.fitEnsemble`) built on
    /// `train`: combinations and ranges summed over the members; panel and mean cost are
    /// the cost of every test some member uses (an ensemble measures them all).
    static func ensembleSplit(train: Dataset, test: Dataset, classifier: ASONNClassifier, costs: TestCosts?,
                              members: Int, seed: UInt64, selfConfigure: Bool, repeatIndex: Int,
                              part: Int) throws -> SplitResult {
        let (ensemble, buildSeconds) = try ContinuousClock.timed {
            try classifier.fitEnsemble(train, costs: costs, members: members, seed: seed, selfConfigure: selfConfigure)
        }
        let (predicted, predictSeconds) = ContinuousClock.timed { ensemble.predictor().predictedClasses(test) }
        let pricing = costs ?? TestCosts.uniform(attributeCount: train.attributeCount)
        let used = ensemble.usedAttributes
        let parameters = ensemble.members.first?.parameters ?? classifier.parameters
        return SplitResult(
            repeatIndex: repeatIndex, part: part,
            accuracy: Metrics.accuracy(predicted: predicted, actual: test.labels),
            balancedAccuracy: Metrics.balancedAccuracy(predicted: predicted, actual: test.labels,
                                                       classCount: train.classes.count),
            combinations: ensemble.combinationCount, ranges: ensemble.constrainingRangeCount,
            buildSeconds: buildSeconds, predictSeconds: predictSeconds, testRows: test.rowCount,
            panelCost: pricing.cost(of: used), meanCost: pricing.cost(of: used), attributesUsed: used.count,
            minDiscrimination: parameters.minDiscrimination, stopRule: parameters.stopRule)
    }
}
