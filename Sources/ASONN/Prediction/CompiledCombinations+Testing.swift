/// Hooks for tests, kept out of the scoring code.
extension CompiledCombinations {
    /// Whether class-only prediction of `row` stops before every class is scored to the end.
    func decidesClassEarly(row: [Double], model: ASONNModel) -> Bool {
        let scratch = scratch()
        return row.withUnsafeBufferPointer { buffer in
            guard let base = buffer.baseAddress, isIndexed else { return false }
            return scoreLevels(row: base, scratch: scratch, model: model, classOnly: true) != nil
        }
    }
}
