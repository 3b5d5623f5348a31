extension BoxBounds {
    /// `range` of a finished combination with its numeric bounds placed as this says;
    /// categorical ranges are kept. `represented` are the rows the box represents.
    func placedRange(_ range: BuiltRange, represented: [Int], agds: AGDS) -> BuiltRange {
        let a = range.attribute
        guard self != .grown, agds.isNumeric[a] else { return range }
        var low = Int.max, high = Int.min
        for row in represented {
            let rank = agds.rank(row, a)
            // A missing value counts as inside every range: it bounds nothing.
            if rank < 0 { continue }
            low = min(low, rank)
            high = max(high, rank)
        }
        guard low <= high else { return range }
        var placed = range
        let last = agds.valueCount(a) - 1
        // The represented rows lie inside the grown range, so low >= lo and high <= hi.
        if range.lo > 0 { placed.lo = self == .hull ? low : (low + range.lo + 1) / 2 }
        if range.hi < last { placed.hi = self == .hull ? high : (high + range.hi) / 2 }
        return placed
    }
}
