import Dispatch
import Foundation

/// A model compiled for fast classification of many rows. It returns exactly what
/// `ASONNModel.predict(row:)` returns (same scores bit for bit, same winners, same class)
/// but evaluates only the combinations that can still change the answer.
///
/// How: each class's result is the lexicographic best of (excitation, support, earlier
/// index) over its combinations, so combinations may be evaluated in any order. They are
/// numbered by class, then support (most first), then model order. For a few deficit
/// levels t, an index per attribute tells which combinations have a range that, at this
/// value, alone takes more than t off the excitation (its weight share times 1 - output).
/// A combination outside the level-t set therefore scores at most 1 - t; once a class's
/// best exact score so far beats that, the rest of the class is skipped. At the finest
/// level the set holds every combination that can score exactly 1, so a class with such a
/// combination is settled by the first one found in support order.
///
/// Build one with `ASONNModel.scorer()` and reuse it: building indexes every range.
public struct Scorer: Sendable {
    /// The model scored, for the plain path and for the class decision.
    public let model: ASONNModel
    /// Nil when some range is outside what the index assumes (invalid weights or bounds,
    /// as a loaded model never has); every row then takes the plain path.
    let compiled: CompiledCombinations?

    /// Compiles `model`; the model is not changed.
    public init(_ model: ASONNModel) {
        self.model = model
        self.compiled = CompiledCombinations(model)
    }

    /// The same `Prediction` as `model.predict(row:)`. Attributes past the end of a short
    /// row are missing.
    public func predict(row: some RandomAccessCollection<Double>) -> Prediction {
        var values = Array(row)
        if values.count < model.attributes.count {
            values += [Double](repeating: .nan, count: model.attributes.count - values.count)
        }
        guard let compiled else { return model.predict(row: values) }
        let scratch = compiled.scratch()
        return values.withUnsafeBufferPointer { buffer in
            guard let base = buffer.baseAddress else { return model.predict(row: values) }
            return compiled.predict(row: base, scratch: scratch, model: model)
        }
    }

    /// Predictions for the rows stored row-major in `values`, `stride` values per row in the
    /// model's attribute order: `rowCount` rows, or as many as `values` holds. Attributes
    /// past a row's `stride` values are missing. Rows are shared among the processor cores;
    /// the result is in row order and does not depend on the number of cores.
    public func predictions(values: [Double], rowCount: Int, stride: Int) -> [Prediction] {
        let rowCount = stride > 0 ? min(rowCount, values.count / stride) : 0
        guard rowCount > 0 else { return [] }
        if stride < model.attributes.count {
            // Widen every row to the model's attributes, the missing ones NaN.
            let padding = [Double](repeating: .nan, count: model.attributes.count - stride)
            let widened = (0..<rowCount).flatMap { r in Array(values[(r * stride)..<((r + 1) * stride)]) + padding }
            return predictions(values: widened, rowCount: rowCount, stride: model.attributes.count)
        }
        guard let compiled else {
            return (0..<rowCount).map { r in model.predict(row: values[(r * stride)..<((r + 1) * stride)]) }
        }
        let chunkSize = 256
        let chunks = (rowCount + chunkSize - 1) / chunkSize
        return values.withUnsafeBufferPointer { source in
            [Prediction](unsafeUninitializedCapacity: rowCount) { buffer, initialized in
                guard let input = source.baseAddress, let output = buffer.baseAddress else { initialized = 0; return }
                let shared = SharedRows(input: input, output: output)
                // Each chunk writes its own rows once, so chunks need no coordination.
                DispatchQueue.concurrentPerform(iterations: chunks) { chunk in
                    let scratch = compiled.scratch()
                    for r in (chunk * chunkSize)..<min(rowCount, (chunk + 1) * chunkSize) {
                        (shared.output + r).initialize(to: compiled.predict(row: shared.input + r * stride, scratch: scratch, model: model))
                    }
                }
                initialized = rowCount
            }
        }
    }

