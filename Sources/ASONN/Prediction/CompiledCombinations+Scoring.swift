/// Scoring one row over the level indexes (see `Predictor` for why it is exact).
extension CompiledCombinations {
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
        let cell = LevelIndex.cell(x, origin: index.origin, scale: index.scale, count: index.bucketCount)
        let low = Int(bucketStart[index.buckets + cell]), high = Int(bucketStart[index.buckets + cell + 1])
        return low + LevelIndex.countAtMost(x, in: keys + low, count: high - low)
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
        let snapshot = min((passed + spacing / 2) >> spacingShift, index.snapshotCount - 1)
        let from = snapshot << spacingShift
        let snapshotBits = bits + index.snapshots + snapshot * wordCount
        if abs(passed - from) <= 64 {
            // kept &= (snapshot with the events between applied), without copying the
            // snapshot: a combination an event sets keeps its bit from before the AND.
            // No branch on the events: their signs are as good as random, and a mispredicted
            // branch per event cost more than the rest of the intersection.
            var before: UInt64 = 0
            let forward = from <= passed
            let count = forward ? passed - from : from - passed
            let step = forward ? 1 : -1, first = forward ? from : from - 1
            let entering: Int32 = forward ? 0 : -1
            for n in 0..<count {
                let code = events[first + n * step]
                let k = Int(code ^ (code >> 31))
                // 1 when the event moves the combination into the set in this direction.
                let sets = UInt64(truncatingIfNeeded: ((code >> 31) ^ entering) + 1)
                before |= ((kept[k >> 6] >> UInt64(k & 63)) & sets) << UInt64(n)
            }
            for w in words { kept[w] &= snapshotBits[w] }
            for n in 0..<count {
                let code = events[first + n * step]
                let k = Int(code ^ (code >> 31))
                // A bit of `before` is set only for an event that sets: others just clear.
                kept[k >> 6] = (kept[k >> 6] & ~(1 << UInt64(k & 63))) | (((before >> UInt64(n)) & 1) << UInt64(k & 63))
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
                    scratch: ScoringScratch, stopAtOne: Bool) {
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

    func predict(row: UnsafePointer<Double>, scratch: ScoringScratch, model: ASONNModel,
                 firstKept: UnsafeMutablePointer<UInt64>? = nil) -> Prediction {
        _ = scoreLevels(row: row, scratch: scratch, model: model, classOnly: false, firstKept: firstKept)
        var scores = [Double](repeating: 0, count: classCount)
        var winners = [Int?](repeating: nil, count: classCount)
        for c in 0..<classCount where scratch.bestPosition[c] >= 0 {
            scores[c] = scratch.best[c]
            winners[c] = modelIndex[scratch.bestPosition[c]]
        }
        return Prediction(classIndex: model.decide(scores: scores, winners: winners), scores: scores, winners: winners)
    }

    /// The class `predict` gives, without the exact scores of the classes that cannot win:
    /// scoring stops once every class still open is held below the tie threshold of the
    /// best settled score (a row inside a rule's box is mostly decided at the first level).
    func predictClass(row: UnsafePointer<Double>, scratch: ScoringScratch, model: ASONNModel,
                      firstKept: UnsafeMutablePointer<UInt64>? = nil) -> Int {
        if let decided = scoreLevels(row: row, scratch: scratch, model: model, classOnly: true,
                                     firstKept: firstKept) { return decided }
        return decideFromScratch(scratch, model: model, settledOnly: false)
    }

    /// The one nonzero word of `bits` in `words` (0 when none is), or nil when several are.
    @inline(__always)
    static func atMostOneWordSet(_ bits: UnsafeMutablePointer<UInt64>, words: Range<Int>) -> UInt64? {
        var found: UInt64 = 0, count = 0
        for w in words where bits[w] != 0 {
            count += 1
            if count > 1 { return nil }
            found = bits[w]
        }
        return found
    }

    /// The words of the first level's kept sets: those of every class with a combination.
    var firstLevelWords: Range<Int> {
        var first = wordCount, last = 0
        for c in 0..<classCount where classStart[c] < classStart[c + 1] {
            first = min(first, classStart[c] >> 6)
            last = max(last, (classStart[c + 1] + 63) >> 6)
        }
        return first..<max(first, last)
    }

    /// The first level's kept sets of `rowCount` consecutive rows (`stride` values apart)
    /// into `scratch.block`, index after index: one index serves every row of the block
    /// while it is in the cache. Row by row, a large model's indexes do not fit in the
    /// cache, and most of a row's time went to waiting for them.
    func firstLevelKept(rows: UnsafePointer<Double>, stride: Int, rowCount: Int, scratch: ScoringScratch) {
        let range = firstLevelWords, words = wordCount
        guard LevelIndexes.levels.count > 0, rowCount <= scratch.blockRows else { return }
        for r in 0..<rowCount {
            (scratch.block + r * words + range.lowerBound).update(repeating: ~0, count: range.count)
            scratch.narrowed[r] = false
        }
        for i in levelStart[0]..<levelStart[1] {
            let index = indexes[i]
            for r in 0..<rowCount where !scratch.narrowed[r] {
                let kept = scratch.block + r * words
                intersect(index, passed: locate(index, row: rows + r * stride), kept: kept, state: scratch.state,
                          words: range)
                // As in `scoreLevels`: past this, scoring costs less than narrowing further.
                // Checked after every fourth index only: the check reads every word, as the
                // intersection does, and most rows need all indexes anyway.
                if (i - levelStart[0]) & 3 == 3,
                   Self.atMostOneWordSet(kept, words: range)?.nonzeroBitCount ?? 64 <= 32 {
                    scratch.narrowed[r] = true
                }
            }
        }
    }

    /// The level loop behind `predict` and `predictClass`, leaving each class's best score
    /// and position in `scratch`. With `classOnly`, returns the class as soon as the classes
    /// still open cannot change it; otherwise nil, with every class scored exactly.
    /// `firstKept`: the row's first-level kept set from `firstLevelKept`, when computed.
    @inline(__always)
    func scoreLevels(row: UnsafePointer<Double>, scratch: ScoringScratch, model: ASONNModel,
                     classOnly: Bool, firstKept: UnsafeMutablePointer<UInt64>? = nil) -> Int? {
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
        while open > 0 && j < LevelIndexes.levels.count {
            // Only the words of classes still open are needed.
            var first = words, last = 0
            for c in 0..<classCount where !scratch.settled[c] {
                first = min(first, classStart[c] >> 6)
                last = max(last, (classStart[c + 1] + 63) >> 6)
            }
            let range = first..<max(first, last)
            // Every class is open at the first level, so its words are `firstLevelWords`.
            let precomputed = j == 0 ? firstKept : nil
            let kept = precomputed ?? scratch.candidates
            if precomputed == nil { (kept + range.lowerBound).update(repeating: ~0, count: range.count) }
            // Locate the value in every index first: their memory reads do not wait on
            // one another.
            for i in levelStart[j]..<levelStart[j + 1] where precomputed == nil {
                scratch.located[i - levelStart[j]] = locate(indexes[i], row: row)
            }
            for i in levelStart[j]..<levelStart[j + 1] where precomputed == nil {
                intersect(indexes[i], passed: scratch.located[i - levelStart[j]], kept: kept, state: scratch.state,
                          words: range)
                // Once few combinations remain (at most 32, in one word), scoring them costs
                // less than narrowing further; keeping more than the level's set never
                // changes the result. Only that one word's bits are counted: a bit count
                // of every word is slow on processors without its instruction.
                if Self.atMostOneWordSet(kept, words: range)?.nonzeroBitCount ?? 64 <= 32 { break }
            }
            // Outside the kept set a combination scores at most 1 - level (plus rounding).
            let ceiling = 1 - 0.99 * LevelIndexes.levels[j] + 1e-12
            for c in 0..<classCount where !scratch.settled[c] {
                scoreClass(c, row: row, candidates: kept, scratch: scratch, stopAtOne: j == 0)
                if scratch.bestPosition[c] >= 0 && scratch.best[c] > ceiling {
                    scratch.settled[c] = true
                    open -= 1
                }
            }
            for w in range { scratch.evaluated[w] |= kept[w] }
            if classOnly && open > 0 && openClassesCannotWin(below: ceiling, scratch: scratch, model: model) {
                return decideFromScratch(scratch, model: model, settledOnly: true)
            }
            j += 1
        }
        // A class whose best stays below every level's ceiling: score the rest.
        for c in 0..<classCount where !scratch.settled[c] {
            scoreClass(c, row: row, candidates: nil, scratch: scratch, stopAtOne: false)
        }
        return nil
    }

    /// Whether every open class, whose score is at most `ceiling`, is below the tie threshold
    /// of the best settled score (`ASONNModel.decide`): then it can neither win nor tie.
    @inline(__always)
    private func openClassesCannotWin(below ceiling: Double, scratch: ScoringScratch, model: ASONNModel) -> Bool {
        var lead = -Double.infinity
        for c in 0..<classCount where scratch.settled[c] && scratch.bestPosition[c] >= 0 {
            lead = max(lead, scratch.best[c])
        }
        guard lead > -Double.infinity else { return false }
        let threshold = lead >= 1 ? 1 : lead - tieTolerance
        return ceiling < threshold
    }

    /// `ASONNModel.decide` over the scores in `scratch`, of the settled classes only when
    /// `settledOnly`.
    @inline(__always)
    private func decideFromScratch(_ scratch: ScoringScratch, model: ASONNModel, settledOnly: Bool) -> Int {
        ASONNModel.decide(classCount: classCount, tieTolerance: tieTolerance, score: { scratch.best[$0] },
                          support: { c in
                              scratch.bestPosition[c] >= 0 && (scratch.settled[c] || !settledOnly)
                                  ? represented[scratch.bestPosition[c]] : nil
                          })
    }
}

