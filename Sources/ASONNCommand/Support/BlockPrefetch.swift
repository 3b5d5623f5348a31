import ASONN
import Dispatch

/// The next block of a `ModelInputReader`, read on another thread while the caller
/// classifies and writes the block before it: reading then overlaps the other work. The
/// reader is used by that thread alone from `init` until `next()` returns, and its
/// results (the block, the error, the reader's counters) are seen after the wait.
final class BlockPrefetch: @unchecked Sendable {
    private let reader: ModelInputReader
    private let done = DispatchSemaphore(value: 0)
    private var outcome: Result<ModelInput?, DataError> = .success(nil)

    /// Starts reading `reader`'s next block.
    init(_ reader: ModelInputReader) {
        self.reader = reader
        DispatchQueue.global().async { [self] in
            outcome = Result { () throws(DataError) in try self.reader.next() }
            done.signal()
        }
    }

    /// The block read (nil after the last one), or the reader's error; waits for it.
    func next() throws(DataError) -> ModelInput? {
        done.wait()
        return try outcome.get()
    }
}
