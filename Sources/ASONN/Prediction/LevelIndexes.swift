import Foundation

/// The level indexes of a model's ranges (see `LevelIndex`) as they are built, in plain
/// arrays; `CompiledCombinations` keeps them as flat memory.
struct LevelIndexes {
    /// Deficit levels, finest first, matched to the gaps between a losing class's best
    /// score and 1 seen in practice. Every level keeps each combination that can score 1
    /// (one outside scores at most 1 - level), so the first level settles a class that has one.
    static let levels: [Double] = [3e-3, 3e-2, 0.3]

    /// The ranges to index, flat and in scoring order, as `CompiledCombinations` holds them.
    struct Ranges {
        /// Per position, its first range (one entry more than positions).
        var start: [Int]
        var attribute: [Int]
        var lower: [Double]
        var upper: [Double]
        var width: [Double]
        /// Each range's weight over its combination's total weight.
        var share: [Double]
        var categoryStart: [Int]
        var categories: [Int]
    }

    /// The indexes, level after level; `levelStart` has levels.count + 1 entries.
    var indexes: [LevelIndex] = []
    var levelStart: [Int] = [0]
    /// Event keys and codes (a position to enter, its complement to leave) of numeric
    /// indexes. Keys are floats rounded outwards (widening a range only keeps more), to
    /// halve the memory each row reads.
    var keys: [Float] = []
    /// The grid cells' first events (see `LevelIndex`).
    var bucketStart: [Int32] = []
    var events: [Int32] = []
    /// Snapshots and category sets of every index.
    var bits: [UInt64] = []
    /// Events between two snapshots.
    var spacing = 16

    /// No index: for a model the indexes' bounds do not hold for.
    init() {}

