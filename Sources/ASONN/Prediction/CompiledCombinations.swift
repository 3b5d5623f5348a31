import Foundation

/// A model's combinations as flat arrays, built once and shared by every answer a
/// `Predictor` gives: scoring, explanation and sequential acquisition. Positions follow
/// the scoring order: by class, then support (most first), then model order; a
/// combination's ranges keep their model order, so sums over them match the definitions.
/// Immutable once built, so threads share it.
final class CompiledCombinations: @unchecked Sendable {
    let classCount: Int
    let combinationCount: Int
    /// Words of a bit set with one bit per position.
    let wordCount: Int
    /// Scoring position -> model index, and model index -> scoring position.
    let modelIndex: UnsafeMutablePointer<Int>
    let position: [Int]
    /// Per position, its class and the training rows it represents.
    let classIndex: UnsafeMutablePointer<Int>
    let represented: UnsafeMutablePointer<Int>
    /// The model's tie tolerance, for deciding the class (`ASONNModel.decide`).
    let tieTolerance: Double
    /// Per class, its first scoring position (classCount + 1 entries).
    let classStart: UnsafeMutablePointer<Int>
    /// Per position, its first range (combinationCount + 1 entries).
    let rangeStart: UnsafeMutablePointer<Int>
    /// Per range, the position of the combination it belongs to.
    let rangeOwner: UnsafeMutablePointer<Int>
    let attribute: UnsafeMutablePointer<Int>
    let lower: UnsafeMutablePointer<Double>
    let upper: UnsafeMutablePointer<Double>
    /// max(upper - lower, width floor), as `ASONNModel.output(of:for:)` computes it.
    let width: UnsafeMutablePointer<Double>
    let weight: UnsafeMutablePointer<Double>
    /// Per position, the sum of its ranges' weights.
    let totalWeight: UnsafeMutablePointer<Double>
    /// Per range, its categories in `categories` (an empty span for numeric ranges).
    let categoryStart: UnsafeMutablePointer<Int>
    let categories: UnsafeMutablePointer<Int>
    /// Per attribute a, the ranges on it (`rangesOnList` from `rangesOnStart[a]` to
    /// `rangesOnStart[a + 1]`) and the positions of the combinations with one (each once,
    /// likewise), for sequential acquisition. Flat buffers rather than arrays here and below:
    /// acquisition reads them at every test of every row, and an array would be retained
    /// at each read.
    let rangesOnStart: UnsafeMutablePointer<Int>
    let rangesOnList: UnsafeMutablePointer<Int>
    let combinationsOnStart: UnsafeMutablePointer<Int>
    let combinationsOnList: UnsafeMutablePointer<Int>
    /// Per position, the attributes it has ranges on (each once, ascending) from
    /// `shareStart[p]` to `shareStart[p + 1]`, with the share of its range weight that rests
    /// on each (`fixedShare`), for choosing the next test.
    let shareStart: UnsafeMutablePointer<Int>
    let shareAttribute: UnsafeMutablePointer<Int>
    let weightShare: UnsafeMutablePointer<Int64>
    /// Per attribute, the sum of `weightShare` over every combination with a range on it.
    let weightShareTotal: [Int64]
    /// Per range, the share of the training rows whose value lies in it, (seeds + weeds) /
    /// rows: how likely an unmeasured value is to fall inside.
    let rangeCoverage: [Double]
    /// Whether the level indexes were built. They are not when asked not to (for a few
    /// rows, building them costs more than they save) or when some range is outside what
    /// they assume (invalid weights or bounds, as a loaded model never has): every row is
    /// then scored the plain way.
    let isIndexed: Bool
    /// The level indexes, frozen from `LevelIndexes` (see there): level after level, with
    /// their event keys, grid cells, event codes, snapshots and category sets.
    let indexes: UnsafeMutablePointer<LevelIndex>
    let levelStart: UnsafeMutablePointer<Int>
    let keys: UnsafeMutablePointer<Float>
    let bucketStart: UnsafeMutablePointer<Int32>
    let events: UnsafeMutablePointer<Int32>
    let bits: UnsafeMutablePointer<UInt64>
    /// Events between two snapshots (a power of 2), and its base-2 logarithm.
    let spacing: Int
    let spacingShift: Int
    /// The most indexes one level has.
    let maxLevelIndexes: Int

