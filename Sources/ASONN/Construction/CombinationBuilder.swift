import Dispatch

/// One range of a combination under construction, in VN ranks.
struct BuiltRange: Equatable {
    var attribute: Int
    /// Numeric: the interval of VN ranks.
    var lo: Int
    var hi: Int
    /// Categorical: the category indices in the set, sorted; empty for numeric.
    var categories: [Int]
}

/// A finished combination, before weights.
struct BuiltCombination {
    var classIndex: Int
    var seed: Int
    var ranges: [BuiltRange]
    var represented: [Int]
    var ambiguous: Bool
    /// Other-class objects inside the seed's initial point box (only when ambiguous).
    var conflicting: [Int]
}

/// Builds combinations one seed at a time (spec sections 3 and 4).
///
/// The state of the combination being built is kept incrementally: in(j) counts the
/// ranges object j is inside on, and per VN `term[v]` holds SUM repr(j) * cont(j) over its
/// seeds minus beta * SUM cont(j) over its weeds (over the sampled objects only, with
/// `coefficientSample`). The expansion coefficient of a numeric
/// range's side is a quadratic in the VN values applied to these terms, so per attribute
/// the sums of T, u*T and u^2*T below the lower and above the upper boundary are kept up
/// to date (u is the value on a unit scale). Adding a VN touches only its objects, and
/// for each of them only its own VNs: no step rescans all value neurons. The numbers live
/// in `BuilderStorage`'s buffers.
///
/// The methods the step loop calls are `mutating` even where they only read: a
/// non-mutating call from a mutating method first copies the whole builder, once per step.
struct CombinationBuilder {
    let agds: AGDS
    let parameters: ASONNParameters
    /// Per attribute, the ranking weight w_a of a candidate (1 = cost-blind).
    let attributeWeights: [Double]
    /// Work from which a step runs on two cores (`defaultParallelUpdates`; tests vary it
    /// to check that the split changes nothing).
    var parallelUpdates = Self.defaultParallelUpdates
    /// Chooses the attributes a seed's box may use (all by default); see `PruneMode.seed`.
    var chooseAttributes: ((_ seed: Int, _ candidates: [Int]) -> [Int])?

    /// q_repr(j) of the spec; repr(j) = (1 / (1 + q_repr))^2 is kept in the storage.
    private(set) var representedBy: [Int32]
    let storage: BuilderStorage

    // State of the combination being built (the per-object and per-VN numbers are in `storage`).
    private var classIndex = 0
    private var beta = 1.0
    private var rangeCount = 0
    private var ranged: [Int] = []
    private var touchedVNs: [Int] = []
    private var represented: [Int] = []
    /// The objects whose in(j) the seed's point box makes more than 0, ascending.
    private var startObjects: [Int] = []

    /// One possible expansion: a side of a numeric range or a category of a categorical one.
    private struct Candidate {
        var score: Double
        var attribute: Int
        var vn: Int
        var low: Bool
    }

    init(agds: AGDS, parameters: ASONNParameters, attributeWeights: [Double]? = nil) {
        self.agds = agds
        self.parameters = parameters
        self.attributeWeights = attributeWeights ?? [Double](repeating: 1, count: agds.attributeCount)
        representedBy = [Int32](repeating: 0, count: agds.rowCount)
        storage = BuilderStorage(agds, sample: parameters.coefficientSample)
    }

    /// Whether object `j` is represented by some finished combination.
    func isRepresented(_ j: Int) -> Bool { representedBy[j] > 0 }

    // MARK: Formulas

    /// cont(j) = ((1 + q_in(j)) / number of ranges)^2, tabulated per seed in `storage.cont`.
    private static func cont(_ insideCount: Int, rangeCount: Int) -> Double {
        let x = Double(1 + insideCount) / Double(rangeCount)
        return x * x
    }

    /// Object j's share of its VNs' terms: repr(j) * cont(j) for a seed, -beta * cont(j) for a weed.
    @inline(__always) private func contribution(_ j: Int, _ insideCount: Int32) -> Double {
        let cont = storage.cont[Int(insideCount)]
        return storage.label(j) == Int32(classIndex) ? storage.reprWeight[j] * cont : -beta * cont
    }

    /// The unit-scale value of VN `v`.
    @inline(__always) private func unit(_ v: Int) -> Double { storage.unit[v] }

    /// dir-(r): SUM over VNs below the range of (1 - (u_lo - u_n))^2 * T(n).
    func coefficientBelow(_ a: Int) -> Double {
        let alpha = 1 - unit(storage.vnOffset[a] + storage.lo[a])
        let s = storage.sums + BuilderStorage.sumsStride * a
        return alpha * alpha * s[0] + 2 * alpha * s[1] + s[2]
    }