    /// Predictions for every row of a data set with the model's attributes.
    public func predictions(_ data: Dataset) -> [Prediction] {
        predictions(values: data.values, rowCount: data.rowCount, stride: data.attributeCount)
    }
}

extension ASONNModel {
    /// A compiled form of this model for classifying many rows quickly (see `Scorer`).
    public func scorer() -> Scorer { Scorer(self) }
}

/// Per-thread working memory for one row at a time.
final class ScorerScratch {
    let candidates: UnsafeMutablePointer<UInt64>
    let state: UnsafeMutablePointer<UInt64>
    let evaluated: UnsafeMutablePointer<UInt64>
    let best: UnsafeMutablePointer<Double>
    let bestPosition: UnsafeMutablePointer<Int>
    let settled: UnsafeMutablePointer<Bool>
    /// Per index of the current level, where the row's value falls.
    let located: UnsafeMutablePointer<Int>
    let wordCount: Int
    let classCount: Int

    init(wordCount: Int, classCount: Int, indexCount: Int) {
        self.wordCount = wordCount
        self.classCount = classCount
        located = .allocate(capacity: max(indexCount, 1))
        candidates = .allocate(capacity: max(wordCount, 1))
        state = .allocate(capacity: max(wordCount, 1))
        evaluated = .allocate(capacity: max(wordCount, 1))
        best = .allocate(capacity: max(classCount, 1))
        bestPosition = .allocate(capacity: max(classCount, 1))
        settled = .allocate(capacity: max(classCount, 1))
    }

    deinit {
        candidates.deallocate()
        state.deallocate()
        evaluated.deallocate()
        best.deallocate()
        bestPosition.deallocate()
        settled.deallocate()
        located.deallocate()
    }
}

/// One attribute's index at one deficit level: which combinations are kept at a value.
/// Numeric: ranges widened to the level give sorted events (a combination enters at its
/// widened lower end, leaves after its widened upper end) with the kept set after every
/// `spacing`-th event; a value's set is the nearest snapshot plus the events between.
/// Categorical: the kept set per category index, and one for any other value.
struct LevelIndex {
    var attribute: Int
    var isCategorical: Bool
    /// Numeric: first event in `keys` and `events`; categorical: first word of its sets in `bits`.
    var start: Int
    /// Numeric: number of events; categorical: number of categories (sets = count + 1).
    var count: Int
    /// Numeric: first word of its snapshots in `bits`, and how many there are.
    var snapshots: Int
    var snapshotCount: Int
    /// Numeric: a grid over the keys, `bucketCount` cells from `origin`, `scale` cells per
    /// unit; `buckets` is the first of its bucketCount + 1 entries in `bucketStart`, each the
    /// first event whose key falls in that cell or a later one.
    var buckets: Int
    var bucketCount: Int
    var origin: Double
    var scale: Double
}

/// The combinations as flat arrays in scoring order, with the level indexes. Immutable
/// once built, so threads share it.
final class CompiledCombinations: @unchecked Sendable {
    /// Deficit levels, finest first, matched to the gaps between a losing class's best
    /// score and 1 seen in practice. Every level keeps each combination that can score 1
    /// (one outside scores at most 1 - level), so the first level settles a class that has one.
    static let levels: [Double] = [3e-3, 3e-2, 0.3]

