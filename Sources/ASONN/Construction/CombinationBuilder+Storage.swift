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
    /// Per object: its class.
    let label: UnsafeMutablePointer<Int32>
    /// Per VN: where its objects start in `objects` (CSR, vnCount + 1 entries).
    let objectStart: UnsafeMutablePointer<Int>
    let objects: UnsafeMutablePointer<Int32>
    /// Per attribute: its first VN (attributeCount + 1 entries) and whether it is numeric.
    let vnOffset: UnsafeMutablePointer<Int>
    let numeric: UnsafeMutablePointer<Bool>

    // State of the combination being built.
    /// Per object: repr(j) = (1 / (1 + q_repr(j)))^2.
    let reprWeight: UnsafeMutablePointer<Double>
    /// Per object: in(j), the ranges it is inside on.
    let inside: UnsafeMutablePointer<Int32>
    /// Per VN: T(n).
    let term: UnsafeMutablePointer<Double>
    /// Per VN: its value on the unit scale.
    let unit: UnsafeMutablePointer<Double>
    /// cont(q) = ((1 + q) / number of ranges)^2 for q = 0 ... number of ranges.
    let cont: UnsafeMutablePointer<Double>
    /// Per object of the VN being added: the change of its contribution (parallel updates).
    let delta: UnsafeMutablePointer<Double>
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

    init(_ agds: AGDS) {
        rowCount = agds.rowCount
        attributeCount = agds.attributeCount
        vnCount = agds.vnCount
        rank = frozenCopy(agds.rank)
        label = frozenCopy(agds.labels.map { Int32($0) })
        objectStart = frozenCopy(agds.objectStart)
        objects = frozenCopy(agds.objects)
        vnOffset = frozenCopy(agds.vnOffset)
        numeric = frozenCopy(agds.isNumeric)
        reprWeight = Self.filled(1.0, rowCount)
        inside = Self.filled(Int32(0), rowCount)
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
        for pointer in [rank, label, inside] as [UnsafeMutablePointer<Int32>] { pointer.deallocate() }
        for pointer in [term, unit, cont, delta, reprWeight, sums] { pointer.deallocate() }
        for pointer in [objectStart, vnOffset, lo, hi, growing] { pointer.deallocate() }
        objects.deallocate()
        for pointer in [numeric, blockedLow, blockedHigh, inSet, blockedVN] { pointer.deallocate() }
    }

    private static func filled<T>(_ value: T, _ count: Int) -> UnsafeMutablePointer<T> {
        let pointer = UnsafeMutablePointer<T>.allocate(capacity: max(count, 1))
        pointer.initialize(repeating: value, count: max(count, 1))
        return pointer
    }

    /// Adds `amount` at unit value `u` to running sums of T, u*T and u^2*T.
    @inline(__always) static func accumulate(_ sums: UnsafeMutablePointer<Double>, _ u: Double, _ amount: Double) {
        sums[0] += amount
        sums[1] += amount * u
        sums[2] += amount * u * u
    }

    /// Adds the change of each object of `objects` (positions in `objects`, changes in
    /// `delta` from 0) to attribute `b`'s terms and, numeric, to its sums below or above
    /// the range.
    func spread(attribute b: Int, objects positions: Range<Int>) {
        let offset = vnOffset[b], isNumeric = numeric[b], low = lo[b], high = hi[b]
        let attributeSums = sums + Self.sumsStride * b
        for p in positions {
            let r = Int(rank[Int(objects[p]) * attributeCount + b])
            if r < 0 { continue }
            let v = offset + r
            let change = delta[p - positions.lowerBound]
            term[v] += change
            if isNumeric {
                let slot = r < low ? 0 : (r > high ? 3 : 6)
                Self.accumulate(attributeSums + slot, unit[v], change)
            }
        }
    }

    /// T(n) of attribute `a`'s VNs from every object's share in `delta` (row order), and,
    /// numeric, the sums below and above the range.
    func startTerms(attribute a: Int) {
        let offset = vnOffset[a]
        for v in offset..<vnOffset[a + 1] { term[v] = 0 }
        for j in 0..<rowCount {
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
