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
/// The state of the combination being built is kept incrementally: `inside[j]` counts the
/// ranges object j is inside on, and per VN `term[v]` holds SUM repr(j) * cont(j) over its
/// seeds minus beta * SUM cont(j) over its weeds. The expansion coefficient of a numeric
/// range's side is a quadratic in the VN values applied to these terms, so per attribute
/// the sums of T, u*T and u^2*T below the lower and above the upper boundary are kept up
/// to date (u is the value on a unit scale). Adding a VN touches only its objects, and
/// for each of them only its own VNs: no step rescans all value neurons.
struct CombinationBuilder {
    let agds: AGDS
    let parameters: ASONNParameters
    /// Per attribute, the ranking weight w_a of a candidate (1 = cost-blind).
    let attributeWeights: [Double]
    /// Chooses the attributes a seed's box may use (all by default); see `PruneMode.seed`.
    var chooseAttributes: ((_ seed: Int, _ candidates: [Int]) -> [Int])?

    /// q_repr(j) of the spec, turned into repr(j) = (1 / (1 + q_repr))^2.
    private(set) var representedBy: [Int32]
    private var reprWeight: [Double]

    // State of the combination being built.
    private var classIndex = 0
    private var beta = 1.0
    private var rangeCount = 0
    private var ranged: [Int] = []
    /// Ranged attributes that can still grow. Once both sides of a range are blocked or at
    /// the domain's edge, its terms and sums are never read again, so updates skip it.
    private var growing: [Int] = []
    private(set) var inside: [Int32]
    private(set) var term: [Double]
    private var lo: [Int]
    private var hi: [Int]
    private var inSet: [Bool]
    private var blockedVN: [Bool]
    private var touchedVNs: [Int] = []
    private var blockedLow: [Bool]
    private var blockedHigh: [Bool]
    private var below: [(Double, Double, Double)]
    private var above: [(Double, Double, Double)]
    private var represented: [Int] = []

    init(agds: AGDS, parameters: ASONNParameters, attributeWeights: [Double]? = nil) {
        self.agds = agds
        self.parameters = parameters
        self.attributeWeights = attributeWeights ?? [Double](repeating: 1, count: agds.attributeCount)
        representedBy = [Int32](repeating: 0, count: agds.rowCount)
        reprWeight = [Double](repeating: 1, count: agds.rowCount)
        inside = [Int32](repeating: 0, count: agds.rowCount)
        term = [Double](repeating: 0, count: agds.vnCount)
        lo = [Int](repeating: 0, count: agds.attributeCount)
        hi = [Int](repeating: 0, count: agds.attributeCount)
        inSet = [Bool](repeating: false, count: agds.vnCount)
        blockedVN = [Bool](repeating: false, count: agds.vnCount)
        blockedLow = [Bool](repeating: false, count: agds.attributeCount)
        blockedHigh = [Bool](repeating: false, count: agds.attributeCount)
        below = [(Double, Double, Double)](repeating: (0, 0, 0), count: agds.attributeCount)
        above = [(Double, Double, Double)](repeating: (0, 0, 0), count: agds.attributeCount)
    }

    /// Whether object `j` is represented by some finished combination.
    func isRepresented(_ j: Int) -> Bool { representedBy[j] > 0 }

    // MARK: Formulas

    /// cont(j) = ((1 + q_in(j)) / number of ranges)^2
    @inline(__always) private func cont(_ insideCount: Int32) -> Double {
        let x = Double(1 + insideCount) / Double(rangeCount)
        return x * x
    }

    /// Object j's share of its VNs' terms: repr(j) * cont(j) for a seed, -beta * cont(j) for a weed.
    @inline(__always) private func contribution(_ j: Int, _ insideCount: Int32) -> Double {
        agds.labels[j] == classIndex ? reprWeight[j] * cont(insideCount) : -beta * cont(insideCount)
    }

    /// dir-(r): SUM over VNs below the range of (1 - (u_lo - u_n))^2 * T(n).
    func coefficientBelow(_ a: Int) -> Double {
        let alpha = 1 - agds.vnUnit[agds.vnOffset[a] + lo[a]]
        let (s0, s1, s2) = below[a]
        return alpha * alpha * s0 + 2 * alpha * s1 + s2
    }

    /// dir+(r): SUM over VNs above the range of (1 - (u_n - u_hi))^2 * T(n).
    func coefficientAbove(_ a: Int) -> Double {
        let gamma = 1 + agds.vnUnit[agds.vnOffset[a] + hi[a]]
        let (s0, s1, s2) = above[a]
        return gamma * gamma * s0 - 2 * gamma * s1 + s2
    }

    // MARK: Building

