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