    let classCount: Int
    let combinationCount: Int
    let wordCount: Int
    /// Scoring position -> model index.
    let modelIndex: UnsafeMutablePointer<Int>
    /// Per class, its first scoring position (classCount + 1 entries).
    let classStart: UnsafeMutablePointer<Int>
    /// Per position, its first range (combinationCount + 1 entries); ranges in model order.
    let rangeStart: UnsafeMutablePointer<Int>
    let attribute: UnsafeMutablePointer<Int>
    let lower: UnsafeMutablePointer<Double>
    let upper: UnsafeMutablePointer<Double>
    /// max(upper - lower, width floor), as `output(of:for:)` computes it.
    let width: UnsafeMutablePointer<Double>
    let weight: UnsafeMutablePointer<Double>
    /// Per position, the sum of its ranges' weights.
    let totalWeight: UnsafeMutablePointer<Double>
    /// Per range, its categories in `categories` (an empty span for numeric ranges).
    let categoryStart: UnsafeMutablePointer<Int>
    let categories: UnsafeMutablePointer<Int>
    /// The level indexes, level after level; `levelStart` has levels.count + 1 entries.
    let indexes: UnsafeMutablePointer<LevelIndex>
    let levelStart: UnsafeMutablePointer<Int>
    /// Event keys and codes (a position to enter, its complement to leave) of numeric
    /// indexes. Keys are floats rounded outwards (widening a range only keeps more), to
    /// halve the memory each row reads.
    let keys: UnsafeMutablePointer<Float>
    /// The grid cells' first events (see `LevelIndex`).
    let bucketStart: UnsafeMutablePointer<Int32>
    let events: UnsafeMutablePointer<Int32>
    /// Snapshots and category sets of every index.
    let bits: UnsafeMutablePointer<UInt64>
    /// Events between two snapshots.
    let spacing: Int
    /// The most indexes one level has.
    let maxLevelIndexes: Int

    /// Working memory for one thread.
    func scratch() -> ScorerScratch {
        ScorerScratch(wordCount: wordCount, classCount: classCount, indexCount: maxLevelIndexes)
    }

    init?(_ model: ASONNModel) {
        let classCount = model.classes.count
        guard classCount > 0 else { return nil }
        let combinations = model.combinations
        // Validity the bounds rely on: outputs in [0, 1], finite hats, weights >= 0.
        for combination in combinations {
            guard combination.classIndex >= 0, combination.classIndex < classCount else { return nil }
            for range in combination.ranges {
                guard range.attribute >= 0, range.attribute < model.attributes.count,
                      range.weight.isFinite, range.weight >= 0 else { return nil }
                if !range.isCategorical {
                    let width = max(range.upper - range.lower, model.attributes[range.attribute].widthFloor ?? 0)
                    guard range.lower.isFinite, range.upper.isFinite, range.lower <= range.upper, width.isFinite else { return nil }
                }
            }
        }
        let order = combinations.indices.sorted { a, b in
            let ca = combinations[a], cb = combinations[b]
            if ca.classIndex != cb.classIndex { return ca.classIndex < cb.classIndex }
            if ca.represented != cb.represented { return ca.represented > cb.represented }
            return a < b
        }
        var classStart = [Int](repeating: order.count, count: classCount + 1)
        for (position, index) in order.enumerated().reversed() { classStart[combinations[index].classIndex] = position }
        for c in stride(from: classCount - 1, through: 0, by: -1) where classStart[c] > classStart[c + 1] {
            classStart[c] = classStart[c + 1]
        }

        var rangeStart: [Int] = [0], attribute: [Int] = [], lower: [Double] = [], upper: [Double] = []
        var width: [Double] = [], weight: [Double] = [], categoryStart: [Int] = [0], categories: [Int] = []
        var share: [Double] = [], totalWeight: [Double] = []
        for index in order {
            let combination = combinations[index]
            let total = combination.ranges.reduce(0.0) { $0 + $1.weight }
            totalWeight.append(total)
            for range in combination.ranges {
                attribute.append(range.attribute)
                lower.append(range.lower)
                upper.append(range.upper)
                weight.append(range.weight)
                width.append(range.isCategorical ? 0
                             : max(range.upper - range.lower, model.attributes[range.attribute].widthFloor ?? 0))
                categories += range.categories
                categoryStart.append(categories.count)
                share.append(total > 0 ? range.weight / total : 0)
            }
            rangeStart.append(attribute.count)
        }

        let wordCount = (order.count + 63) / 64
        let built = Self.buildIndexes(attributeCount: model.attributes.count, rangeStart: rangeStart, attribute: attribute,
                                      lower: lower, upper: upper, width: width, share: share,
                                      categoryStart: categoryStart, categories: categories,
                                      combinationCount: order.count, wordCount: wordCount)
        self.classCount = classCount
        self.combinationCount = order.count
        self.wordCount = wordCount
        self.modelIndex = frozenCopy(order)
        self.classStart = frozenCopy(classStart)
        self.rangeStart = frozenCopy(rangeStart)
        self.attribute = frozenCopy(attribute)
        self.lower = frozenCopy(lower)
        self.upper = frozenCopy(upper)
        self.width = frozenCopy(width)
        self.weight = frozenCopy(weight)
        self.totalWeight = frozenCopy(totalWeight)
        self.categoryStart = frozenCopy(categoryStart)
        self.categories = frozenCopy(categories)
        self.indexes = frozenCopy(built.indexes)
        self.levelStart = frozenCopy(built.levelStart)
        self.keys = frozenCopy(built.keys)
        self.bucketStart = frozenCopy(built.bucketStart)
        self.events = frozenCopy(built.events)
        self.bits = frozenCopy(built.bits)
        self.spacing = built.spacing
        self.maxLevelIndexes = zip(built.levelStart, built.levelStart.dropFirst()).map { $1 - $0 }.max() ?? 0
    }