    init(_ model: ASONNModel, indexed: Bool = true) {
        let classCount = model.classes.count
        let combinations = model.combinations
        // The sort keys taken out first: comparing them copies no combination.
        let sortKeys = combinations.map { (classIndex: $0.classIndex, represented: $0.represented) }
        let order = sortKeys.indices.sorted { a, b in
            let ka = sortKeys[a], kb = sortKeys[b]
            if ka.classIndex != kb.classIndex { return ka.classIndex < kb.classIndex }
            if ka.represented != kb.represented { return ka.represented > kb.represented }
            return a < b
        }
        var classStart = [Int](repeating: order.count, count: classCount + 1)
        // (A class index out of range, which no valid model has, is left out.)
        for (position, index) in order.enumerated().reversed()
        where (0..<classCount).contains(sortKeys[index].classIndex) {
            classStart[sortKeys[index].classIndex] = position
        }
        for c in stride(from: classCount - 1, through: 0, by: -1) where classStart[c] > classStart[c + 1] {
            classStart[c] = classStart[c + 1]
        }
        var position = [Int](repeating: 0, count: order.count)
        for (p, index) in order.enumerated() { position[index] = p }

        var rangeStart: [Int] = [0], attribute: [Int] = [], lower: [Double] = [], upper: [Double] = []
        var width: [Double] = [], weight: [Double] = [], categoryStart: [Int] = [0], categories: [Int] = []
        var share: [Double] = [], totalWeight: [Double] = [], rangeOwner: [Int] = []
        var rangesOn = [[Int]](repeating: [], count: model.attributes.count)
        var combinationsOn = [[Int]](repeating: [], count: model.attributes.count)
        var shareStart: [Int] = [0], shareAttribute: [Int] = [], weightShare: [Int64] = []
        var weightShareTotal = [Int64](repeating: 0, count: model.attributes.count)
        var rangeCoverage: [Double] = []
        let rangeCount = combinations.reduce(0) { $0 + $1.ranges.count }
        attribute.reserveCapacity(rangeCount)
        rangeOwner.reserveCapacity(rangeCount)
        lower.reserveCapacity(rangeCount)
        upper.reserveCapacity(rangeCount)
        weight.reserveCapacity(rangeCount)
        width.reserveCapacity(rangeCount)
        categoryStart.reserveCapacity(rangeCount + 1)
        share.reserveCapacity(rangeCount)
        rangeCoverage.reserveCapacity(rangeCount)
        rangeStart.reserveCapacity(combinations.count + 1)
        totalWeight.reserveCapacity(combinations.count)
        let rows = Double(max(model.summary.rows, 1))
        let widthFloor = model.attributes.map { $0.widthFloor ?? 0 }
        var weightOn = [Double?](repeating: nil, count: model.attributes.count)
        var touched: [Int] = []
        for (p, index) in order.enumerated() {
            let combination = combinations[index]
            let total = combination.ranges.reduce(0.0) { $0 + $1.weight }
            totalWeight.append(total)
            for range in combination.ranges {
                let a = range.attribute
                if rangesOn.indices.contains(a) {
                    rangesOn[a].append(attribute.count)
                    if combinationsOn[a].last != p { combinationsOn[a].append(p) }
                }
                attribute.append(a)
                rangeOwner.append(p)
                lower.append(range.lower)
                upper.append(range.upper)
                weight.append(range.weight)
                let floor = widthFloor.indices.contains(a) ? widthFloor[a] : 0
                width.append(range.isCategorical ? 0 : max(range.upper - range.lower, floor))
                categories += range.categories
                categoryStart.append(categories.count)
                share.append(total > 0 ? range.weight / total : 0)
                // In Double: counts from a model file may be anything up to Int.max.
                rangeCoverage.append(min(max((Double(range.seeds) + Double(range.weeds)) / rows, 0), 1))
            }
            // The weight on each attribute, summed in range order (touched lists their first
            // appearance; sorted after, few per combination).
            touched.removeAll(keepingCapacity: true)
            for range in combination.ranges where weightOn.indices.contains(range.attribute) {
                if weightOn[range.attribute] == nil { touched.append(range.attribute) }
                weightOn[range.attribute] = (weightOn[range.attribute] ?? 0) + range.weight
            }
            for a in touched.sorted() {
                let on = weightOn[a] ?? 0
                weightOn[a] = nil
                let fixed = Self.fixedShare(total > 0 ? on / total : 0)
                shareAttribute.append(a)
                weightShare.append(fixed)
                weightShareTotal[a] &+= fixed  // (2^31 combinations before it could wrap)
            }
            shareStart.append(shareAttribute.count)
            rangeStart.append(attribute.count)
        }

        let wordCount = (order.count + 63) / 64
        let isIndexed = indexed && Self.isIndexable(model)
        let levels = isIndexed
            ? LevelIndexes(attributeCount: model.attributes.count, combinationCount: order.count, wordCount: wordCount,
                           ranges: LevelIndexes.Ranges(start: rangeStart, attribute: attribute, lower: lower,
                                                       upper: upper, width: width, share: share,
                                                       categoryStart: categoryStart, categories: categories))
            : LevelIndexes()
        self.classCount = classCount
        self.tieTolerance = model.parameters.tieTolerance
        self.combinationCount = order.count
        self.wordCount = wordCount
        self.modelIndex = frozenCopy(order)
        self.position = position
        self.classIndex = frozenCopy(order.map { sortKeys[$0].classIndex })
        self.represented = frozenCopy(order.map { sortKeys[$0].represented })
        self.classStart = frozenCopy(classStart)
        self.rangeStart = frozenCopy(rangeStart)
        self.rangeOwner = frozenCopy(rangeOwner)
        self.attribute = frozenCopy(attribute)
        self.lower = frozenCopy(lower)
        self.upper = frozenCopy(upper)
        self.width = frozenCopy(width)
        self.weight = frozenCopy(weight)
        self.totalWeight = frozenCopy(totalWeight)
        self.categoryStart = frozenCopy(categoryStart)
        self.categories = frozenCopy(categories)
        // Where each attribute's list starts in the flat one.
        func starts(_ lists: [[Int]]) -> [Int] { lists.reduce(into: [0]) { $0.append($0[$0.count - 1] + $1.count) } }
        self.rangesOnStart = frozenCopy(starts(rangesOn))
        self.rangesOnList = frozenCopy(rangesOn.flatMap { $0 })
        self.combinationsOnStart = frozenCopy(starts(combinationsOn))
        self.combinationsOnList = frozenCopy(combinationsOn.flatMap { $0 })
        self.shareStart = frozenCopy(shareStart)
        self.shareAttribute = frozenCopy(shareAttribute)
        self.weightShare = frozenCopy(weightShare)
        self.weightShareTotal = weightShareTotal
        self.rangeCoverage = rangeCoverage
        self.isIndexed = isIndexed
        self.indexes = frozenCopy(levels.indexes)
        self.levelStart = frozenCopy(levels.levelStart)
        self.keys = frozenCopy(levels.keys)
        self.bucketStart = frozenCopy(levels.bucketStart)
        self.events = frozenCopy(levels.events)
        self.bits = frozenCopy(levels.bits)
        self.spacing = levels.spacing
        self.spacingShift = levels.spacing.trailingZeroBitCount
        self.maxLevelIndexes = zip(levels.levelStart, levels.levelStart.dropFirst()).map { $1 - $0 }.max() ?? 0
    }

