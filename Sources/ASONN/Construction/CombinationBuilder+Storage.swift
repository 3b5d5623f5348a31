/// The memory `CombinationBuilder`'s hot loops work on: plain buffers allocated once per
/// fit and reused for every seed.
///
/// Construction spends nearly all its time updating in(j), the VN terms and the coefficient
/// sums, a few arithmetic operations per object and range. Through Swift arrays stored in a
/// struct every such access pays a bounds check and, inside a mutating method, a reload of
/// the array's buffer and a uniqueness check; through these buffers it is one load or store.
/// The buffers are private to one builder and never escape it.
final class BuilderStorage: @unchecked Sendable {  // concurrent writers touch disjoint attributes
    let rowCount: Int
    let attributeCount: Int
    let vnCount: Int

    // Read-only copies of the AGDS arrays the hot loops read.
    /// Per object and attribute (`j * attributeCount + a`): the VN rank, or -1 when missing.
    let rank: UnsafeMutablePointer<Int32>
    /// Per VN: where its objects start in `objects` (CSR, vnCount + 1 entries).
    let objectStart: UnsafeMutablePointer<Int>
    let objects: UnsafeMutablePointer<Int32>
    /// Per attribute: its first VN (attributeCount + 1 entries) and whether it is numeric.
    let vnOffset: UnsafeMutablePointer<Int>
    let numeric: UnsafeMutablePointer<Bool>

    /// Per attribute: where its objects with a missing value start in `missing` (CSR,
    /// attributeCount + 1 entries).
    let missingStart: UnsafeMutablePointer<Int>
    let missing: UnsafeMutablePointer<Int32>

    // State of the combination being built.
    /// Per object, side by side (one cache line serves the step loop, which visits
    /// objects in no useful memory order): at 2j in(j), the ranges j is inside on; at 2j + 1
    /// its tag: its class times 2, plus 1 when it counts in the expansion coefficients (all
    /// do, unless `coefficientSample` picks a subset).
    let objectState: UnsafeMutablePointer<Int32>
    /// Per object: repr(j) = (1 / (1 + q_repr(j)))^2.
    let reprWeight: UnsafeMutablePointer<Double>
    /// Per VN: T(n).
    let term: UnsafeMutablePointer<Double>
    /// Per VN: its value on the unit scale.
    let unit: UnsafeMutablePointer<Double>
    /// cont(q) = ((1 + q) / number of ranges)^2 for q = 0 ... number of ranges.
    let cont: UnsafeMutablePointer<Double>
    /// Per object of the VN being added (`changed`), the change of its contribution; when a
    /// seed starts, per row, its contribution.
    let delta: UnsafeMutablePointer<Double>
    /// The sampled objects of the VN being added, in object order (large VNs).
    let changed: UnsafeMutablePointer<Int32>
    /// The rows in the coefficient sample, ascending (`sampleCount` of them).
    let sampled: UnsafeMutablePointer<Int32>
    let sampleCount: Int
    /// Per attribute, 9 sums (`sumsStride`): T, u*T, u^2*T over the VNs below the range,
    /// then above it, then 3 that nothing reads. Updates for a VN inside the range go to
    /// the last three, so the hot loop picks a slot instead of branching.
    let sums: UnsafeMutablePointer<Double>
    static let sumsStride = 9
    /// Per attribute: the range's lowest and highest VN rank (numeric).
    let lo: UnsafeMutablePointer<Int>
    let hi: UnsafeMutablePointer<Int>
    /// Per attribute: whether the side below / above the range is blocked for good.
    let blockedLow: UnsafeMutablePointer<Bool>
    let blockedHigh: UnsafeMutablePointer<Bool>
    /// Per VN (categorical): whether it is in the range's set / blocked for good.
    let inSet: UnsafeMutablePointer<Bool>
    let blockedVN: UnsafeMutablePointer<Bool>
    /// The ranged attributes that can still grow, in attribute order (`growingCount` of them).
    let growing: UnsafeMutablePointer<Int>
    var growingCount = 0

    /// - Parameter sample: how many objects count in the coefficients (nil: all), taken
    ///   evenly spread over the rows so that every part of the file is represented.
    init(_ agds: AGDS, sample: Int? = nil) {
        rowCount = agds.rowCount
        attributeCount = agds.attributeCount
        vnCount = agds.vnCount
        rank = frozenCopy(agds.rank)
        objectStart = frozenCopy(agds.objectStart)
        objects = frozenCopy(agds.objects)
        vnOffset = frozenCopy(agds.vnOffset)
        numeric = frozenCopy(agds.isNumeric)
        var missingLists = [[Int32]](repeating: [], count: agds.attributeCount)
        for j in 0..<agds.rowCount {
            for a in 0..<agds.attributeCount where agds.rank(j, a) < 0 { missingLists[a].append(Int32(j)) }
        }
        var starts = [0]
        for list in missingLists { starts.append(starts[starts.count - 1] + list.count) }
        missingStart = frozenCopy(starts)
        missing = frozenCopy(missingLists.flatMap { $0 })
        let kept = min(sample ?? rowCount, rowCount), rows = agds.rowCount
        let chosen = (0..<rows).map { j in (j + 1) * kept / rows > j * kept / rows }
        objectState = frozenCopy((0..<(2 * rows)).map {
            $0 % 2 == 0 ? 0 : Int32(agds.labels[$0 / 2] * 2 + (chosen[$0 / 2] ? 1 : 0))
        })
        sampled = frozenCopy(chosen.indices.filter { chosen[$0] }.map { Int32($0) })
        sampleCount = kept
        changed = Self.filled(Int32(0), rowCount)
        reprWeight = Self.filled(1.0, rowCount)
        term = Self.filled(0.0, vnCount)
        unit = frozenCopy(agds.vnUnit)
        cont = Self.filled(0.0, attributeCount + 1)
        delta = Self.filled(0.0, rowCount)
        sums = Self.filled(0.0, attributeCount * Self.sumsStride)
        lo = Self.filled(0, attributeCount)
        hi = Self.filled(0, attributeCount)
        growing = Self.filled(0, attributeCount)
        blockedLow = Self.filled(false, attributeCount)
        blockedHigh = Self.filled(false, attributeCount)
        inSet = Self.filled(false, vnCount)
        blockedVN = Self.filled(false, vnCount)
    }