    deinit {
        for pointer in [modelIndex, classStart, rangeStart, attribute, categoryStart, categories, levelStart] { pointer.deallocate() }
        for pointer in [lower, upper, width, weight, totalWeight] { pointer.deallocate() }
        keys.deallocate()
        bucketStart.deallocate()
        indexes.deallocate()
        events.deallocate()
        bits.deallocate()
    }

    /// How far past a range's ends its single deficit stays below `level`: nil when it
    /// never reaches it (the range never excludes). The deficit share * (1 - output) is
    /// at least `level` once q + q^2 / 2 >= -ln(1 - level / share) with q = 2 * distance /
    /// width; the reach is widened by 1% so that rounding cannot exclude a value too early.
    static func reach(share: Double, width: Double, level: Double) -> Double? {
        guard share > level else { return nil }
        guard width > 0 else { return 0 }  // outside, the output is exactly 0
        let g = -log1p(-level / share)
        let q = 2 * g / ((1 + 2 * g).squareRoot() + 1)  // sqrt(1 + 2g) - 1 without cancellation
        let reach = width * q / 2
        guard reach.isFinite else { return nil }
        return reach * 1.01
    }

    static func buildIndexes(attributeCount: Int, rangeStart: [Int], attribute: [Int], lower: [Double], upper: [Double],
                             width: [Double], share: [Double], categoryStart: [Int], categories: [Int],
                             combinationCount: Int, wordCount: Int)
    -> (indexes: [LevelIndex], levelStart: [Int], keys: [Float], bucketStart: [Int32], events: [Int32], bits: [UInt64], spacing: Int) {
        // Ranges per attribute, with their position; a combination with two ranges on
        // one attribute is left out of that attribute's index (kept: always safe).
        var perAttribute = [[(position: Int, range: Int)]](repeating: [], count: attributeCount)
        var uses = [Int](repeating: 0, count: attributeCount)
        for position in 0..<combinationCount {
            for r in rangeStart[position]..<rangeStart[position + 1] { uses[attribute[r]] += 1 }
            for r in rangeStart[position]..<rangeStart[position + 1] where uses[attribute[r]] == 1 {
                perAttribute[attribute[r]].append((position, r))
            }
            for r in rangeStart[position]..<rangeStart[position + 1] { uses[attribute[r]] = 0 }
        }
        // Snapshot spacing: at least 16 events, more when snapshots would pass ~64 MB.
        let bytes = Double(2 * attribute.count) * Double(levels.count) * Double(wordCount) * 8
        var spacing = 16
        while bytes / Double(spacing) > 64e6 { spacing *= 2 }

        var indexes: [LevelIndex] = [], levelStart: [Int] = [0]
        var keys: [Float] = [], bucketStart: [Int32] = [], codes: [Int32] = [], bits: [UInt64] = []
        var lowOf = [Float](repeating: 0, count: combinationCount)
        for level in levels {
            // This level's indexes with the share of combinations each keeps at a typical value.
            var built: [(index: LevelIndex, kept: Double)] = []
            for a in 0..<attributeCount where !perAttribute[a].isEmpty {
                var events: [(key: Float, code: Int32)] = []
                var sets: [(position: Int, categories: ArraySlice<Int>)] = []
                for (position, r) in perAttribute[a] {
                    if categoryStart[r + 1] > categoryStart[r] {
                        guard share[r] > level else { continue }
                        let set = categories[categoryStart[r]..<categoryStart[r + 1]]
                        if set.allSatisfy({ $0 >= 0 && $0 < 4096 }) { sets.append((position, set)) }
                    } else if let reach = reach(share: share[r], width: width[r], level: level) {
                        // Absolute slack for the rounding of the subtraction and addition below.
                        let slack = 1e-12 * (abs(lower[r]) + abs(upper[r]))
                        let low = lower[r] - reach - slack, high = upper[r] + reach + slack
                        guard low.isFinite, high.isFinite else { continue }
                        // Floats at or outside the ends. A value has passed a leave once it
                        // is above the upper end: at or above its float's nextUp, so every
                        // event is passed once its key is <= the value.
                        var lowKey = Float(low), highKey = Float(high)
                        if Double(lowKey) > low { lowKey = lowKey.nextDown }
                        if Double(highKey) < high { highKey = highKey.nextUp }
                        events.append((lowKey, Int32(position)))
                        events.append((highKey.nextUp, ~Int32(position)))
                    }
                }
                if !events.isEmpty {
                    // The events a value has passed (keys <= value) are a prefix; a
                    // combination's enter sorts before its leave (low < high.nextUp). Sorted
                    // as integers: the key's bits made order-preserving, then the code.
                    let packed = events.map { event -> UInt64 in
                        let bits = event.key.bitPattern
                        let ordered = bits & 0x8000_0000 != 0 ? ~bits : bits | 0x8000_0000
                        return UInt64(ordered) << 32 | UInt64(UInt32(bitPattern: event.code))
                    }.sorted()
                    events = packed.map { value in
                        let ordered = UInt32(truncatingIfNeeded: value >> 32)
                        let bits = ordered & 0x8000_0000 != 0 ? ordered & 0x7FFF_FFFF : ~ordered
                        return (Float(bitPattern: bits), Int32(bitPattern: UInt32(truncatingIfNeeded: value)))
                    }
                    var state = [UInt64](repeating: ~0, count: wordCount)
                    for event in events where event.code >= 0 {
                        state[Int(event.code) >> 6] &= ~(1 << UInt64(Int(event.code) & 63))
                    }
                    let first = bits.count
                    for (i, event) in events.enumerated() {
                        if i % spacing == 0 { bits += state }
                        let position = Int(event.code >= 0 ? event.code : ~event.code)
                        if event.code >= 0 {
                            state[position >> 6] |= 1 << UInt64(position & 63)
                        } else {
                            state[position >> 6] &= ~(1 << UInt64(position & 63))
                        }
                    }
                    if events.count % spacing == 0 { bits += state }
                    // Kept share: each indexed combination for the part of the indexed span
                    // its widened range covers, the others always.
                    let span = Double(events[events.count - 1].key) - Double(events[0].key)
                    var covered = Double(combinationCount - events.count / 2)
                    for event in events {
                        if event.code >= 0 { lowOf[Int(event.code)] = event.key } else {
                            covered += span > 0 ? min(1, (Double(event.key) - Double(lowOf[Int(~event.code)])) / span) : 1
                        }
                    }
                    // About two events per grid cell when the keys are finite and spread.
                    let origin = Double(events[0].key), last = Double(events[events.count - 1].key)
                    var bucketCount = 1, scale = 0.0
                    if origin.isFinite, last.isFinite, last > origin {
                        bucketCount = max(1, events.count / 2)
                        scale = Double(bucketCount) / (last - origin)
                        if !scale.isFinite || scale <= 0 { bucketCount = 1; scale = 0 }
                    }
                    let buckets = bucketStart.count
                    var cell = 0
                    for (i, event) in events.enumerated() {
                        let eventCell = Self.cell(Double(event.key), origin: origin, scale: scale, count: bucketCount)
                        while cell <= eventCell { bucketStart.append(Int32(i)); cell += 1 }
                    }
                    while cell <= bucketCount { bucketStart.append(Int32(events.count)); cell += 1 }
                    built.append((LevelIndex(attribute: a, isCategorical: false, start: keys.count, count: events.count,
                                             snapshots: first, snapshotCount: (bits.count - first) / max(wordCount, 1),
                                             buckets: buckets, bucketCount: bucketCount, origin: origin, scale: scale),
                                  covered / Double(max(combinationCount, 1))))
                    keys += events.map(\.key)
                    codes += events.map(\.code)
                }
                let categoryCount = (sets.compactMap { $0.categories.max() }.max() ?? -1) + 1
                // Without an index (more than ~32 MB of sets) the combinations are just kept.
                if !sets.isEmpty && (categoryCount + 1) * wordCount <= 1 << 22 {
                    // One set per category plus one for any other value.
                    var keptSets = [UInt64](repeating: ~0, count: (categoryCount + 1) * wordCount)
                    for (position, set) in sets {
                        for k in 0...categoryCount { keptSets[k * wordCount + position >> 6] &= ~(1 << UInt64(position & 63)) }
                        for k in set { keptSets[k * wordCount + position >> 6] |= 1 << UInt64(position & 63) }
                    }
                    let covered = Double(combinationCount - sets.count)
                        + sets.reduce(0.0) { $0 + Double($1.categories.count) / Double(max(categoryCount, 1)) }
                    built.append((LevelIndex(attribute: a, isCategorical: true, start: bits.count, count: categoryCount,
                                             snapshots: 0, snapshotCount: 0, buckets: 0, bucketCount: 0, origin: 0, scale: 0),
                                  covered / Double(max(combinationCount, 1))))
                    bits += keptSets
                }
            }
            // The most selective first: a row's kept set shrinks fastest.
            indexes += built.sorted { $0.kept < $1.kept }.map(\.index)
            levelStart.append(indexes.count)
        }
        return (indexes, levelStart, keys, bucketStart, codes, bits, spacing)
    }