    init(attributeCount: Int, combinationCount: Int, wordCount: Int, ranges: Ranges) {
        // Ranges per attribute, with their position; a combination with two ranges on
        // one attribute is left out of that attribute's index (kept: always safe).
        var perAttribute = [[(position: Int, range: Int)]](repeating: [], count: attributeCount)
        var uses = [Int](repeating: 0, count: attributeCount)
        for position in 0..<combinationCount {
            let own = ranges.start[position]..<ranges.start[position + 1]
            for r in own { uses[ranges.attribute[r]] += 1 }
            for r in own where uses[ranges.attribute[r]] == 1 {
                perAttribute[ranges.attribute[r]].append((position, r))
            }
            for r in own { uses[ranges.attribute[r]] = 0 }
        }
        // Snapshot spacing: at least 16 events, more when snapshots would pass ~64 MB.
        let bytes = Double(2 * ranges.attribute.count) * Double(Self.levels.count) * Double(wordCount) * 8
        while bytes / Double(spacing) > 64e6 { spacing *= 2 }

        var lowOf = [Float](repeating: 0, count: combinationCount)
        for level in Self.levels {
            // This level's indexes with the share of combinations each keeps at a typical value.
            var built: [(index: LevelIndex, kept: Double)] = []
            for a in 0..<attributeCount where !perAttribute[a].isEmpty {
                var events: [(key: Float, code: Int32)] = []
                var sets: [(position: Int, categories: ArraySlice<Int>)] = []
                for (position, r) in perAttribute[a] {
                    if ranges.categoryStart[r + 1] > ranges.categoryStart[r] {
                        guard ranges.share[r] > level else { continue }
                        let set = ranges.categories[ranges.categoryStart[r]..<ranges.categoryStart[r + 1]]
                        if set.allSatisfy({ $0 >= 0 && $0 < 4096 }) { sets.append((position, set)) }
                    } else if let (enter, leave) = Self.eventKeys(ranges, r, level: level) {
                        events.append((enter, Int32(position)))
                        events.append((leave, ~Int32(position)))
                    }
                }
                if !events.isEmpty {
                    built.append(appendNumeric(attribute: a, events: Self.sorted(events), lowOf: &lowOf,
                                               combinationCount: combinationCount, wordCount: wordCount))
                }
                if let index = appendCategorical(attribute: a, sets: sets, combinationCount: combinationCount,
                                                 wordCount: wordCount) {
                    built.append(index)
                }
            }
            // The most selective first: a row's kept set shrinks fastest.
            indexes += built.sorted { $0.kept < $1.kept }.map(\.index)
            levelStart.append(indexes.count)
        }
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

    /// The keys at which numeric range `r`, widened to `level`, keeps its combination
    /// (enter) and stops keeping it (leave); nil when the range never excludes.
    static func eventKeys(_ ranges: Ranges, _ r: Int, level: Double) -> (enter: Float, leave: Float)? {
        guard let reach = reach(share: ranges.share[r], width: ranges.width[r], level: level) else { return nil }
        // Absolute slack for the rounding of the subtraction and addition below.
        let slack = 1e-12 * (abs(ranges.lower[r]) + abs(ranges.upper[r]))
        let low = ranges.lower[r] - reach - slack, high = ranges.upper[r] + reach + slack
        guard low.isFinite, high.isFinite else { return nil }
        // Floats at or outside the ends. A value has passed a leave once it is above the
        // upper end: at or above its float's nextUp, so every event is passed once its
        // key is <= the value.
        var lowKey = Float(low), highKey = Float(high)
        if Double(lowKey) > low { lowKey = lowKey.nextDown }
        if Double(highKey) < high { highKey = highKey.nextUp }
        return (lowKey, highKey.nextUp)
    }

    /// Events in key order. The events a value has passed (keys <= value) are then a
    /// prefix; a combination's enter sorts before its leave (low < high.nextUp). Sorted as
    /// integers: the key's bits made order-preserving, then the code.
    static func sorted(_ events: [(key: Float, code: Int32)]) -> [(key: Float, code: Int32)] {
        let packed = events.map { event -> UInt64 in
            let bits = event.key.bitPattern
            let ordered = bits & 0x8000_0000 != 0 ? ~bits : bits | 0x8000_0000
            return UInt64(ordered) << 32 | UInt64(UInt32(bitPattern: event.code))
        }.sorted()
        return packed.map { value in
            let ordered = UInt32(truncatingIfNeeded: value >> 32)
            let bits = ordered & 0x8000_0000 != 0 ? ordered & 0x7FFF_FFFF : ~ordered
            return (Float(bitPattern: bits), Int32(bitPattern: UInt32(truncatingIfNeeded: value)))
        }
    }

    /// Adds a numeric index of attribute `a` over its sorted `events`: snapshots, grid and
    /// events. Returns it with the share of combinations it keeps at a typical value.
    mutating func appendNumeric(attribute a: Int, events: [(key: Float, code: Int32)], lowOf: inout [Float],
                                combinationCount: Int, wordCount: Int) -> (index: LevelIndex, kept: Double) {
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
        // Kept share: each indexed combination for the part of the indexed span its
        // widened range covers, the others always.
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
            let eventCell = LevelIndex.cell(Double(event.key), origin: origin, scale: scale, count: bucketCount)
            while cell <= eventCell { bucketStart.append(Int32(i)); cell += 1 }
        }
        while cell <= bucketCount { bucketStart.append(Int32(events.count)); cell += 1 }
        let index = LevelIndex(attribute: a, isCategorical: false, start: keys.count, count: events.count,
                               snapshots: first, snapshotCount: (bits.count - first) / max(wordCount, 1),
                               buckets: buckets, bucketCount: bucketCount, origin: origin, scale: scale)
        keys += events.map(\.key)
        self.events += events.map(\.code)
        return (index, covered / Double(max(combinationCount, 1)))
    }

    /// Adds a categorical index of attribute `a`: one kept set per category plus one for
    /// any other value. Nil without sets, or when they would take more than ~32 MB (the
    /// combinations are then just kept).
    mutating func appendCategorical(attribute a: Int, sets: [(position: Int, categories: ArraySlice<Int>)],
                                    combinationCount: Int, wordCount: Int) -> (index: LevelIndex, kept: Double)? {
        let categoryCount = (sets.compactMap { $0.categories.max() }.max() ?? -1) + 1
        guard !sets.isEmpty && (categoryCount + 1) * wordCount <= 1 << 22 else { return nil }
        var keptSets = [UInt64](repeating: ~0, count: (categoryCount + 1) * wordCount)
        for (position, set) in sets {
            for k in 0...categoryCount { keptSets[k * wordCount + position >> 6] &= ~(1 << UInt64(position & 63)) }
            for k in set { keptSets[k * wordCount + position >> 6] |= 1 << UInt64(position & 63) }
        }
        let covered = Double(combinationCount - sets.count)
            + sets.reduce(0.0) { $0 + Double($1.categories.count) / Double(max(categoryCount, 1)) }
        let index = LevelIndex(attribute: a, isCategorical: true, start: bits.count, count: categoryCount,
                               snapshots: 0, snapshotCount: 0, buckets: 0, bucketCount: 0, origin: 0, scale: 0)
        bits += keptSets
        return (index, covered / Double(max(combinationCount, 1)))
    }
}