    /// Working memory for one thread.
    func scratch() -> ScoringScratch {
        ScoringScratch(wordCount: wordCount, classCount: classCount, indexCount: maxLevelIndexes)
    }

    deinit {
        for pointer in [modelIndex, classStart, rangeStart, attribute, categoryStart, categories, levelStart,
                        classIndex, represented, rangeOwner, rangesOnStart, rangesOnList, combinationsOnStart,
                        combinationsOnList, shareStart, shareAttribute] {
            pointer.deallocate()
        }
        weightShare.deallocate()
        for pointer in [lower, upper, width, weight, totalWeight] { pointer.deallocate() }
        keys.deallocate()
        bucketStart.deallocate()
        indexes.deallocate()
        events.deallocate()
        bits.deallocate()
    }

    /// What the level indexes' bounds rely on: classes, in-range indices, outputs in
    /// [0, 1], finite hats, weights >= 0 with a finite sum.
    static func isIndexable(_ model: ASONNModel) -> Bool {
        guard !model.classes.isEmpty else { return false }
        for combination in model.combinations {
            guard combination.classIndex >= 0, combination.classIndex < model.classes.count else { return false }
            // Finite weights may still sum to infinity, and excitations would be NaN.
            guard combination.ranges.reduce(0.0, { $0 + $1.weight }).isFinite else { return false }
            for range in combination.ranges {
                guard range.attribute >= 0, range.attribute < model.attributes.count,
                      range.weight.isFinite, range.weight >= 0 else { return false }
                if !range.isCategorical {
                    let width = max(range.upper - range.lower, model.attributes[range.attribute].widthFloor ?? 0)
                    guard range.lower.isFinite, range.upper.isFinite, range.lower <= range.upper,
                          width.isFinite else { return false }
                }
            }
        }
        return true
    }

