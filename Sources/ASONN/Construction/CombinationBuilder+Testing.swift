// Entry points for clear-box tests of the builder's incremental state; nothing else
// reads them.

extension CombinationBuilder {
    /// in(j) for every object (for tests).
    var inside: [Int32] { (0..<agds.rowCount).map { storage.inside($0) } }

    /// T(n) for every VN (for tests).
    var term: [Double] { Array(UnsafeBufferPointer(start: storage.term, count: agds.vnCount)) }
}
