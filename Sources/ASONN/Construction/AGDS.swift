/// The AGDS backbone (spec section 1) as flat arrays.
///
/// Value neurons (VNs) are numbered globally: attribute `a`'s VNs are
/// `vnOffset[a] ..< vnOffset[a + 1]`, in ascending value order for a numeric attribute
/// and in category order for a categorical one. Objects reach their VN through `rank`
/// (per object and attribute; -1 when missing), and VNs reach their objects through a
/// CSR list (`objectStart`, `objects`). Nothing is a pointer graph.
struct AGDS {
    let rowCount: Int
    let attributeCount: Int
    let classCount: Int
    let labels: [Int]
    let classCounts: [Int]

    let isNumeric: [Bool]
    /// Attributes with at least two distinct values (R_a > 0); only these get ranges.
    let usable: [Bool]
    let vnOffset: [Int]
    /// Per VN: the value (numeric) or category index. A numeric VN that merges several
    /// values (`maxValueNeurons`) holds its smallest here and its largest in `vnUpper`.
    let vnValue: [Double]
    /// Per VN: the largest value it holds (equal to `vnValue` but for merged VNs).
    let vnUpper: [Double]
    /// Per VN, numeric: (v - min) / R_a, the value on a unit scale.
    let vnUnit: [Double]
    let objectStart: [Int]
    let objects: [Int32]
    /// Per attribute and class, the ranks of that class's objects with a value, ascending:
    /// `classRanks[classRankStart[a * classCount + c] ..< classRankStart[a * classCount + c + 1]]`.
    /// A range's objects of one class are two binary searches away. One entry per object
    /// value: a table per VN and class would take VNs x classes, gigabytes when there are
    /// as many classes as rows.
    let classRankStart: [Int]
    let classRanks: [Int32]
    /// Per VN: its class when all its objects share one, else -1 (also -1 when empty).
    let vnPureClass: [Int32]
    /// Per object and attribute (`i * attributeCount + a`): the VN rank within the attribute, or -1.
    let rank: [Int32]
    /// Per attribute: smallest and largest training value (numeric).
    let minimum: [Double]
    let maximum: [Double]

