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

    /// `predict` and `predictClass` of every row, the first level computed for blocks of
    /// `blockRows` rows (`firstLevelKept`), on one thread.
    func blockwise(rows: [[Double]], model: ASONNModel, blockRows: Int) -> [(Prediction, Int)] {
        let width = model.attributes.count
        let scratch = ScoringScratch(wordCount: wordCount, classCount: classCount, indexCount: maxLevelIndexes,
                                     blockRows: blockRows)
        let values = rows.flatMap { $0.prefix(width) + [Double](repeating: .nan, count: max(width - $0.count, 0)) }
        return values.withUnsafeBufferPointer { buffer in
            guard let base = buffer.baseAddress, isIndexed else { return [] }
            var results: [(Prediction, Int)] = []
            for start in stride(from: 0, to: rows.count, by: blockRows) {
                let count = min(blockRows, rows.count - start)
                for pass in 0..<2 {
                    firstLevelKept(rows: base + start * width, stride: width, rowCount: count, scratch: scratch)
                    for r in 0..<count {
                        let row = base + (start + r) * width, kept = scratch.block + r * wordCount
                        if pass == 0 {
                            results.append((predict(row: row, scratch: scratch, model: model, firstKept: kept), -1))
                        } else {
                            results[start + r].1 = predictClass(row: row, scratch: scratch, model: model,
                                                                firstKept: kept)
                        }
                    }
                }
            }
            return results
        }
    }
}
