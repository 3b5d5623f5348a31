import Dispatch

/// Jobs run on another thread one at a time, while the caller goes on: `predict` writes a
/// classified block while it classifies the next. `start` first waits for the job before
/// and rethrows its error, so at most one job is under way; what a job uses is touched by
/// its thread alone until the next `start` or `wait()` returns.
final class WriteBehind: @unchecked Sendable {
    private let idle = DispatchSemaphore(value: 1)
    // A serial queue of its own: the jobs write in order, apart from the threads that
    // classification shares among the cores.
    private let queue = DispatchQueue(label: "asonn.write-behind")
    private var job: (() throws -> Void)?
    private var failure: (any Error)?

    /// Waits for the job under way, rethrows its error, then starts `job`.
    func start(_ job: @escaping () throws -> Void) throws {
        try wait()
        idle.wait()
        self.job = job
        queue.async { [self] in
            do { try self.job?() } catch { failure = error }
            self.job = nil
            idle.signal()
        }
    }

    /// Waits for the job under way, if any; rethrows the error of a job that failed.
    func wait() throws {
        idle.wait()
        idle.signal()
        if let failure { throw failure }
    }
}