    /// Builds the combination seeded by object `seed` and records whom it represents.
    mutating func build(seed: Int) -> BuiltCombination {
        start(seed: seed)

        // Discrimination of the initial point box: how far the closest weed is kept out.
        var closestWeed: Int32 = 0
        var conflicting: [Int] = []
        for j in 0..<agds.rowCount where agds.labels[j] != classIndex {
            closestWeed = max(closestWeed, inside[j])
            if inside[j] == Int32(rangeCount) { conflicting.append(j) }
        }
        let discrimination = rangeCount - Int(closestWeed)
        let mayGrowWithWeeds = discrimination >= parameters.minDiscrimination

        while true {
            growWeedless()
            guard mayGrowWithWeeds, let (attribute, vn) = bestExpansion() else { break }
            add(vn, to: attribute)
        }

        let combination = BuiltCombination(
            classIndex: classIndex, seed: seed, ranges: finishedRanges(), represented: represented,
            ambiguous: discrimination == 0, conflicting: conflicting)
        for j in represented {
            representedBy[j] += 1
            let r = 1 / Double(1 + representedBy[j])
            reprWeight[j] = r * r
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
        beta = (parameters.classBalance && otherCount > 0 ? Double(ownCount) / Double(otherCount) : 1) * parameters.weedWeight
        ranged = (0..<agds.attributeCount).filter { agds.usable[$0] && agds.rank(seed, $0) >= 0 }
        if let chooseAttributes { ranged = chooseAttributes(seed, ranged) }
        rangeCount = ranged.count
        growing = ranged
        for a in ranged {
            let r = agds.rank(seed, a)
            lo[a] = r
            hi[a] = r
            if !agds.isNumeric[a] { inSet[agds.vnOffset[a] + r] = true; touchedVNs.append(agds.vnOffset[a] + r) }
        }
        // in(j): ranged attributes where j is missing or equals the seed.
        for j in 0..<agds.rowCount {
            var count: Int32 = 0
            for a in ranged {
                let r = agds.rank(j, a)
                if r < 0 || r == lo[a] { count += 1 }
            }
            inside[j] = count
            if count == Int32(rangeCount) && agds.labels[j] == classIndex { represented.append(j) }
        }
        // T(n) for every VN of a ranged attribute.
        for a in ranged { for v in agds.vnOffset[a]..<agds.vnOffset[a + 1] { term[v] = 0 } }
        for j in 0..<agds.rowCount {
            let t = contribution(j, inside[j])
            for a in ranged {
                let r = agds.rank(j, a)
                if r >= 0 { term[agds.vnOffset[a] + r] += t }
            }
        }
        for a in ranged where agds.isNumeric[a] {
            var sums = (0.0, 0.0, 0.0)
            for v in agds.vnOffset[a]..<(agds.vnOffset[a] + lo[a]) { Self.accumulate(&sums, agds.vnUnit[v], term[v]) }
            below[a] = sums
            sums = (0.0, 0.0, 0.0)
            for v in (agds.vnOffset[a] + hi[a] + 1)..<agds.vnOffset[a + 1] { Self.accumulate(&sums, agds.vnUnit[v], term[v]) }
            above[a] = sums
        }
    }

    /// Adds `amount` at unit value `u` to running sums of T, u*T and u^2*T. Static, so that
    /// updating one of the builder's own arrays does not copy the builder.
    @inline(__always) private static func accumulate(_ sums: inout (Double, Double, Double), _ u: Double, _ amount: Double) {
        sums.0 += amount
        sums.1 += amount * u
        sums.2 += amount * u * u
    }

    /// Takes every neighbouring VN whose objects all belong to the combination's class.
    /// Purity does not change while building, so one pass reaches the fixed point.
    private mutating func growWeedless() {
        let c = Int32(classIndex)
        for index in 0..<growing.count {
            let a = growing[index]
            let offset = agds.vnOffset[a]
            if agds.isNumeric[a] {
                while lo[a] > 0 && agds.vnPureClass[offset + lo[a] - 1] == c { add(offset + lo[a] - 1, to: a) }
                while hi[a] < agds.valueCount(a) - 1 && agds.vnPureClass[offset + hi[a] + 1] == c { add(offset + hi[a] + 1, to: a) }
            } else {
                for v in offset..<agds.vnOffset[a + 1] where !inSet[v] && agds.vnPureClass[v] == c { add(v, to: a) }
            }
        }
    }

    /// The best-ranked expansion that keeps the discrimination, as (attribute, VN).
    /// A VN that would let a weed in too far stays blocked for good (in(j) never falls),
    /// so blocked candidates are marked and never checked again.
    private mutating func bestExpansion() -> (Int, Int)? {
        retireFinishedRanges()
        while true {
            var best: (score: Double, attribute: Int, vn: Int, low: Bool)?
            func consider(_ coefficient: Double, _ a: Int, _ vn: Int, _ low: Bool) {
                if parameters.stopRule == .positiveCoefficient && !(coefficient > 0) { return }
                let w = attributeWeights[a]
                let score = coefficient > 0 ? coefficient * w : coefficient / w
                if let current = best, score <= current.score { return }
                best = (score, a, vn, low)
            }
            for index in 0..<growing.count {
                let a = growing[index]
                let offset = agds.vnOffset[a]
                if agds.isNumeric[a] {
                    if !blockedLow[a] && lo[a] > 0 { consider(coefficientBelow(a), a, offset + lo[a] - 1, true) }
                    if !blockedHigh[a] && hi[a] < agds.valueCount(a) - 1 { consider(coefficientAbove(a), a, offset + hi[a] + 1, false) }
                } else {
                    for v in offset..<agds.vnOffset[a + 1] where !inSet[v] && !blockedVN[v] && agds.size(of: v) > 0 {
                        consider(term[v], a, v, false)
                    }
                }
            }
            guard let chosen = best else {
                retireFinishedRanges()
                return nil
            }
            if keepsDiscrimination(chosen.vn) { return (chosen.attribute, chosen.vn) }
            if !agds.isNumeric[chosen.attribute] {
                blockedVN[chosen.vn] = true
                touchedVNs.append(chosen.vn)
            } else if chosen.low {
                blockedLow[chosen.attribute] = true
            } else {
                blockedHigh[chosen.attribute] = true
            }
            retireFinishedRanges()
        }
    }

    /// Drops from `growing` the ranges that can no longer grow.
    private mutating func retireFinishedRanges() {
        growing.removeAll { a in
            let offset = agds.vnOffset[a]
            if agds.isNumeric[a] {
                return (lo[a] == 0 || blockedLow[a]) && (hi[a] == agds.valueCount(a) - 1 || blockedHigh[a])
            }
            return (offset..<agds.vnOffset[a + 1]).allSatisfy { inSet[$0] || blockedVN[$0] || agds.size(of: $0) == 0 }
        }
    }

    /// Whether adding VN `vn` keeps every weed out on at least d ranges.
    private func keepsDiscrimination(_ vn: Int) -> Bool {
        let limit = Int32(rangeCount - parameters.minDiscrimination)
        for p in agds.objectStart[vn]..<agds.objectStart[vn + 1] {
            let j = Int(agds.objects[p])
            if agds.labels[j] != classIndex && inside[j] >= limit { return false }
        }
        return true
    }

    /// Extends attribute `a`'s range by VN `vn` and updates in(j), the terms and the sums.
    private mutating func add(_ vn: Int, to a: Int) {
        let offset = agds.vnOffset[a]
        if agds.isNumeric[a] {
            let t = term[vn]
            if vn - offset < lo[a] {
                lo[a] = vn - offset
                Self.accumulate(&below[a], agds.vnUnit[vn], -t)
            } else {
                hi[a] = vn - offset
                Self.accumulate(&above[a], agds.vnUnit[vn], -t)
            }
        } else {
            inSet[vn] = true
            touchedVNs.append(vn)
        }
        let full = Int32(rangeCount)
        let width = agds.attributeCount
        // Index loops over stored arrays: no array is copied (retained) per call or pass.
        for p in agds.objectStart[vn]..<agds.objectStart[vn + 1] {
            let j = Int(agds.objects[p])
            let old = inside[j]
            inside[j] = old + 1
            if old + 1 == full && agds.labels[j] == classIndex { represented.append(j) }
            let delta = contribution(j, old + 1) - contribution(j, old)
            for index in 0..<growing.count {
                let b = growing[index]
                let r = Int(agds.rank[j * width + b])
                if r < 0 { continue }
                let v = agds.vnOffset[b] + r
                term[v] += delta
                if agds.isNumeric[b] {
                    if r < lo[b] { Self.accumulate(&below[b], agds.vnUnit[v], delta) } else if r > hi[b] { Self.accumulate(&above[b], agds.vnUnit[v], delta) }
                }
            }
        }
    }

    private func finishedRanges() -> [BuiltRange] {
        ranged.map { a in
            if agds.isNumeric[a] { return BuiltRange(attribute: a, lo: lo[a], hi: hi[a], categories: []) }
            let categories = (0..<agds.valueCount(a)).filter { inSet[agds.vnOffset[a] + $0] }
            return BuiltRange(attribute: a, lo: 0, hi: 0, categories: categories)
        }
    }

    private mutating func reset() {
        for a in ranged { blockedLow[a] = false; blockedHigh[a] = false }
        for v in touchedVNs { inSet[v] = false; blockedVN[v] = false }
        touchedVNs.removeAll(keepingCapacity: true)
        represented.removeAll(keepingCapacity: true)
        ranged.removeAll(keepingCapacity: true)
        growing.removeAll(keepingCapacity: true)
    }
}
