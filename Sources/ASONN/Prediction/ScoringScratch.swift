/// Per-thread working memory for scoring one row at a time.
final class ScoringScratch {
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
    /// The first level's kept sets of a block of rows (`blockRows` sets of `wordCount`
    /// words), and per row of the block whether narrowing it further stopped paying.
    let block: UnsafeMutablePointer<UInt64>
    let narrowed: UnsafeMutablePointer<Bool>
    /// Rows per block: as many as keep the block's sets within about 256 KB, so they stay
    /// in the cache beside one index (at least 8, at most 256).
    let blockRows: Int
    /// Sequential acquisition's arrays, kept for the next row (`AcquisitionState`).
    var acquisition: AcquisitionState?

    /// - Parameter blockRows: rows per block when not the default (for tests).
    init(wordCount: Int, classCount: Int, indexCount: Int, blockRows: Int? = nil) {
        self.wordCount = wordCount
        self.classCount = classCount
        self.blockRows = max(1, blockRows ?? min(256, max(8, 32768 / max(wordCount, 1))))
        block = .allocate(capacity: self.blockRows * max(wordCount, 1))
        narrowed = .allocate(capacity: self.blockRows)
        located = .allocate(capacity: max(indexCount, 1))
        candidates = .allocate(capacity: max(wordCount, 1))
        state = .allocate(capacity: max(wordCount, 1))
        evaluated = .allocate(capacity: max(wordCount, 1))
        best = .allocate(capacity: max(classCount, 1))
        bestPosition = .allocate(capacity: max(classCount, 1))
        settled = .allocate(capacity: max(classCount, 1))
    }

    deinit {
        block.deallocate()
        narrowed.deallocate()
        candidates.deallocate()
        state.deallocate()
        evaluated.deallocate()
        best.deallocate()
        bestPosition.deallocate()
        settled.deallocate()
        located.deallocate()
    }
}
