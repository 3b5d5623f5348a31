/// A broken model invariant, with what was found.
public struct InvariantViolation: Error, Equatable, Sendable, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

extension ASONNModel {
    /// Checks that the model is internally consistent, field by field: names unique, every
    /// index in range, every table as long as what it describes, every number finite and
    /// every parameter in its documented range, weights summing to 1. Loading runs this (a
    /// model file is user input); tests call it on every fitted model. The message names
    /// the field, as `attributes[2].categories`.
    public func validateStructure() throws(InvariantViolation) {
        guard classes.count >= 2 else { throw InvariantViolation("classes: a model needs at least two classes") }
        try Self.requireUnique(classes, field: "classes")
        try Self.requireUnique(attributes.map(\.name), field: "attributes (names)")
        guard !attributes.contains(where: { $0.name == targetName }) else {
            throw InvariantViolation("target: '\(targetName)' is also the name of an attribute")
        }
        do {
            try parameters.validate()
        } catch {
            throw InvariantViolation("parameters: \(error.message)")
        }
        for (a, attribute) in attributes.enumerated() {
            try validate(attribute, field: "attributes[\(a)]")
        }
        try validateSummary()
        // Training makes at least one (every training row is a seed or represented); without
        // any, every row would get the first class on no evidence at all.
        guard !combinations.isEmpty else { throw InvariantViolation("combinations: a model needs at least one") }
        if let costs { try validate(costs) }
        if let pruning {
            guard pruning.problems >= 0, pruning.rangesBefore >= 0, pruning.rangesAfter >= 0,
                  (pruning.unsolved ?? 0) >= 0 else {
                throw InvariantViolation("pruning: counts must not be negative")
            }
            for cost in [pruning.ruleCostBefore, pruning.ruleCostAfter].compactMap({ $0 })
            where !(cost >= 0 && cost.isFinite) {
                throw InvariantViolation("pruning: a rule cost must be a finite number >= 0, not \(cost)")
            }
        }
        if let configuration { try validate(configuration) }
        if let riskCalibration { try validate(riskCalibration) }
        // Per attribute whether the combination being checked has a range on it: one list,
        // cleared after each combination.
        var seen = [Bool](repeating: false, count: attributes.count)
        for (index, combination) in combinations.enumerated() {
            try validate(combination, index: index, seen: &seen)
        }
    }

    private func validate(_ configuration: SelfConfiguration) throws(InvariantViolation) {
        guard configuration.folds >= 2, configuration.rows >= 0,
              configuration.tolerance >= 0 && configuration.tolerance < 1 else {
            throw InvariantViolation("configuration: needs at least 2 folds, rows >= 0 and a tolerance in [0, 1)")
        }
        for (c, candidate) in configuration.candidates.enumerated() {
            guard candidate.accuracy >= 0 && candidate.accuracy <= 1,
                  candidate.conditions >= 0 && candidate.conditions.isFinite,
                  ASONNParameters.Limits.minDiscrimination.contains(candidate.minDiscrimination) else {
                throw InvariantViolation("configuration.candidates[\(c)]: needs an accuracy in [0, 1], finite "
                                         + "conditions >= 0 and a minimum discrimination in range")
            }
        }
        guard configuration.candidates.indices.contains(configuration.chosen) else {
            throw InvariantViolation("configuration.chosen: no such candidate")
        }
        let chosen = configuration.candidates[configuration.chosen]
        guard chosen.minDiscrimination == parameters.minDiscrimination, chosen.stopRule == parameters.stopRule else {
            throw InvariantViolation("configuration.chosen: the chosen candidate is not the model's parameters")
        }
    }

    private func validate(_ calibration: RiskCalibration) throws(InvariantViolation) {
        guard calibration.coefficients.count == AcquisitionFeatures.count + 1,
              calibration.coefficients.allSatisfy(\.isFinite) else {
            throw InvariantViolation("riskCalibration.coefficients: needs \(AcquisitionFeatures.count + 1) "
                                     + "finite numbers")
        }
        guard calibration.folds >= 2, calibration.steps >= 0,
              calibration.changeRate >= 0 && calibration.changeRate <= 1 else {
            throw InvariantViolation("riskCalibration: needs at least 2 folds, steps >= 0 and a change rate "
                                     + "in [0, 1]")
        }
        if let risk = calibration.planRisk, !(risk >= 0 && risk <= 1) {
            throw InvariantViolation("riskCalibration.planRisk: needs a risk in [0, 1]")
        }
        for (b, bin) in calibration.reliability.enumerated() {
            guard bin.estimated >= 0 && bin.estimated <= 1, bin.observed >= 0 && bin.observed <= 1,
                  bin.steps >= 0 else {
                throw InvariantViolation("riskCalibration.reliability[\(b)]: needs rates in [0, 1] and steps >= 0")
            }
        }
    }

    private static func requireUnique(_ names: [String], field: String) throws(InvariantViolation) {
        var seen = Set<String>()
        for name in names where !seen.insert(name).inserted {
            throw InvariantViolation("\(field): \(quoted(name)) is listed twice")
        }
    }

