/// Cross-validation of trade-off configurations: a fold's model built, tested with
/// sequential acquisition and summed up; configurations that share a construction built once.
extension TradeOff {
    /// The figures of one fold.
    struct Fold: Sendable {
        var accuracy = 0.0, balanced = 0.0, panelCost = 0.0, meanCost = 0.0
        var combinations = 0.0, used = 0.0, seconds = 0.0
    }

    /// Fits one configuration on a fold's training part and tests it, with sequential
    /// acquisition at each of `risks`, on the test part: one fold figure per risk. A risk
    /// above 0 calibrates the fold's model on its training part first (once for all risks).
    /// Without `sequential` the test rows are classified with every value known, which at
    /// risk 0 gives the same classes (the exact stop's guarantee) but no cost per case.
    static func runFold(_ configuration: TradeOffConfiguration, data: Dataset, split: Split, costs: TestCosts,
                        parameters: ASONNParameters, risks: [Double], sequential: Bool = true) throws -> [Fold] {
        let train = data.subset(split.train), test = data.subset(split.test)
        func scored(_ predicted: [Int], _ fold: Fold) -> Fold {
            var fold = fold
            fold.accuracy = Metrics.accuracy(predicted: predicted, actual: test.labels)
            fold.balanced = Metrics.balancedAccuracy(predicted: predicted, actual: test.labels,
                                                     classCount: data.classes.count)
            return fold
        }
        if configuration.kind == .majority {
            let counts = train.classCounts
            let majority = counts.indices.max { counts[$0] < counts[$1] || (counts[$0] == counts[$1] && $0 > $1) } ?? 0
            return risks.map { _ in scored([Int](repeating: majority, count: test.rowCount), Fold()) }
        }
        let classifier = ASONNClassifier(parameters: parameters)
        let (built, seconds) = try ContinuousClock.timed { try classifier.fit(train, costs: costs) }
        var model = built
        if risks.contains(where: { $0 > 0 }) {
            model = try classifier.withRiskCalibration(model, on: train, costs: costs)
        }
        let predictor = model.predictor()
        return risks.map { risk in
            tested(predictor, on: test, risk: risk, sequential: sequential, seconds: seconds,
                   classCount: data.classes.count)
        }
    }

    /// The figures of `predictor`'s model on a fold's test part, with sequential
    /// acquisition at `risk` (without `sequential`, every value known and no cost per case).
    static func tested(_ predictor: Predictor, on test: Dataset, risk: Double, sequential: Bool, seconds: Double,
                       classCount: Int) -> Fold {
        let model = predictor.model
        var fold = Fold()
        fold.seconds = seconds
        var total = 0.0
        let predicted: [Int]
        if sequential {
            let results = predictor.sequentialPredictions(values: test.values, rowCount: test.rowCount,
                                                          stride: test.attributeCount, risk: risk)
            for result in results { total += result.cost }  // in row order, as one row at a time
            predicted = results.map(\.classIndex)
        } else {
            predicted = predictor.predictedClasses(test)
        }
        fold.accuracy = Metrics.accuracy(predicted: predicted, actual: test.labels)
        fold.balanced = Metrics.balancedAccuracy(predicted: predicted, actual: test.labels, classCount: classCount)
        fold.panelCost = model.panelCost
        fold.meanCost = test.rowCount > 0 ? total / Double(test.rowCount) : 0
        fold.combinations = Double(model.combinations.count)
        fold.used = Double(model.usedAttributes.count)
        return fold
    }

    /// Fits and tests one configuration on every fold; with `settings.parallel` the folds
    /// run as concurrent tasks, with the same results as in series.
    static func crossValidate(_ configuration: TradeOffConfiguration, data: Dataset, splits: [Split],
                              costs: TestCosts, settings: TradeOffSettings) async throws -> TradeOffResult {
        let results = try await crossValidate(configuration, risks: [configuration.risk], data: data, splits: splits,
                                              costs: costs, settings: settings)
        guard let result = results.first else { throw ParameterError("no result for \(configuration)") }
        return result
    }

