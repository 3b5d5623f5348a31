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

    /// The same `Prediction` as `model.predict(row:)`.
    public func predict(row: some RandomAccessCollection<Double>) -> Prediction {
        guard let compiled, row.count >= model.attributes.count else { return model.predict(row: row) }
        let values = Array(row)
        let scratch = ScorerScratch(wordCount: compiled.wordCount, classCount: compiled.classCount)
        return values.withUnsafeBufferPointer { buffer in
            guard let base = buffer.baseAddress else { return model.predict(row: row) }
            return compiled.predict(row: base, scratch: scratch, model: model)
        }
    }

    /// Predictions for `rowCount` rows stored row-major in `values`, `stride` values per row
    /// in the model's attribute order (at least the model's attribute count). Rows are
    /// shared among the processor cores; the result is in row order and does not depend on
    /// the number of cores.
    public func predictions(values: [Double], rowCount: Int, stride: Int) -> [Prediction] {
        guard rowCount > 0 else { return [] }
        guard let compiled, stride >= model.attributes.count, values.count >= rowCount * stride else {
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
                    let scratch = ScorerScratch(wordCount: compiled.wordCount, classCount: compiled.classCount)
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

/// The rows being classified and their results, shared by the worker threads of
/// `Scorer.predictions`: the input is only read, and each result slot is written by one
/// thread only, before the threads are joined.
struct SharedRows: @unchecked Sendable {
    let input: UnsafePointer<Double>
    let output: UnsafeMutablePointer<Prediction>
}

/// A copy of `elements` in memory the scoring loops read without bounds checks; freed by
/// the owner's deinit.
func frozenCopy<Element: BitwiseCopyable>(_ elements: [Element]) -> UnsafeMutablePointer<Element> {
    let base = UnsafeMutablePointer<Element>.allocate(capacity: max(elements.count, 1))
    elements.withUnsafeBufferPointer { source in
        if let address = source.baseAddress { base.initialize(from: address, count: source.count) }
    }
    return base
}

/// Per-thread working memory for one row at a time.
final class ScorerScratch {
    let candidates: UnsafeMutablePointer<UInt64>
    let state: UnsafeMutablePointer<UInt64>
    let evaluated: UnsafeMutablePointer<UInt64>
    let best: UnsafeMutablePointer<Double>
    let bestPosition: UnsafeMutablePointer<Int>
    let settled: UnsafeMutablePointer<Bool>
    let wordCount: Int
    let classCount: Int

    init(wordCount: Int, classCount: Int) {
        self.wordCount = wordCount
        self.classCount = classCount
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
}

/// The combinations as flat arrays in scoring order, with the level indexes. Immutable
/// once built, so threads share it.
final class CompiledCombinations: @unchecked Sendable {
    /// Deficit levels, finest first. The finest keeps every combination that can score 1;
    /// the others match the gaps between a losing class's best score and 1 seen in practice.
    static let levels: [Double] = [1e-9, 1e-4, 1e-3, 1e-2, 0.3]

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
    /// Per range, its categories in `categories` (an empty span for numeric ranges).
    let categoryStart: UnsafeMutablePointer<Int>
    let categories: UnsafeMutablePointer<Int>
    /// The level indexes, level after level; `levelStart` has levels.count + 1 entries.
    let indexes: UnsafeMutablePointer<LevelIndex>
    let levelStart: UnsafeMutablePointer<Int>
    /// Event keys and codes (a position to enter, its complement to leave) of numeric indexes.
    let keys: UnsafeMutablePointer<Double>
    let events: UnsafeMutablePointer<Int32>
    /// Snapshots and category sets of every index.
    let bits: UnsafeMutablePointer<UInt64>
    /// Events between two snapshots.
    let spacing: Int

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
        var share: [Double] = []
        for index in order {
            let combination = combinations[index]
            let total = combination.ranges.reduce(0.0) { $0 + $1.weight }
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
        self.categoryStart = frozenCopy(categoryStart)
        self.categories = frozenCopy(categories)
        self.indexes = frozenCopy(built.indexes)
        self.levelStart = frozenCopy(built.levelStart)
        self.keys = frozenCopy(built.keys)
        self.events = frozenCopy(built.events)
        self.bits = frozenCopy(built.bits)
        self.spacing = built.spacing
    }

    deinit {
        for pointer in [modelIndex, classStart, rangeStart, attribute, categoryStart, categories, levelStart] { pointer.deallocate() }
        for pointer in [lower, upper, width, weight, keys] { pointer.deallocate() }
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
    -> (indexes: [LevelIndex], levelStart: [Int], keys: [Double], events: [Int32], bits: [UInt64], spacing: Int) {
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
        // Snapshot spacing: at least 32 events, more when snapshots would pass ~64 MB.
        let bytes = Double(2 * attribute.count) * Double(levels.count) * Double(wordCount) * 8
        var spacing = 32
        while bytes / Double(spacing) > 64e6 { spacing *= 2 }

        var indexes: [LevelIndex] = [], levelStart: [Int] = [0]
        var keys: [Double] = [], codes: [Int32] = [], bits: [UInt64] = []
        for level in levels {
            for a in 0..<attributeCount where !perAttribute[a].isEmpty {
                var events: [(key: Double, code: Int32)] = []
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
                        events.append((low, Int32(position)))
                        events.append((high, ~Int32(position)))
                    }
                }
                if !events.isEmpty {
                    // Enters before leaves at one key: the events a value has passed are a prefix.
                    events.sort { $0.key != $1.key ? $0.key < $1.key : ($0.code >= 0 && $1.code < 0) }
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
                    indexes.append(LevelIndex(attribute: a, isCategorical: false, start: keys.count, count: events.count,
                                              snapshots: first, snapshotCount: (bits.count - first) / max(wordCount, 1)))
                    keys += events.map(\.key)
                    codes += events.map(\.code)
                }
                if !sets.isEmpty {
                    let categoryCount = (sets.compactMap { $0.categories.max() }.max() ?? -1) + 1
                    // One set per category plus one for any other value.
                    var sets2 = [UInt64](repeating: ~0, count: (categoryCount + 1) * wordCount)
                    for (position, set) in sets {
                        for k in 0...categoryCount { sets2[k * wordCount + position >> 6] &= ~(1 << UInt64(position & 63)) }
                        for k in set { sets2[k * wordCount + position >> 6] |= 1 << UInt64(position & 63) }
                    }
                    indexes.append(LevelIndex(attribute: a, isCategorical: true, start: bits.count, count: categoryCount,
                                              snapshots: 0, snapshotCount: 0))
                    bits += sets2
                }
            }
            levelStart.append(indexes.count)
        }
        return (indexes, levelStart, keys, codes, bits, spacing)
    }

    /// The category index `output(of:for:)` looks up for `x`, nil when `Int(x)` has none.
    @inline(__always)
    static func categoryIndex(_ x: Double) -> Int? {
        x > -9.2e18 && x < 9.2e18 ? Int(x) : nil
    }

    /// The excitation of the combination at `position`, computed exactly as
    /// `ASONNModel.excitation(of:for:)` does: same terms, same order, same expressions.
    @inline(__always)
    func excitation(at position: Int, row: UnsafePointer<Double>) -> Double {
        let start = rangeStart[position], end = rangeStart[position + 1]
        if start == end { return 1 }
        var weighted = 0.0, weights = 0.0
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
            } else {
                let low = lower[r], high = upper[r]
                if x >= low && x <= high {
                    out = 1
                } else {
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
        }
        return weights > 0 ? weighted / weights : 0
    }

    /// Intersects `kept` with the combinations `index` keeps at this row's value.
    @inline(__always)
    func intersect(_ index: LevelIndex, row: UnsafePointer<Double>, kept: UnsafeMutablePointer<UInt64>,
                   state: UnsafeMutablePointer<UInt64>) {
        let x = row[index.attribute]
        if x.isNaN { return }
        if index.isCategorical {
            var k = index.count
            if let category = Self.categoryIndex(x), category >= 0, category < index.count { k = category }
            let set = bits + index.start + k * wordCount
            for w in 0..<wordCount { kept[w] &= set[w] }
            return
        }
        // Events passed by x: enters at keys <= x, leaves at keys < x.
        let keys = self.keys + index.start, events = self.events + index.start
        var low = 0, high = index.count
        while low < high {
            let middle = (low + high) >> 1
            let key = keys[middle]
            if events[middle] >= 0 ? key <= x : key < x { low = middle + 1 } else { high = middle }
        }
        let passed = low
        let snapshot = min((passed + spacing / 2) / spacing, index.snapshotCount - 1)
        state.update(from: bits + index.snapshots + snapshot * wordCount, count: wordCount)
        let from = snapshot * spacing
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
        for w in 0..<wordCount { kept[w] &= state[w] }
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
                let e = excitation(at: position, row: row)
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
            let kept = scratch.candidates
            kept.update(repeating: ~0, count: words)
            for i in levelStart[j]..<levelStart[j + 1] { intersect(indexes[i], row: row, kept: kept, state: scratch.state) }
            // Outside the kept set a combination scores at most 1 - level (plus rounding).
            let ceiling = 1 - 0.99 * Self.levels[j] + 1e-12
            for c in 0..<classCount where !scratch.settled[c] {
                scoreClass(c, row: row, candidates: kept, scratch: scratch, stopAtOne: j == 0)
                if scratch.bestPosition[c] >= 0 && scratch.best[c] > ceiling {
                    scratch.settled[c] = true
                    open -= 1
                }
            }
            for w in 0..<words { scratch.evaluated[w] |= kept[w] }
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