    private func validate(_ attribute: ModelAttribute, field: String) throws(InvariantViolation) {
        if attribute.numeric {
            guard let low = attribute.minimum, let high = attribute.maximum, let floor = attribute.widthFloor,
                  low.isFinite, high.isFinite, floor.isFinite, low <= high, floor >= 0, (high - low).isFinite else {
                throw InvariantViolation("\(field): numeric attribute \(quoted(attribute.name)) needs a finite "
                                         + "minimum <= maximum, a finite span and a finite width floor >= 0")
            }
            guard attribute.categories == nil else {
                throw InvariantViolation("\(field).categories: numeric attribute \(quoted(attribute.name)) "
                                         + "has categories")
            }
        } else {
            guard let categories = attribute.categories, !categories.isEmpty else {
                throw InvariantViolation("\(field).categories: categorical attribute \(quoted(attribute.name)) "
                                         + "has no categories")
            }
            try Self.requireUnique(categories, field: "\(field).categories")
        }
    }

    private func validateSummary() throws(InvariantViolation) {
        guard summary.rows >= 0 else { throw InvariantViolation("training.rows must not be negative") }
        guard summary.classCounts.count == classes.count, summary.classCounts.allSatisfy({ $0 >= 0 }) else {
            throw InvariantViolation("training.classCounts needs one count >= 0 per class (\(classes.count))")
        }
        guard (0...attributes.count).contains(summary.usableAttributes) else {
            throw InvariantViolation("training.usableAttributes must be between 0 and \(attributes.count)")
        }
        guard summary.ambiguousLines.allSatisfy({ $0 >= 1 }) else {
            throw InvariantViolation("training.ambiguousLines must hold line numbers >= 1")
        }
    }

    private func validate(_ costs: TestCosts) throws(InvariantViolation) {
        if let problem = costs.inconsistency(attributeCount: attributes.count) { throw InvariantViolation(problem) }
        try Self.requireUnique(costs.groupNames, field: "costs.groupNames")
    }

    private func validate(_ combination: Combination, index: Int, seen: inout [Bool]) throws(InvariantViolation) {
        var field: String { "combinations[\(index)]" }
        defer {
            for range in combination.ranges where seen.indices.contains(range.attribute) {
                seen[range.attribute] = false
            }
        }
        guard classes.indices.contains(combination.classIndex) else {
            throw InvariantViolation("\(field).class: no such class")
        }
        guard combination.represented >= 1 else { throw InvariantViolation("\(field).represented: must be at least 1") }
        // The field's name is made only for an error (a model holds tens of thousands of ranges).
        var total = 0.0
        for (r, range) in combination.ranges.enumerated() {
            var place: String { "\(field).ranges[\(r)]" }
            guard attributes.indices.contains(range.attribute), !seen[range.attribute] else {
                throw InvariantViolation("\(place).attribute: unknown, or repeated in one combination")
            }
            seen[range.attribute] = true
            guard range.weight.isFinite, range.weight >= 0 else {
                throw InvariantViolation("\(place).weight: must be a finite number >= 0")
            }
            guard range.seeds >= 0, range.weeds >= 0 else { throw InvariantViolation("\(place): negative counts") }
            total += range.weight
            let attribute = attributes[range.attribute]
            if attribute.numeric {
                guard !range.isCategorical, range.lower.isFinite, range.upper.isFinite,
                      range.lower <= range.upper else {
                    throw InvariantViolation("\(place): numeric range on \(quoted(attribute.name)) needs a "
                                             + "finite lower <= upper and no categories")
                }
            } else {
                let count = attribute.categories?.count ?? 0
                guard range.isCategorical, range.categories.allSatisfy({ $0 >= 0 && $0 < count }),
                      Set(range.categories).count == range.categories.count else {
                    throw InvariantViolation("\(place).categories: needs distinct categories of "
                                             + "\(quoted(attribute.name))")
                }
            }
        }
        if !combination.ranges.isEmpty && !(abs(total - 1) <= 1e-6) {
            throw InvariantViolation("\(field): the weights sum to \(total), not 1")
        }
    }

    /// Whether `row` lies inside every range of `combination` (a missing value is inside).
    public func contains(_ combination: Combination, row: some RandomAccessCollection<Double>) -> Bool {
        let base = row.startIndex
        for range in combination.ranges {
            let x = row[row.index(base, offsetBy: range.attribute)]
            if x.isNaN { continue }
            if !contains(range, x) { return false }
        }
        return true
    }

    /// The spec's training invariants on the data the model was built from:
    /// every row lies inside some combination of its class; no unambiguous combination
    /// holds a row of another class on all its ranges; and every row not flagged as
    /// ambiguous is classified correctly.
    public func checkTrainingInvariants(on data: Dataset) throws(InvariantViolation) {
        let ambiguousLines = Set(summary.ambiguousLines)
        for i in 0..<data.rowCount {
            let row = data.row(i)
            let label = data.labels[i]
            var covered = false
            for (index, combination) in combinations.enumerated() where contains(combination, row: row) {
                if combination.classIndex == label {
                    covered = true
                } else if !combination.ambiguous {
                    throw InvariantViolation("line \(data.lines[i]) (class \(classes[label])) lies inside combination "
                                             + "\(index + 1) of class \(classes[combination.classIndex])")
                }
            }
            guard covered else {
                throw InvariantViolation("line \(data.lines[i]) is not represented by any combination of its class")
            }
            if !ambiguousLines.contains(data.lines[i]) {
                let predicted = predict(row: row).classIndex
                guard predicted == label else {
                    throw InvariantViolation("line \(data.lines[i]) of class \(classes[label]) is classified as "
                                             + "\(classes[predicted])")
                }
            }
        }
    }
}
