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
            let testCount = holdoutTestCount(group.count, testFraction: testFraction)
            split.test += group.prefix(testCount)
            split.train += group.dropFirst(testCount)
        }
        split.train.sort()
        split.test.sort()
        return split
    }

    /// How many of a class's `rows` a holdout puts in the test part: the fraction, rounded.
    public static func holdoutTestCount(_ rows: Int, testFraction: Double) -> Int {
        let share = (Double(rows) * testFraction).rounded()
        guard share.isFinite, share > 0 else { return 0 }  // Int(_:) would trap on NaN
        return share >= Double(rows) ? rows : Int(share)
    }

    /// K stratified folds: each row is in exactly one test part.
    public static func kFold(labels: [Int], classCount: Int, folds: Int, seed: UInt64) -> [Split] {
        let foldOf = kFoldAssignment(labels: labels, classCount: classCount, folds: folds, seed: seed)
        return (0..<max(folds, 0)).map { fold(of: foldOf, $0) }
    }

    /// The test fold of every row for K stratified folds (`kFold` without making the
    /// splits, which take K x rows memory together); empty for fewer than one fold.
    public static func kFoldAssignment(labels: [Int], classCount: Int, folds: Int, seed: UInt64) -> [Int] {
        guard folds >= 1 else { return [] }
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
        return foldOf
    }

    /// `data` itself when it has at most `rows` rows, else a stratified sample of about
    /// `rows` of them, in row order: each class shuffled with `seed` and its first rows left
    /// out, as many as a holdout of the rest would take (`holdout`'s training part), except
    /// that every class keeps at least two rows (or all it has), so no rare class is lost.
    public static func stratifiedSample(_ data: Dataset, rows: Int, seed: UInt64 = 0) -> Dataset {
        guard data.rowCount > rows else { return data }
        var generator = SeededGenerator(seed: seed)
        let groups = shuffledByClass(data.labels, classCount: data.classes.count, generator: &generator)
        let kept = sampleCounts(groups.map(\.count), rows: rows)
        return data.subset(zip(groups, kept).flatMap { $0.suffix($1) }.sorted())
    }

    /// How many rows of each class `stratifiedSample` keeps, of classes of `classCounts` rows.
    public static func sampleCounts(_ classCounts: [Int], rows: Int) -> [Int] {
        let total = classCounts.reduce(0, +)
        guard total > rows else { return classCounts }
        let fraction = 1 - Double(rows) / Double(total)
        return classCounts.map { $0 - min(holdoutTestCount($0, testFraction: fraction), max($0 - 2, 0)) }
    }

    /// The split whose test part is fold `fold` of `kFoldAssignment`'s answer.
    public static func fold(of foldOf: [Int], _ fold: Int) -> Split {
        Split(train: foldOf.indices.filter { foldOf[$0] != fold }, test: foldOf.indices.filter { foldOf[$0] == fold })
    }
}