    /// - Parameter maxValueNeurons: merge a numeric attribute's distinct values into at
    ///   most this many VNs (nil: one VN per distinct value).
    init(_ data: Dataset, maxValueNeurons: Int? = nil) {
        rowCount = data.rowCount
        attributeCount = data.attributeCount
        classCount = data.classes.count
        labels = data.labels
        classCounts = data.classCounts
        isNumeric = data.attributes.map(\.isNumeric)

        var offsets = [0]
        var values: [Double] = []
        var uppers: [Double] = []
        var units: [Double] = []
        var ranks = [Int32](repeating: -1, count: rowCount * attributeCount)
        var usable: [Bool] = []
        var minimum: [Double] = []
        var maximum: [Double] = []
        for a in 0..<attributeCount {
            var distinct: [Double]
            if isNumeric[a] {
                var present: [Double] = []
                present.reserveCapacity(rowCount)
                for i in 0..<rowCount { let x = data.value(i, a); if !x.isNaN { present.append(x) } }
                present.sort()
                distinct = []
                distinct.reserveCapacity(present.count)
                for x in present where distinct.last != x { distinct.append(x) }
                let low = distinct.first ?? 0, high = distinct.last ?? 0
                minimum.append(low)
                maximum.append(high)
                let span = high - low
                // VN k holds the distinct values bins[k]..<bins[k + 1].
                let bins = maxValueNeurons.map { Self.bins(present, distinct, limit: $0) } ?? Array(0...distinct.count)
                let binOf = bins.count == distinct.count + 1 ? nil : Self.binIndex(bins)
                let binned = (0..<(bins.count - 1)).map { (distinct[bins[$0]], distinct[bins[$0 + 1] - 1]) }
                uppers.append(contentsOf: binned.map(\.1))
                // A merged VN sits at its middle on the unit scale.
                units.append(contentsOf: binned.map { bin in
                    span > 0 ? ((bin.0 == bin.1 ? bin.0 : bin.0 + (bin.1 - bin.0) / 2) - low) / span : 0
                })
                for i in 0..<rowCount {
                    let x = data.value(i, a)
                    if x.isNaN { continue }
                    let position = Self.position(of: x, in: distinct)
                    ranks[i * attributeCount + a] = Int32(binOf?[position] ?? position)
                }
                distinct = binned.map(\.0)
            } else {
                let categoryCount = data.attributes[a].categories.count
                distinct = (0..<categoryCount).map(Double.init)
                units.append(contentsOf: [Double](repeating: 0, count: categoryCount))
                uppers.append(contentsOf: distinct)
                minimum.append(0)
                maximum.append(0)
                for i in 0..<rowCount {
                    let x = data.value(i, a)
                    if !x.isNaN { ranks[i * attributeCount + a] = Int32(x) }
                }
            }
            values.append(contentsOf: distinct)
            offsets.append(values.count)
            usable.append(false)  // decided below, once counts are known
        }

        // CSR lists of objects per VN, filled in row order so they are deterministic.
        let vnCount = values.count
        var start = [Int](repeating: 0, count: vnCount + 1)
        for i in 0..<rowCount {
            for a in 0..<attributeCount where ranks[i * attributeCount + a] >= 0 {
                start[offsets[a] + Int(ranks[i * attributeCount + a]) + 1] += 1
            }
        }
        for v in 0..<vnCount { start[v + 1] += start[v] }
        var fill = start
        var members = [Int32](repeating: 0, count: start[vnCount])
        // Per (attribute, class) bucket: how many object values, then where each starts.
        var bucketStart = [Int](repeating: 0, count: attributeCount * classCount + 1)
        for i in 0..<rowCount {
            for a in 0..<attributeCount where ranks[i * attributeCount + a] >= 0 {
                let v = offsets[a] + Int(ranks[i * attributeCount + a])
                members[fill[v]] = Int32(i)
                fill[v] += 1
                bucketStart[a * classCount + data.labels[i] + 1] += 1
            }
        }
        for b in 0..<(attributeCount * classCount) { bucketStart[b + 1] += bucketStart[b] }
        // Filled VN by VN in rank order, so every bucket's ranks come out ascending.
        var bucketFill = bucketStart
        var bucketRanks = [Int32](repeating: 0, count: bucketStart[attributeCount * classCount])
        var pure = [Int32](repeating: -1, count: vnCount)
        for a in 0..<attributeCount {
            for v in offsets[a]..<offsets[a + 1] {
                var found: Int32 = -1
                var mixed = false
                for object in members[start[v]..<start[v + 1]] {
                    let label = data.labels[Int(object)]
                    let bucket = a * classCount + label
                    bucketRanks[bucketFill[bucket]] = Int32(v - offsets[a])
                    bucketFill[bucket] += 1
                    if found < 0 { found = Int32(label) } else if found != Int32(label) { mixed = true }
                }
                pure[v] = mixed ? -1 : found
            }
        }
        for a in 0..<attributeCount {
            let nonEmpty = (offsets[a]..<offsets[a + 1]).filter { start[$0 + 1] > start[$0] }.count
            usable[a] = nonEmpty >= 2
        }

        self.vnOffset = offsets
        self.vnValue = values
        self.vnUpper = uppers
        self.vnUnit = units
        self.objectStart = start
        self.objects = members
        self.classRankStart = bucketStart
        self.classRanks = bucketRanks
        self.vnPureClass = pure
        self.rank = ranks
        self.usable = usable
        self.minimum = minimum
        self.maximum = maximum
    }

    var vnCount: Int { vnValue.count }

    @inline(__always) func valueCount(_ a: Int) -> Int { vnOffset[a + 1] - vnOffset[a] }

    @inline(__always) func rank(_ i: Int, _ a: Int) -> Int { Int(rank[i * attributeCount + a]) }

    @inline(__always) func objects(of vn: Int) -> ArraySlice<Int32> { objects[objectStart[vn]..<objectStart[vn + 1]] }

    @inline(__always) func size(of vn: Int) -> Int { objectStart[vn + 1] - objectStart[vn] }