    /// The category index `output(of:for:)` looks up for `x`, nil when `Int(x)` has none.
    @inline(__always)
    static func categoryIndex(_ x: Double) -> Int? {
        x > -9.2e18 && x < 9.2e18 ? Int(x) : nil
    }

    /// The excitation of the combination at `position`, computed exactly as
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
            let out: Double
            let categoryEnd = categoryStart[r + 1]
            if categoryEnd > categoryStart[r] {
                var member = false
                if let k = Self.categoryIndex(x) {
                    for i in categoryStart[r]..<categoryEnd where categories[i] == k { member = true; break }
                }
                out = member ? 1 : 0
                if !member { holds = false }
            } else {
                let low = lower[r], high = upper[r]
                if x >= low && x <= high {
                    out = 1
                } else {
                    holds = false
                    let distance = x < low ? low - x : x - high
                    let width = self.width[r]
                    if width > 0 {
                        let z = 1 + 2 * distance / width
                        out = exp((1 - z * z) / 2)
                    } else {
                        out = 0
                    }
                }
            }
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

    /// The grid cell of `x`: nondecreasing in x (so a key's cell orders it against any x
    /// of another cell), clamped to the grid; a NaN position (infinite x on a one-cell grid) is 0.
    @inline(__always)
    static func cell(_ x: Double, origin: Double, scale: Double, count: Int) -> Int {
        let t = (x - origin) * scale
        return t >= 0 ? (t < Double(count) ? Int(t) : count - 1) : 0
    }

