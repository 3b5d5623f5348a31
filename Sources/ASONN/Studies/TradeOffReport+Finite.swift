import Foundation

extension TradeOffReport {
    /// Throws, naming the field, if any figure is not a finite number (JSON has no
    /// infinity or NaN; test costs near the largest number can add up to infinity).
    /// Checked by encoding, so no field can be forgotten.
    public func checkFinite() throws(ParameterError) {
        do {
            _ = try JSONEncoder().encode(self)
        } catch let error as EncodingError {
            throw ParameterError("the trade-off study of \(dataName) has a figure that is not a finite number "
                                 + "(\(error.readableDescription)); are the test costs too large to add up?")
        } catch {
            throw ParameterError("the trade-off study of \(dataName) cannot be encoded: \(error)")
        }
    }
}

extension TradeOffResult {
    /// The first figure that no study can produce (a share outside [0, 1], a negative cost,
    /// count, spread or time, a number that is not finite, a mean cost per case above the
    /// panel's cost, more attributes used than the panel holds), by its JSON name; nil when
    /// every figure is possible. For results read back from a file.
    public var impossibleFigure: String? {
        let shares: [(String, Double)] = [("accuracy", accuracy), ("balancedAccuracy", balancedAccuracy)]
        let amounts: [(String, Double)] = [
            ("accuracySpread", accuracySpread), ("balancedAccuracySpread", balancedAccuracySpread),
            ("panelCost", panelCost), ("meanCost", meanCost), ("combinations", combinations),
            ("attributesUsed", attributesUsed), ("buildSeconds", buildSeconds),
        ]
        if let (name, _) = shares.first(where: { !($0.1 >= 0 && $0.1 <= 1) }) { return name }
        if let (name, _) = amounts.first(where: { !($0.1 >= 0 && $0.1.isFinite) }) { return name }
        // A case pays for at most the model's panel; the slack covers the rounding of the means.
        if meanCost > panelCost * (1 + 1e-9) + 1e-12 { return "meanCost" }
        if attributesUsed > Double(configuration.panel.count) { return "attributesUsed" }
        return nil
    }
}