    deinit {
        for pointer in [rank, objectState, changed, sampled, missing] as [UnsafeMutablePointer<Int32>] {
            pointer.deallocate()
        }
        for pointer in [term, unit, cont, delta, reprWeight, sums] { pointer.deallocate() }
        for pointer in [objectStart, vnOffset, missingStart, lo, hi, growing] { pointer.deallocate() }
        objects.deallocate()
        for pointer in [numeric, blockedLow, blockedHigh, inSet, blockedVN] { pointer.deallocate() }
    }

    private static func filled<T>(_ value: T, _ count: Int) -> UnsafeMutablePointer<T> {
        let pointer = UnsafeMutablePointer<T>.allocate(capacity: max(count, 1))
        pointer.initialize(repeating: value, count: max(count, 1))
        return pointer
    }

    /// in(j).
    @inline(__always) func inside(_ j: Int) -> Int32 { objectState[2 &* j] }
    @inline(__always) func setInside(_ j: Int, _ count: Int32) { objectState[2 &* j] = count }
    /// Object j's class times 2, plus 1 when it is in the coefficient sample.
    @inline(__always) func tag(_ j: Int) -> Int32 { objectState[2 &* j &+ 1] }
    /// Object j's class.
    @inline(__always) func label(_ j: Int) -> Int32 { tag(j) >> 1 }

    /// in(j) = 0 for every object.
    func clearInside() {
        for j in 0..<rowCount { objectState[2 &* j] = 0 }
    }

    /// Counts one more range that object `j` is inside on, listing it the first time.
    @inline(__always) func enter(_ j: Int, into list: inout [Int]) {
        let count = inside(j)
        if count == 0 { list.append(j) }
        setInside(j, count + 1)
    }

    /// Adds `amount` at unit value `u` to running sums of T, u*T and u^2*T.
    @inline(__always) static func accumulate(_ sums: UnsafeMutablePointer<Double>, _ u: Double, _ amount: Double) {
        sums[0] += amount
        sums[1] += amount * u
        sums[2] += amount * u * u
    }

    /// Adds the change of each of the first `count` objects of `changed` (changes in
    /// `delta`) to attribute `b`'s terms and, numeric, to its sums below or above the range.
    func spread(attribute b: Int, count: Int) {
        let offset = vnOffset[b], isNumeric = numeric[b], low = lo[b], high = hi[b]
        let attributeSums = sums + Self.sumsStride * b
        for k in 0..<count {
            let r = Int(rank[Int(changed[k]) * attributeCount + b])
            if r < 0 { continue }
            let v = offset + r
            let change = delta[k]
            term[v] += change
            if isNumeric {
                let slot = r < low ? 0 : (r > high ? 3 : 6)
                Self.accumulate(attributeSums + slot, unit[v], change)
            }
        }
    }

    /// T(n) of attribute `a`'s VNs from every sampled object's share in `delta` (row
    /// order), and, numeric, the sums below and above the range.
    func startTerms(attribute a: Int) {
        let offset = vnOffset[a]
        for v in offset..<vnOffset[a + 1] { term[v] = 0 }
        for k in 0..<sampleCount {
            let j = Int(sampled[k])
            let r = Int(rank[j * attributeCount + a])
            if r >= 0 { term[offset + r] += delta[j] }
        }
        guard numeric[a] else { return }
        let below = sums + Self.sumsStride * a, above = below + 3
        for k in 0..<Self.sumsStride { below[k] = 0 }
        for v in offset..<(offset + lo[a]) { Self.accumulate(below, unit[v], term[v]) }
        for v in (offset + hi[a] + 1)..<vnOffset[a + 1] { Self.accumulate(above, unit[v], term[v]) }
    }

    /// Removes attribute `a` from the growing list, keeping the others' order (ties between
    /// equal candidates go to the first in this order).
    func stopGrowing(_ a: Int) {
        guard let position = (0..<growingCount).first(where: { growing[$0] == a }) else { return }
        for index in position..<(growingCount - 1) { growing[index] = growing[index + 1] }
        growingCount -= 1
    }
}