    /// How many of the sorted keys[0..<count] are <= x, by a binary search whose steps do
    /// not branch on the data.
    @inline(__always)
    static func countAtMost(_ x: Double, in keys: UnsafePointer<Float>, count: Int) -> Int {
        guard count > 0 else { return 0 }
        var base = 0, length = count
        while length > 1 {
            let half = length &>> 1
            let below: Int = Double(keys[base &+ half &- 1]) <= x ? 1 : 0
            base &+= half & (0 &- below)
            length &-= half
        }
        return base &+ (Double(keys[base]) <= x ? 1 : 0)
    }

    /// Where this row's value falls in `index`: the number of events it has passed
    /// (numeric) or its category set (categorical); -1 when the value is missing.
    @inline(__always)
    func locate(_ index: LevelIndex, row: UnsafePointer<Double>) -> Int {
        let x = row[index.attribute]
        if x.isNaN { return -1 }
        if index.isCategorical {
            if let category = Self.categoryIndex(x), category >= 0, category < index.count { return category }
            return index.count
        }
        // Events passed by x (keys <= x): keys of earlier grid cells are below x, of later
        // ones above; only x's own cell is searched.
        let keys = self.keys + index.start
        let cell = Self.cell(x, origin: index.origin, scale: index.scale, count: index.bucketCount)
        let low = Int(bucketStart[index.buckets + cell]), high = Int(bucketStart[index.buckets + cell + 1])
        return low + Self.countAtMost(x, in: keys + low, count: high - low)
    }

