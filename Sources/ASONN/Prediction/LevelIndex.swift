/// One attribute's index at one deficit level: which combinations are kept at a value.
/// Numeric: ranges widened to the level give sorted events (a combination enters at its
/// widened lower end, leaves after its widened upper end) with the kept set after every
/// `spacing`-th event; a value's set is the nearest snapshot plus the events between.
/// Categorical: the kept set per category index, and one for any other value.
struct LevelIndex {
    var attribute: Int
    var isCategorical: Bool
    /// Numeric: first event in `keys` and `events`; categorical: first word of its sets in `bits`.
    var start: Int
    /// Numeric: number of events; categorical: number of categories (sets = count + 1).
    var count: Int
    /// Numeric: first word of its snapshots in `bits`, and how many there are.
    var snapshots: Int
    var snapshotCount: Int
    /// Numeric: a grid over the keys, `bucketCount` cells from `origin`, `scale` cells per
    /// unit; `buckets` is the first of its bucketCount + 1 entries in `bucketStart`, each the
    /// first event whose key falls in that cell or a later one.
    var buckets: Int
    var bucketCount: Int
    var origin: Double
    var scale: Double

    /// The grid cell of `x`: nondecreasing in x (so a key's cell orders it against any x
    /// of another cell), clamped to the grid; a NaN position (infinite x on a one-cell grid) is 0.
    @inline(__always)
    static func cell(_ x: Double, origin: Double, scale: Double, count: Int) -> Int {
        let t = (x - origin) * scale
        return t >= 0 ? (t < Double(count) ? Int(t) : count - 1) : 0
    }

    /// How many of the sorted keys[0..<count] are <= x, by a binary search whose steps do
    /// not branch on the data.
    @inline(__always)
    static func countAtMost(_ x: Double, in keys: UnsafePointer<Float>, count: Int) -> Int {
        guard count > 0 else { return 0 }
        var base = 0, length = count
        while length > 1 {
            let half = length &>> 1
            let below: Int = Double(keys[base &+ half &- 1]) <= x ? 1 : 0
            base &+= half & (0 &- below)
            length &-= half
        }
        return base &+ (Double(keys[base]) <= x ? 1 : 0)
    }
}
