extension Duration {
    /// The duration in seconds, as a Double.
    public var seconds: Double {
        let (whole, fraction) = components
        return Double(whole) + Double(fraction) * 1e-18
    }
}

extension ContinuousClock {
    /// Runs `body` and returns what it returns with the seconds it took: how every build and
    /// prediction time in reports is measured.
    public static func timed<Result, Failure: Error>(_ body: () throws(Failure) -> Result)
        throws(Failure) -> (result: Result, seconds: Double) {
        let clock = ContinuousClock()
        let start = clock.now
        let result = try body()
        return (result, (clock.now - start).seconds)
    }
}
