import Dispatch

extension ASONNClassifier {
    /// The most members an ensemble takes: each is a whole model.
    public static let maxEnsembleMembers = 1000

    /// Builds a bagged ensemble (`ASONNEnsemble`) of `members` models, each with this
    /// classifier's settings on a stratified bootstrap sample of `data` (every class keeps
    /// its row count, drawn with replacement; member m draws with seed + m). With
    /// `selfConfigure` the settings are chosen once, on every row of `data`
    /// (`selfConfigured`), and every member is built with them. Members are built on both
    /// cores; the ensemble is the same whatever the number of cores.
    /// - Throws: `ParameterError` for a member count outside 1...`maxEnsembleMembers` and
    ///   whatever `fit` throws for a member.
    public func fitEnsemble(_ data: Dataset, costs: TestCosts? = nil, members: Int, seed: UInt64 = 0,
                            selfConfigure: Bool = false,
                            progress: (@Sendable (_ built: Int, _ total: Int) -> Void)? = nil) throws -> ASONNEnsemble {
        guard members >= 1 && members <= Self.maxEnsembleMembers else {
            throw ParameterError("an ensemble needs 1 to \(Self.maxEnsembleMembers) members, not \(members)")
        }
        try data.checkInvariants()
        let (classifier, configuration) = selfConfigure ? try selfConfigured(data, costs: costs) : (self, nil)
        let slots = UnsafeMutableBufferPointer<Result<ASONNModel, any Error>?>.allocate(capacity: members)
        defer { slots.deallocate() }
        slots.initialize(repeating: nil)
        guard let base = slots.baseAddress else { throw ParameterError("an ensemble needs a member") }
        let shared = SendablePointer(base)
        let counter = BuiltCounter()
        // Member m writes slot m once, before the members are joined.
        DispatchQueue.concurrentPerform(iterations: members) { m in
            let sample = data.subset(Self.bootstrap(data, seed: seed &+ UInt64(m)))
            shared.pointer[m] = Result { try classifier.fit(sample, costs: costs) }
            progress?(counter.increment(), members)
        }
        var built: [ASONNModel] = []
        for slot in slots {
            switch slot {
            case .success(let model)?: built.append(model)
            case .failure(let error)?: throw error
            case nil: throw ParameterError("an ensemble member was not built")
            }
        }
        let attributes = data.attributes.map {
            ModelAttribute(name: $0.name, numeric: $0.isNumeric, categories: $0.isNumeric ? nil : $0.categories)
        }
        return try ASONNEnsemble(members: built, attributes: attributes, targetName: data.targetName,
                                 classes: data.classes, seed: seed, configuration: configuration)
    }

    /// Row indices of a stratified bootstrap sample of `data`: per class as many rows as it
    /// has, drawn with replacement, in row order.
    static func bootstrap(_ data: Dataset, seed: UInt64) -> [Int] {
        var generator = SeededGenerator(seed: seed)
        var rowsOf = [[Int]](repeating: [], count: data.classes.count)
        for (r, label) in data.labels.enumerated() where label >= 0 && label < rowsOf.count { rowsOf[label].append(r) }
        var drawn: [Int] = []
        drawn.reserveCapacity(data.rowCount)
        for rows in rowsOf where !rows.isEmpty {
            for _ in rows.indices { drawn.append(rows[Int(generator.next(upperBound: UInt64(rows.count)))]) }
        }
        return drawn.sorted()
    }
}

/// Members built so far, counted from several threads for the progress callback.
private final class BuiltCounter: @unchecked Sendable {
    private var count = 0
    private let lock = DispatchSemaphore(value: 1)

    func increment() -> Int {
        lock.wait()
        defer { lock.signal() }
        count += 1
        return count
    }
}
