/// The working arrays of sequential acquisition on one row, kept in the thread's
/// `ScoringScratch` from row to row: a row then allocates little beyond its answer (fresh
/// arrays and scoring scratch for every row took about a fifth of the time on heart).
struct AcquisitionState {
    var bounds: AcquisitionBounds
    /// The row's values, padded with missing ones to the model's attributes.
    var values: [Double] = []
    /// The row with its unmeasured values missing, for the provisional answer.
    var known: [Double] = []
    var measured: [Bool] = []
    var order: [Int] = []
    var groupsPaid: [Bool] = []
    var classLower: [Double] = []
    var classUpper: [Double] = []
    var settledSupport: [Int] = []
    var reachingSupport: [Int] = []
    /// Per class, the chance that no rule of it still holding the case holds it to the end.
    var none: [Double] = []

    init(_ tables: CompiledCombinations) {
        bounds = AcquisitionBounds(tables)
    }

    /// Nothing measured yet on `row` (attributes past its end missing), for a model of
    /// `attributeCount` attributes, `classCount` classes and `groupCount` test groups.
    mutating func start(_ row: some Collection<Double>, tables: CompiledCombinations, attributeCount: Int,
                        classCount: Int, groupCount: Int) {
        values.removeAll(keepingCapacity: true)
        values.append(contentsOf: row)
        if values.count < attributeCount {
            values.append(contentsOf: repeatElement(.nan, count: attributeCount - values.count))
        }
        bounds.reset(tables)
        Self.fill(&measured, with: false, count: attributeCount)
        order.removeAll(keepingCapacity: true)
        Self.fill(&groupsPaid, with: false, count: groupCount)
        Self.fill(&classLower, with: -1, count: classCount)
        Self.fill(&classUpper, with: -1, count: classCount)
        Self.fill(&settledSupport, with: -1, count: classCount)
        Self.fill(&reachingSupport, with: -1, count: classCount)
    }

    /// `array` set to `count` copies of `value`, in its storage when that is large enough.
    static func fill<Element>(_ array: inout [Element], with value: Element, count: Int) {
        array.removeAll(keepingCapacity: true)
        array.append(contentsOf: repeatElement(value, count: count))
    }
}
