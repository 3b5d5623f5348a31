/// A broken model invariant, with what was found.
public struct InvariantViolation: Error, Equatable, Sendable, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

extension ASONNModel {
    /// Checks that the model is internally consistent (indices in range, finite numbers,
    /// weights summing to 1). Loading runs this; tests call it on every fitted model.
    public func validateStructure() throws(InvariantViolation) {
        guard classes.count >= 2 else { throw InvariantViolation("a model needs at least two classes") }
        guard Set(classes).count == classes.count else { throw InvariantViolation("duplicate class names") }
        guard Set(attributes.map(\.name)).count == attributes.count else { throw InvariantViolation("duplicate attribute names") }
        for attribute in attributes where attribute.numeric {
            guard let low = attribute.minimum, let high = attribute.maximum, let floor = attribute.widthFloor,
                  low.isFinite, high.isFinite, floor.isFinite, low <= high, floor >= 0 else {
                throw InvariantViolation("numeric attribute '\(attribute.name)' needs a finite minimum <= maximum and width floor >= 0")
            }
        }
        for (index, combination) in combinations.enumerated() {
            let name = "combination \(index + 1)"
            guard classes.indices.contains(combination.classIndex) else { throw InvariantViolation("\(name) has no valid class") }
            guard combination.represented >= 1 else { throw InvariantViolation("\(name) represents no training row") }
            var seen = Set<Int>()
            var total = 0.0
            for range in combination.ranges {
                guard attributes.indices.contains(range.attribute), seen.insert(range.attribute).inserted else {
                    throw InvariantViolation("\(name) has an invalid or repeated attribute")
                }
                guard range.weight.isFinite, range.weight >= 0 else { throw InvariantViolation("\(name) has an invalid weight") }
                total += range.weight
                let attribute = attributes[range.attribute]
                if attribute.numeric {
                    guard !range.isCategorical, range.lower.isFinite, range.upper.isFinite, range.lower <= range.upper else {
                        throw InvariantViolation("\(name) has an invalid range on '\(attribute.name)'")
                    }
                } else {
                    let count = attribute.categories?.count ?? 0
                    guard range.isCategorical, range.categories.allSatisfy({ $0 >= 0 && $0 < count }) else {
                        throw InvariantViolation("\(name) has an invalid category set on '\(attribute.name)'")
                    }
                }
            }
            if !combination.ranges.isEmpty && abs(total - 1) > 1e-6 {
                throw InvariantViolation("\(name)'s weights sum to \(total), not 1")
            }
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
                    throw InvariantViolation("line \(data.lines[i]) (class \(classes[label])) lies inside combination \(index + 1) of class \(classes[combination.classIndex])")
                }
            }
            guard covered else { throw InvariantViolation("line \(data.lines[i]) is not represented by any combination of its class") }
            if !ambiguousLines.contains(data.lines[i]) {
                let predicted = predict(row: row).classIndex
                guard predicted == label else {
                    throw InvariantViolation("line \(data.lines[i]) of class \(classes[label]) is classified as \(classes[predicted])")
                }
            }
        }
    }
}