    /// `crossValidate` of `configuration` at each of `risks`, every fold's model built once.
    static func crossValidate(_ configuration: TradeOffConfiguration, risks: [Double], data: Dataset,
                              splits: [Split], costs: TestCosts, settings: TradeOffSettings,
                              sequential: Bool = true) async throws -> [TradeOffResult] {
        let masked = masked(data, panel: configuration.panel)
        var parameters = settings.parameters(forRows: data.rowCount)
        parameters.lambda = configuration.lambda
        parameters.prune = configuration.prune
        var folds = [[Fold]](repeating: [], count: splits.count)
        if settings.parallel {
            try await withThrowingTaskGroup(of: (Int, [Fold]).self) { group in
                for (index, split) in splits.enumerated() {
                    group.addTask { [parameters] in
                        (index, try runFold(configuration, data: masked, split: split, costs: costs,
                                            parameters: parameters, risks: risks, sequential: sequential))
                    }
                }
                for try await (index, fold) in group { folds[index] = fold }
            }
        } else {
            for (index, split) in splits.enumerated() {
                folds[index] = try runFold(configuration, data: masked, split: split, costs: costs,
                                           parameters: parameters, risks: risks, sequential: sequential)
            }
        }
        return risks.indices.map { i in
            var configuration = configuration
            configuration.risk = risks[i]
            return crossValidatedResult(configuration, folds: folds.map { i < $0.count ? $0[i] : Fold() },
                                        settings: settings)
        }
    }

    /// One configuration's result from its figures on every fold.
    static func crossValidatedResult(_ configuration: TradeOffConfiguration, folds: [Fold],
                       settings: TradeOffSettings) -> TradeOffResult {
        func mean(_ key: (Fold) -> Double) -> Double { Metrics.meanAndSpread(folds.map(key)).mean }
        let accuracy = Metrics.meanAndSpread(folds.map(\.accuracy))
        let balanced = Metrics.meanAndSpread(folds.map(\.balanced))
        return TradeOffResult(configuration: configuration, accuracy: accuracy.mean,
                              accuracySpread: accuracy.spread, balancedAccuracy: balanced.mean,
                              balancedAccuracySpread: balanced.spread, panelCost: mean(\.panelCost),
                              meanCost: mean(\.meanCost), combinations: mean(\.combinations),
                              attributesUsed: mean(\.used),
                              buildSeconds: settings.recordsTimes ? mean(\.seconds) : 0)
    }

    /// Whether `a` and `b` differ only in an after-construction prune mode, so that one
    /// construction per fold serves both (`ASONNClassifier.fit(_:costs:pruneModes:)`).
    static func sharesConstruction(_ a: TradeOffConfiguration, _ b: TradeOffConfiguration) -> Bool {
        a.kind == .asonn && b.kind == .asonn && a.panel == b.panel && a.lambda == b.lambda
            && a.risk == 0 && b.risk == 0 && ASONNClassifier.modesAfterConstruction.contains(a.prune)
            && ASONNClassifier.modesAfterConstruction.contains(b.prune)
    }

    /// Cross-validates `family`, configurations that share a construction, building each
    /// fold's model once and pruning it in each configuration's mode: the same results as
    /// `crossValidate` of each. A configuration's build time is the construction's plus
    /// its own pruning.
    static func crossValidate(family: [TradeOffConfiguration], data: Dataset, splits: [Split], costs: TestCosts,
                              settings: TradeOffSettings) async throws -> [TradeOffResult] {
        guard let first = family.first, family.count > 1 else {
            var results: [TradeOffResult] = []
            for configuration in family {
                results.append(try await crossValidate(configuration, data: data, splits: splits, costs: costs,
                                                       settings: settings))
            }
            return results
        }
        let masked = masked(data, panel: first.panel)
        var parameters = settings.parameters(forRows: data.rowCount)
        parameters.lambda = first.lambda
        let classifier = ASONNClassifier(parameters: parameters)
        let modes = family.map(\.prune)
        @Sendable func fold(_ split: Split) throws -> [Fold] {
            let train = masked.subset(split.train), test = masked.subset(split.test)
            var seconds: [Double] = []
            let models = try classifier.fit(train, costs: costs, pruneModes: modes) { seconds.append($0) }
            return models.enumerated().map { m, model in
                tested(model.predictor(), on: test, risk: 0, sequential: true, seconds: seconds[0] + seconds[m + 1],
                       classCount: data.classes.count)
            }
        }
        var folds = [[Fold]](repeating: [], count: splits.count)
        if settings.parallel {
            try await withThrowingTaskGroup(of: (Int, [Fold]).self) { group in
                for (index, split) in splits.enumerated() {
                    group.addTask { (index, try fold(split)) }
                }
                for try await (index, result) in group { folds[index] = result }
            }
        } else {
            for (index, split) in splits.enumerated() { folds[index] = try fold(split) }
        }
        return family.indices.map { m in
            crossValidatedResult(family[m], folds: folds.map { $0[m] }, settings: settings)
        }
    }
}
