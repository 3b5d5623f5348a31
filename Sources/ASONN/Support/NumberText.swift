extension Double {
    /// The number as people write it: an integer without a decimal point, others in their
    /// shortest round-tripping form, "?" for NaN. Rule conditions and reports both use it,
    /// so a bound reads the same everywhere.
    public var plainText: String {
        if isNaN { return "?" }
        if self == rounded() && abs(self) < 1e15 { return String(Int(self)) }
        return "\(self)"
    }
}