    /// Objects of class `c` (seeds) and of other classes (weeds) in the VNs of numeric
    /// attribute `a` with ranks `lo...hi`.
    func seedsAndWeeds(attribute a: Int, ranks: ClosedRange<Int>, classIndex c: Int) -> (seeds: Int, weeds: Int) {
        let seeds = classObjects(attribute: a, classIndex: c, ranks: ranks.lowerBound..<(ranks.upperBound + 1))
        let all = objectStart[vnOffset[a] + ranks.upperBound + 1] - objectStart[vnOffset[a] + ranks.lowerBound]
        return (seeds, all - seeds)
    }

    /// Seeds and weeds of class `c` in the categories `set` of categorical attribute `a`.
    func seedsAndWeeds(attribute a: Int, categories set: [Int], classIndex c: Int) -> (seeds: Int, weeds: Int) {
        var seeds = 0, all = 0
        for category in set {
            seeds += classObjects(attribute: a, classIndex: c, ranks: category..<(category + 1))
            all += size(of: vnOffset[a] + category)
        }
        return (seeds, all - seeds)
    }

    /// How many objects of class `c` have a value of attribute `a` with a rank in `ranks`.
    private func classObjects(attribute a: Int, classIndex c: Int, ranks: Range<Int>) -> Int {
        let bucket = classRankStart[a * classCount + c]..<classRankStart[a * classCount + c + 1]
        return firstIndex(notBelow: ranks.upperBound, in: bucket) - firstIndex(notBelow: ranks.lowerBound, in: bucket)
    }

    /// The first index of `bucket` whose rank is >= `rank` (the bucket is sorted).
    private func firstIndex(notBelow rank: Int, in bucket: Range<Int>) -> Int {
        var low = bucket.lowerBound, high = bucket.upperBound
        while low < high {
            let middle = low + (high - low) / 2
            if Int(classRanks[middle]) < rank { low = middle + 1 } else { high = middle }
        }
        return low
    }

    /// Whether a range holds every training value of its attribute (it then constrains nothing).
    func coversDomain(_ range: BuiltRange) -> Bool {
        let a = range.attribute
        if isNumeric[a] { return range.lo == 0 && range.hi == valueCount(a) - 1 }
        return (vnOffset[a]..<vnOffset[a + 1]).allSatisfy {
            size(of: $0) == 0 || range.categories.contains($0 - vnOffset[a])
        }
    }

    /// The index of `x` in the sorted, distinct `values` (which must contain it).
    static func position(of x: Double, in values: [Double]) -> Int {
        var low = 0, high = values.count - 1
        while low < high {
            let middle = (low + high) / 2
            if values[middle] < x { low = middle + 1 } else { high = middle }
        }
        return low
    }

    /// Where each VN starts among the sorted `distinct` values of `present` (sorted, with
    /// repeats), plus the end: at most `limit` VNs of about equal row counts. A value is
    /// never split, so one frequent value can make a VN of its own.
    static func bins(_ present: [Double], _ distinct: [Double], limit: Int) -> [Int] {
        guard distinct.count > limit else { return Array(0...distinct.count) }
        var starts = [0]
        var rows = 0, position = 0
        for (index, value) in distinct.enumerated() {
            // The rows holding `value` (present is sorted, so they follow `position`).
            var end = position
            while end < present.count && present[end] == value { end += 1 }
            rows += end - position
            position = end
            // Close the VN once its rows reach the next of `limit` equal shares.
            if index + 1 < distinct.count && rows * limit >= starts.count * present.count {
                starts.append(index + 1)
            }
        }
        starts.append(distinct.count)
        return starts
    }

    /// For every distinct value's index, its VN, from the VN starts of `bins`.
    private static func binIndex(_ bins: [Int]) -> [Int] {
        var index = [Int](repeating: 0, count: bins[bins.count - 1])
        for k in 0..<(bins.count - 1) { for position in bins[k]..<bins[k + 1] { index[position] = k } }
        return index
    }

    /// The median gap between adjacent distinct values of numeric attribute `a`.
    func medianGap(_ a: Int) -> Double {
        let values = vnValue[vnOffset[a]..<vnOffset[a + 1]]
        guard values.count >= 2 else { return 0 }
        let gaps = zip(values.dropFirst(), values).map { $0 - $1 }.sorted()
        let middle = gaps.count / 2
        return gaps.count % 2 == 1 ? gaps[middle] : (gaps[middle - 1] + gaps[middle]) / 2
    }
}
