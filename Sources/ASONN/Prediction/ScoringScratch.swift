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

    init(wordCount: Int, classCount: Int, indexCount: Int) {
        self.wordCount = wordCount
        self.classCount = classCount
        located = .allocate(capacity: max(indexCount, 1))
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
        located.deallocate()
    }
}
