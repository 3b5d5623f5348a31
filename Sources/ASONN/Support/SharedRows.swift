/// The rows being classified and their results, shared by the worker threads of
/// `Predictor.predictions`: the input is only read, and each result slot is written by one
/// thread only, before the threads are joined.
struct SharedRows<Result>: @unchecked Sendable {
    let input: UnsafePointer<Double>
    let output: UnsafeMutablePointer<Result>
}