    /// dir+(r): SUM over VNs above the range of (1 - (u_n - u_hi))^2 * T(n).
    func coefficientAbove(_ a: Int) -> Double {
        let gamma = 1 + unit(storage.vnOffset[a] + storage.hi[a])
        let s = storage.sums + BuilderStorage.sumsStride * a + 3
        return gamma * gamma * s[0] - 2 * gamma * s[1] + s[2]
    }

    // MARK: Building

    /// Builds the combination seeded by object `seed` and records whom it represents.
    mutating func build(seed: Int) -> BuiltCombination {
        start(seed: seed)

        // Discrimination of the initial point box: how far the closest weed is kept out.
        var closestWeed: Int32 = 0
        var conflicting: [Int] = []
        let c = Int32(classIndex)
        for j in startObjects where storage.label(j) != c {
            closestWeed = max(closestWeed, storage.inside(j))
            if storage.inside(j) == Int32(rangeCount) { conflicting.append(j) }
        }
        let discrimination = rangeCount - Int(closestWeed)

        // Weedless growth first; purity never changes, so after that only the range just
        // extended can have a new pure neighbour.
        for index in ranged.indices { growWeedless(ranged[index]) }
        retireFinishedRanges()
        if discrimination >= parameters.minDiscrimination {
            while let chosen = bestCandidate() {
                if add(chosen.vn, to: chosen.attribute) {
                    growWeedless(chosen.attribute)
                } else {
                    block(chosen)
                }
                retireIfFinished(chosen.attribute)
            }
        }

        let combination = BuiltCombination(
            classIndex: classIndex, seed: seed, ranges: finishedRanges(), represented: represented,
            ambiguous: discrimination == 0, conflicting: conflicting)
        for j in represented {
            representedBy[j] += 1
            let r = 1 / Double(1 + representedBy[j])
            storage.reprWeight[j] = r * r
        }
        reset()
        return combination
    }

    /// Sets up the seed's point box: a range on every usable attribute the seed has a value
    /// for. (Internal rather than private so tests can check the initial state.)
    mutating func start(seed: Int) {
        classIndex = agds.labels[seed]
        let ownCount = agds.classCounts[classIndex]
        let otherCount = agds.rowCount - ownCount
        let balance = parameters.classBalance && otherCount > 0 ? Double(ownCount) / Double(otherCount) : 1
        beta = balance * parameters.weedWeight
        ranged = (0..<agds.attributeCount).filter { agds.usable[$0] && agds.rank(seed, $0) >= 0 }
        if let chooseAttributes { ranged = chooseAttributes(seed, ranged) }
        rangeCount = ranged.count
        let s = storage
        for q in 0...rangeCount { s.cont[q] = Self.cont(q, rangeCount: rangeCount) }
        s.growingCount = 0
        for a in ranged {
            s.growing[s.growingCount] = a
            s.growingCount += 1
            let r = agds.rank(seed, a)
            s.lo[a] = r
            s.hi[a] = r
            if !agds.isNumeric[a] { s.inSet[agds.vnOffset[a] + r] = true; touchedVNs.append(agds.vnOffset[a] + r) }
        }
        // in(j): ranged attributes where j is missing or equals the seed. Only the objects
        // of the seed's VNs and those missing a ranged value can count more than 0, so
        // only they are visited (in row order, as everything after depends on that order).
        let full = Int32(rangeCount)
        let c = Int32(classIndex)
        s.clearInside()
        startObjects.removeAll(keepingCapacity: true)
        if rangeCount == 0 {
            startObjects.append(contentsOf: 0..<agds.rowCount)
        } else {
            for a in ranged {
                let v = agds.vnOffset[a] + s.lo[a]
                for p in s.objectStart[v]..<s.objectStart[v + 1] { s.enter(Int(s.objects[p]), into: &startObjects) }
                for p in s.missingStart[a]..<s.missingStart[a + 1] { s.enter(Int(s.missing[p]), into: &startObjects) }
            }
            // Row order: by sorting when few, else by one pass over every row.
            if startObjects.count * 16 < agds.rowCount {
                startObjects.sort()
            } else {
                startObjects.removeAll(keepingCapacity: true)
                for j in 0..<agds.rowCount where s.inside(j) > 0 { startObjects.append(j) }
            }
        }
        for j in startObjects where s.inside(j) == full && s.label(j) == c { represented.append(j) }
        // Each sampled object's share of T(n) goes to `delta` first.
        for k in 0..<s.sampleCount {
            let j = Int(s.sampled[k])
            s.delta[j] = contribution(j, s.inside(j))
        }
        // T(n) and the sums, attribute by attribute (on both cores when the data is large:
        // each VN still sums its objects in row order).
        let attributes = ranged
        let split = s.sampleCount * ranged.count >= parallelUpdates ? 2 : 1
        DispatchQueue.concurrentPerform(iterations: split) { half in
            let middle = attributes.count / 2
            let part = split == 1 ? attributes.indices : (half == 0 ? 0..<middle : middle..<attributes.count)
            for index in part { s.startTerms(attribute: attributes[index]) }
        }
    }

