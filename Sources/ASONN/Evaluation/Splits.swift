/// One train/test partition of a data set's rows.
public struct Split: Equatable, Sendable {
    public var train: [Int]
    public var test: [Int]
}

/// Stratified splits: every class is shuffled on its own and dealt out in proportion,
/// so each part keeps the class mix of the whole.
public enum Splits {
    /// Rows grouped by class, each group shuffled with `generator`.
    static func shuffledByClass(_ labels: [Int], classCount: Int, generator: inout SeededGenerator) -> [[Int]] {
        var groups = [[Int]](repeating: [], count: classCount)
        for (row, label) in labels.enumerated() { groups[label].append(row) }
        for c in groups.indices { groups[c].shuffle(using: &generator) }
        return groups
    }

    /// A holdout split with `testFraction` of each class (rounded) in the test part.
    public static func holdout(labels: [Int], classCount: Int, testFraction: Double, seed: UInt64) -> Split {
        var generator = SeededGenerator(seed: seed)
        var split = Split(train: [], test: [])
        for group in shuffledByClass(labels, classCount: classCount, generator: &generator) {
            let testCount = Int((Double(group.count) * testFraction).rounded())
            split.test += group.prefix(testCount)
            split.train += group.dropFirst(testCount)
        }
        split.train.sort()
        split.test.sort()
        return split
    }

    /// K stratified folds: each row is in exactly one test part.
    public static func kFold(labels: [Int], classCount: Int, folds: Int, seed: UInt64) -> [Split] {
        var generator = SeededGenerator(seed: seed)
        var foldOf = [Int](repeating: 0, count: labels.count)
        var next = 0
        // Dealing continues across classes so that fold sizes differ by at most one.
        for group in shuffledByClass(labels, classCount: classCount, generator: &generator) {
            for row in group {
                foldOf[row] = next
                next = (next + 1) % folds
            }
        }
        return (0..<folds).map { fold in
            Split(train: labels.indices.filter { foldOf[$0] != fold }, test: labels.indices.filter { foldOf[$0] == fold })
        }
    }
}