    /// Intersects `kept` with the combinations `index` keeps where `locate` put the value.
    @inline(__always)
    func intersect(_ index: LevelIndex, passed: Int, kept: UnsafeMutablePointer<UInt64>,
                   state: UnsafeMutablePointer<UInt64>, words: Range<Int>) {
        if passed < 0 { return }
        if index.isCategorical {
            let set = bits + index.start + passed * wordCount
            for w in words { kept[w] &= set[w] }
            return
        }
        let events = self.events + index.start
        let snapshot = min((passed + spacing / 2) / spacing, index.snapshotCount - 1)
        let from = snapshot * spacing
        let snapshotBits = bits + index.snapshots + snapshot * wordCount
        if abs(passed - from) <= 64 {
            // kept &= (snapshot with the events between applied), without copying the
            // snapshot: a combination an event sets keeps its bit from before the AND.
            var before: UInt64 = 0
            let forward = from <= passed
            let count = forward ? passed - from : from - passed
            for n in 0..<count {
                let code = Int(events[forward ? from + n : from - 1 - n])
                if (code >= 0) == forward {
                    let k = code >= 0 ? code : ~code
                    before |= ((kept[k >> 6] >> UInt64(k & 63)) & 1) << UInt64(n)
                }
            }
            for w in words { kept[w] &= snapshotBits[w] }
            for n in 0..<count {
                let code = Int(events[forward ? from + n : from - 1 - n])
                let k = code >= 0 ? code : ~code
                let bit: UInt64 = 1 << UInt64(k & 63)
                if (code >= 0) == forward {
                    kept[k >> 6] = (kept[k >> 6] & ~bit) | (((before >> UInt64(n)) & 1) << UInt64(k & 63))
                } else {
                    kept[k >> 6] &= ~bit
                }
            }
            return
        }
        (state + words.lowerBound).update(from: snapshotBits + words.lowerBound, count: words.count)
        if from <= passed {
            for i in from..<passed {
                let code = Int(events[i])
                if code >= 0 {
                    state[code >> 6] |= 1 << UInt64(code & 63)
                } else {
                    state[~code >> 6] &= ~(1 << UInt64(~code & 63))
                }
            }
        } else {
            var i = from - 1
            while i >= passed {
                let code = Int(events[i])
                if code >= 0 {
                    state[code >> 6] &= ~(1 << UInt64(code & 63))
                } else {
                    state[~code >> 6] |= 1 << UInt64(~code & 63)
                }
                i -= 1
            }
        }
        for w in words { kept[w] &= state[w] }
    }