    /// Takes every neighbouring VN of attribute `a`'s range whose objects all belong to the
    /// combination's class.
    private mutating func growWeedless(_ a: Int) {
        let c = Int32(classIndex)
        let offset = agds.vnOffset[a]
        if agds.isNumeric[a] {
            while storage.lo[a] > 0 && agds.vnPureClass[offset + storage.lo[a] - 1] == c {
                add(offset + storage.lo[a] - 1, to: a)
            }
            while storage.hi[a] < agds.valueCount(a) - 1 && agds.vnPureClass[offset + storage.hi[a] + 1] == c {
                add(offset + storage.hi[a] + 1, to: a)
            }
        } else {
            for v in offset..<agds.vnOffset[a + 1] where !storage.inSet[v] && agds.vnPureClass[v] == c { add(v, to: a) }
        }
    }

    /// Marks a candidate whose VN would let a weed in too far. It stays blocked for good
    /// (in(j) never falls during a build), so it is never checked again.
    private mutating func block(_ chosen: Candidate) {
        if !agds.isNumeric[chosen.attribute] {
            storage.blockedVN[chosen.vn] = true
            touchedVNs.append(chosen.vn)
        } else if chosen.low {
            storage.blockedLow[chosen.attribute] = true
        } else {
            storage.blockedHigh[chosen.attribute] = true
        }
    }

    /// The first candidate with the highest score: a side of a numeric range, scored by its
    /// coefficient, or a category of a categorical one, scored by its term; weighted by the
    /// attribute's cost weight. (A NaN score wins, as a later candidate only replaces one it
    /// is not at most.)
    private mutating func bestCandidate() -> Candidate? {
        let s = storage
        let positiveOnly = parameters.stopRule == .positiveCoefficient
        var best = Candidate(score: 0, attribute: -1, vn: -1, low: false)
        @inline(__always) func consider(_ coefficient: Double, _ a: Int, _ vn: Int, _ low: Bool) {
            if positiveOnly && !(coefficient > 0) { return }
            let w = attributeWeights[a]
            let score = coefficient > 0 ? coefficient * w : coefficient / w
            if best.vn >= 0 && score <= best.score { return }
            best = Candidate(score: score, attribute: a, vn: vn, low: low)
        }
        for index in 0..<s.growingCount {
            let a = s.growing[index]
            let offset = s.vnOffset[a]
            if s.numeric[a] {
                if !s.blockedLow[a] && s.lo[a] > 0 { consider(coefficientBelow(a), a, offset + s.lo[a] - 1, true) }
                if !s.blockedHigh[a] && s.hi[a] < s.vnOffset[a + 1] - offset - 1 {
                    consider(coefficientAbove(a), a, offset + s.hi[a] + 1, false)
                }
            } else {
                for v in offset..<s.vnOffset[a + 1]
                where !s.inSet[v] && !s.blockedVN[v] && s.objectStart[v + 1] > s.objectStart[v] {
                    consider(s.term[v], a, v, false)
                }
            }
        }
        return best.vn >= 0 ? best : nil
    }

    /// Whether attribute `a`'s range can no longer grow (both sides blocked or at the
    /// domain's edge, or every category taken or blocked).
    private mutating func isFinished(_ a: Int) -> Bool {
        let offset = agds.vnOffset[a]
        if agds.isNumeric[a] {
            return (storage.lo[a] == 0 || storage.blockedLow[a])
                && (storage.hi[a] == agds.valueCount(a) - 1 || storage.blockedHigh[a])
        }
        return (offset..<agds.vnOffset[a + 1]).allSatisfy {
            storage.inSet[$0] || storage.blockedVN[$0] || agds.size(of: $0) == 0
        }
    }

    /// A finished range's terms and sums are never read again, so updates skip it.
    private mutating func retireIfFinished(_ a: Int) {
        if isFinished(a) { storage.stopGrowing(a) }
    }

    private mutating func retireFinishedRanges() {
        for a in ranged where isFinished(a) { storage.stopGrowing(a) }
    }

