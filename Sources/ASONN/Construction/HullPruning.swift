/// Hull pruning (`PruneMode.hull`), on finished combinations in VN ranks.
///
/// A box grown until blocked needs every one of its ranges: the row that blocked a range
/// is inside on all the others. Its represented rows, though, fill only part of the box.
/// Taken at their tight hull, the rows leave gaps to the blocking rows, so other-class rows
/// are out on more attributes and fewer attributes can keep each of them out. GLPK picks
/// the cheapest such set; the box then grows again on those attributes alone (the others
/// unconstrained) until blocked, so it still holds every row it represented.
enum HullPruning {
    /// The pruned combinations and what solving them took.
    struct Outcome {
        var combinations: [BuiltCombination] = []
        var problems = 0
        var provenOptimal = true
        /// Boxes kept as grown because the solver found no solution for them.
        var unsolved = 0
    }

    static func prune(_ built: [BuiltCombination], agds: AGDS, costs: TestCosts, minDiscrimination: Int,
                      solverSeconds: Double?) -> Outcome {
        var outcome = Outcome()
        for combination in built {
            // An ambiguous box holds another class's row at its seed: no attribute set keeps it out.
            guard !combination.ambiguous, !combination.ranges.isEmpty else {
                outcome.combinations.append(combination)
                continue
            }
            let hull = combination.ranges.map { tightHull($0, of: combination.represented, agds: agds) }
            let need = requiredOutside(hull, classIndex: combination.classIndex, agds: agds,
                                       minDiscrimination: minDiscrimination)
            do {
                let result = try Pruning.cheapestCover(Pruning.reduce(need.rows), candidates: hull.map(\.attribute),
                                                       costs: costs, solverSeconds: solverSeconds)
                outcome.problems += 1
                outcome.provenOptimal = outcome.provenOptimal && result.optimal
                let kept = hull.filter { result.chosen.contains($0.attribute) }
                outcome.combinations.append(regrown(kept, from: combination, need: need.perRow, agds: agds))
            } catch {
                outcome.unsolved += 1
                outcome.combinations.append(combination)
            }
        }
        return outcome
    }

    /// `range` shrunk to the smallest range holding the values of `rows` (a missing value
    /// bounds nothing); kept as it is when no row has a value.
    static func tightHull(_ range: BuiltRange, of rows: [Int], agds: AGDS) -> BuiltRange {
        let a = range.attribute
        let ranks = rows.map { agds.rank($0, a) }.filter { $0 >= 0 }
        guard let low = ranks.min(), let high = ranks.max() else { return range }
        var hull = range
        if agds.isNumeric[a] {
            hull.lo = low
            hull.hi = high
        } else {
            hull.categories = Set(ranks).sorted()
        }
        return hull
    }

    /// Whether row `j`'s value lies inside `range` (a missing value does).
    static func holds(_ range: BuiltRange, row j: Int, agds: AGDS) -> Bool {
        let r = agds.rank(j, range.attribute)
        if r < 0 { return true }
        return agds.isNumeric[range.attribute] ? range.lo <= r && r <= range.hi : range.categories.contains(r)
    }

    /// The covering rows of the hull box: per other-class row, the attributes whose hull
    /// range it lies outside of and how many of them must keep it out, min(d, available);
    /// also that number per row (0 for rows of the box's class).
    static func requiredOutside(_ hull: [BuiltRange], classIndex c: Int, agds: AGDS,
                                minDiscrimination: Int) -> (rows: [CoverRow], perRow: [Int]) {
        var rows: [CoverRow] = []
        var perRow = [Int](repeating: 0, count: agds.rowCount)
        for j in 0..<agds.rowCount where agds.labels[j] != c {
            let excluding = hull.filter { !holds($0, row: j, agds: agds) }.map(\.attribute)
            perRow[j] = min(minDiscrimination, excluding.count)
            if perRow[j] > 0 { rows.append(CoverRow(attributes: excluding, required: perRow[j])) }
        }
        return (rows, perRow)
    }

    /// `ranges` grown until blocked: one value neuron at a time, range by range in turn, a
    /// neuron joins unless one of its other-class rows would then be outside on fewer than
    /// `need` of the ranges. The box's class rows inside every range are what it represents.
    static func regrown(_ ranges: [BuiltRange], from combination: BuiltCombination, need: [Int],
                        agds: AGDS) -> BuiltCombination {
        let c = combination.classIndex
        var ranges = ranges
        var outside = [Int](repeating: 0, count: agds.rowCount)
        for j in 0..<agds.rowCount where agds.labels[j] != c {
            outside[j] = ranges.filter { !holds($0, row: j, agds: agds) }.count
        }
        // A neuron's other-class rows lie outside the range it would join: each loses one.
        func join(_ vn: Int) -> Bool {
            let rows = agds.objects(of: vn).map(Int.init).filter { agds.labels[$0] != c }
            guard rows.allSatisfy({ outside[$0] > need[$0] }) else { return false }
            for j in rows { outside[j] -= 1 }
            return true
        }
        // Per range: numeric sides still open, or the categories still to try (in order).
        var lowOpen = ranges.map { agds.isNumeric[$0.attribute] }
        var highOpen = lowOpen
        var untried = ranges.map { range -> [Int] in
            guard !agds.isNumeric[range.attribute] else { return [] }
            let offset = agds.vnOffset[range.attribute]
            return (0..<agds.valueCount(range.attribute))
                .filter { !range.categories.contains($0) && agds.size(of: offset + $0) > 0 }
        }
        var grew = true
        while grew {
            grew = false
            for k in ranges.indices {
                let a = ranges[k].attribute
                let offset = agds.vnOffset[a]
                // A blocked neuron stays blocked: rows only ever lose outside counts.
                if lowOpen[k] {
                    lowOpen[k] = ranges[k].lo > 0 && join(offset + ranges[k].lo - 1)
                    if lowOpen[k] { ranges[k].lo -= 1; grew = true }
                }
                if highOpen[k] {
                    highOpen[k] = ranges[k].hi < agds.valueCount(a) - 1 && join(offset + ranges[k].hi + 1)
                    if highOpen[k] { ranges[k].hi += 1; grew = true }
                }
                while let category = untried[k].first {
                    untried[k].removeFirst()
                    if join(offset + category) {
                        ranges[k].categories = (ranges[k].categories + [category]).sorted()
                        grew = true
                        break
                    }
                }
            }
        }
        let represented = (0..<agds.rowCount).filter { j in
            agds.labels[j] == c && ranges.allSatisfy { holds($0, row: j, agds: agds) }
        }
        return BuiltCombination(classIndex: c, seed: combination.seed, ranges: ranges, represented: represented,
                                ambiguous: false, conflicting: [])
    }
}
