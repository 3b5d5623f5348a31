/// `count` jobs run as concurrent tasks, at most `window` at a time, with their results in
/// job order whatever order they finish in: the same results as running them one after
/// another. `finished` is called after each job, in completion order, with its index.
func orderedConcurrentMap<Result: Sendable>(_ count: Int, window: Int,
                                            finished: (Int) -> Void = { _ in },
                                            _ job: @escaping @Sendable (Int) async throws -> Result)
    async throws -> [Result] {
    var results = [Result?](repeating: nil, count: count)
    try await withThrowingTaskGroup(of: (Int, Result).self) { group in
        var next = 0
        while next < min(max(window, 1), count) {
            let index = next
            group.addTask { (index, try await job(index)) }
            next += 1
        }
        for try await (index, result) in group {
            results[index] = result
            finished(index)
            if next < count {
                let index = next
                group.addTask { (index, try await job(index)) }
                next += 1
            }
        }
    }
    return results.compactMap { $0 }
}