    /// Units of `weightShare` in a whole weight: fixed point, so that the sums the next test
    /// is chosen by stay exact as combinations leave them.
    static let shareUnit = Double(1 << 32)

    /// `share`, a fraction of a combination's weight, in units of `shareUnit` (taken in [0, 1]).
    static func fixedShare(_ share: Double) -> Int64 {
        share.isNaN ? 0 : Int64((min(max(share, 0), 1) * shareUnit).rounded())
    }

    /// The category index `ASONNModel.contains` looks up for `x`, nil when `Int(x)` has none.
    @inline(__always)
    static func categoryIndex(_ x: Double) -> Int? {
        x > -9.2e18 && x < 9.2e18 ? Int(x) : nil
    }

    /// Range `r`'s output for the present value `x`, and whether `x` lies in it: the
    /// formulas of `ASONNModel.output(of:for:)` and `contains`, same expressions, so the
    /// same bits.
    @inline(__always)
    func output(ofRange r: Int, for x: Double) -> (output: Double, inside: Bool) {
        let categoryEnd = categoryStart[r + 1]
        if categoryEnd > categoryStart[r] {
            if let k = Self.categoryIndex(x) {
                for i in categoryStart[r]..<categoryEnd where categories[i] == k { return (1, true) }
            }
            return (0, false)
        }
        let low = lower[r], high = upper[r]
        if x >= low && x <= high { return (1, true) }
        let distance = x < low ? low - x : x - high
        let width = self.width[r]
        guard width > 0 else { return (0, false) }
        let z = 1 + 2 * distance / width
        return (exp((1 - z * z) / 2), false)
    }

    /// The excitation of the combination at `position`, computed as
    /// `ASONNModel.excitation(of:for:)` does: same terms, same order, same expressions.
    /// Returns -1 instead once the deficit so far, sum of w * (1 - output), exceeds
    /// `limit`: the excitation, at most 1 - deficit / (sum of every range's weight), is
    /// then below what the caller needs.
    @inline(__always)
    func excitation(at position: Int, row: UnsafePointer<Double>, limit: Double) -> Double {
        let start = rangeStart[position], end = rangeStart[position + 1]
        if start == end { return 1 }
        var weighted = 0.0, weights = 0.0, deficit = 0.0, holds = true
        for r in start..<end {
            let x = row[attribute[r]]
            if x.isNaN { continue }
            let (out, inside) = output(ofRange: r, for: x)
            if !inside { holds = false }
            weighted += weight[r] * out
            weights += weight[r]
            if out < 1 {
                deficit += weight[r] * (1 - out)
                if deficit > limit { return -1 }
            }
        }
        if holds { return 1 }
        guard weights > 0 else { return 0 }
        return min(weighted / weights, ASONNModel.outsideCeiling)
    }
}
