import Foundation

/// `x` with `digits` decimals, as `String(format: "%.Nf")` writes it.
func fixed(_ x: Double, _ digits: Int) -> String {
    String(format: "%.\(digits)f", x)
}

/// A mean and its spread, "0.807 ± 0.036".
func meanAndSpread(_ mean: Double, _ spread: Double) -> String {
    "\(fixed(mean, 3)) ± \(fixed(spread, 3))"
}