    /// Scores the combinations of class `c` at positions set in `candidates` (every one when
    /// nil) and not in `evaluated`, keeping the best by (score, earlier position). With
    /// `stopAtOne`, the first score of 1 ends the search (positions come in order, so it is
    /// the best).
    @inline(__always)
    func scoreClass(_ c: Int, row: UnsafePointer<Double>, candidates: UnsafePointer<UInt64>?,
                    scratch: ScorerScratch, stopAtOne: Bool) {
        let start = classStart[c], end = classStart[c + 1]
        guard start < end else { return }
        var best = scratch.best[c], bestPosition = scratch.bestPosition[c]
        defer {
            scratch.best[c] = best
            scratch.bestPosition[c] = bestPosition
        }
        for w in (start >> 6)...((end - 1) >> 6) {
            var bits = (candidates?[w] ?? ~0) & ~scratch.evaluated[w]
            if w == start >> 6 { bits &= ~0 << UInt64(start & 63) }
            if w == (end - 1) >> 6, end & 63 != 0 { bits &= (1 << UInt64(end & 63)) - 1 }
            while bits != 0 {
                let position = w << 6 + bits.trailingZeroBitCount
                bits &= bits - 1
                // Only a score within 1e-9 of the best (or above) can matter.
                let limit = bestPosition < 0 ? Double.infinity : (1 - best + 1e-9) * totalWeight[position]
                let e = excitation(at: position, row: row, limit: limit)
                if e < 0 { continue }
                if bestPosition < 0 || e > best || (e == best && position < bestPosition) {
                    best = e
                    bestPosition = position
                    if stopAtOne && e == 1 { return }
                }
            }
        }
    }

    func predict(row: UnsafePointer<Double>, scratch: ScorerScratch, model: ASONNModel) -> Prediction {
        let words = wordCount
        scratch.evaluated.update(repeating: 0, count: words)
        var open = 0
        for c in 0..<classCount {
            scratch.best[c] = 0
            scratch.bestPosition[c] = -1
            scratch.settled[c] = classStart[c] == classStart[c + 1]
            if !scratch.settled[c] { open += 1 }
        }
        var j = 0
        while open > 0 && j < Self.levels.count {
            // Only the words of classes still open are needed.
            var first = words, last = 0
            for c in 0..<classCount where !scratch.settled[c] {
                first = min(first, classStart[c] >> 6)
                last = max(last, (classStart[c + 1] + 63) >> 6)
            }
            let range = first..<max(first, last)
            let kept = scratch.candidates
            (kept + range.lowerBound).update(repeating: ~0, count: range.count)
            // Locate the value in every index first: their memory reads do not wait on
            // one another.
            for i in levelStart[j]..<levelStart[j + 1] { scratch.located[i - levelStart[j]] = locate(indexes[i], row: row) }
            for i in levelStart[j]..<levelStart[j + 1] {
                intersect(indexes[i], passed: scratch.located[i - levelStart[j]], kept: kept, state: scratch.state, words: range)
                // Once few combinations remain, scoring them costs less than narrowing
                // further; keeping more than the level's set never changes the result.
                var remaining = 0
                for w in range { remaining &+= kept[w].nonzeroBitCount }
                if remaining <= 32 { break }
            }
            // Outside the kept set a combination scores at most 1 - level (plus rounding).
            let ceiling = 1 - 0.99 * Self.levels[j] + 1e-12
            for c in 0..<classCount where !scratch.settled[c] {
                scoreClass(c, row: row, candidates: kept, scratch: scratch, stopAtOne: j == 0)
                if scratch.bestPosition[c] >= 0 && scratch.best[c] > ceiling {
                    scratch.settled[c] = true
                    open -= 1
                }
            }
            for w in range { scratch.evaluated[w] |= kept[w] }
            j += 1
        }
        // A class whose best stays below every level's ceiling: score the rest.
        for c in 0..<classCount where !scratch.settled[c] {
            scoreClass(c, row: row, candidates: nil, scratch: scratch, stopAtOne: false)
        }
        var scores = [Double](repeating: 0, count: classCount)
        var winners = [Int?](repeating: nil, count: classCount)
        for c in 0..<classCount where scratch.bestPosition[c] >= 0 {
            scores[c] = scratch.best[c]
            winners[c] = modelIndex[scratch.bestPosition[c]]
        }
        return Prediction(classIndex: model.decide(scores: scores, winners: winners), scores: scores, winners: winners)
    }
}