    /// Extends attribute `a`'s range by VN `vn` and updates in(j), the terms and the sums;
    /// unless a weed of the VN would then be kept out on fewer than d ranges: then nothing
    /// changes and the result is false.
    @discardableResult
    private mutating func add(_ vn: Int, to a: Int) -> Bool {
        guard let changed = enterObjects(of: vn) else { return false }
        extendRange(a, by: vn)
        spreadChanges(changed)
        return true
    }

    /// in(j) + 1 for every object of `vn`, and the change of each sampled object's
    /// contribution in `storage.changed` and `storage.delta`, in object order; their count.
    /// nil, with nothing changed, when a weed would get too far in. Whether one does is
    /// collected without a branch (seeds and weeds alternate unpredictably), and the rare
    /// failure undoes the pass.
    private mutating func enterObjects(of vn: Int) -> Int? {
        let s = storage
        let full = Int32(rangeCount)
        let limit = Int32(rangeCount - parameters.minDiscrimination)
        let c = Int32(classIndex)
        let first = s.objectStart[vn], end = s.objectStart[vn + 1]
        let representedBefore = represented.count
        var changed = 0
        var blocked = false
        for p in first..<end {
            let j = Int(s.objects[p])
            let old = s.inside(j), tag = s.tag(j)
            let isWeed = tag >> 1 != c  // tag >> 1: the class, from the load just made
            blocked = blocked || (isWeed && old >= limit)
            s.setInside(j, old + 1)
            if old + 1 == full && !isWeed { represented.append(j) }
            guard tag & 1 != 0 else { continue }
            s.changed[changed] = Int32(j)
            s.delta[changed] = contribution(j, old + 1) - contribution(j, old)
            changed += 1
        }
        guard !blocked else {
            for p in first..<end { let j = Int(s.objects[p]); s.setInside(j, s.inside(j) - 1) }
            represented.removeSubrange(representedBefore...)
            return nil
        }
        return changed
    }

    /// Moves attribute `a`'s boundary over `vn` (numeric: its term leaves the sum beyond
    /// the boundary) or adds the category to the set.
    private mutating func extendRange(_ a: Int, by vn: Int) {
        let s = storage
        let offset = s.vnOffset[a]
        if s.numeric[a] {
            let t = s.term[vn]
            if vn - offset < s.lo[a] {
                s.lo[a] = vn - offset
                BuilderStorage.accumulate(s.sums + BuilderStorage.sumsStride * a, unit(vn), -t)
            } else {
                s.hi[a] = vn - offset
                BuilderStorage.accumulate(s.sums + BuilderStorage.sumsStride * a + 3, unit(vn), -t)
            }
        } else {
            s.inSet[vn] = true
            touchedVNs.append(vn)
        }
    }

    /// Adds the first `changed` changes of `storage.delta` to every growing attribute's
    /// terms and sums, attribute by attribute (on two cores when there are many). Every
    /// attribute receives its objects' changes in object order, so the sums are the same
    /// to the last bit either way.
    private mutating func spreadChanges(_ changed: Int) {
        let s = storage
        let growingCount = s.growingCount
        if changed * growingCount >= parallelUpdates {
            DispatchQueue.concurrentPerform(iterations: 2) { half in
                let part = half == 0 ? 0..<(growingCount / 2) : (growingCount / 2)..<growingCount
                for index in part { s.spread(attribute: s.growing[index], count: changed) }
            }
        } else {
            for index in 0..<growingCount { s.spread(attribute: s.growing[index], count: changed) }
        }
    }

    /// Object updates (objects x ranges) from which a step is split across two cores;
    /// below it the hand-off costs more than it saves.
    static let defaultParallelUpdates = 8192

    private func finishedRanges() -> [BuiltRange] {
        ranged.map { a in
            if agds.isNumeric[a] {
                return BuiltRange(attribute: a, lo: storage.lo[a], hi: storage.hi[a], categories: [])
            }
            let categories = (0..<agds.valueCount(a)).filter { storage.inSet[agds.vnOffset[a] + $0] }
            return BuiltRange(attribute: a, lo: 0, hi: 0, categories: categories)
        }
    }

    private mutating func reset() {
        for a in ranged { storage.blockedLow[a] = false; storage.blockedHigh[a] = false }
        for v in touchedVNs { storage.inSet[v] = false; storage.blockedVN[v] = false }
        touchedVNs.removeAll(keepingCapacity: true)
        represented.removeAll(keepingCapacity: true)
        ranged.removeAll(keepingCapacity: true)
        storage.growingCount = 0
    }
}
