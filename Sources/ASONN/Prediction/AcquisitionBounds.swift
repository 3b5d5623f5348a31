/// The bounds of every combination's excitation during sequential acquisition, kept up to
/// date test by test, and what each unmeasured test could still settle.
///
/// A test changes only the terms of the ranges on it, so each term is added once, when its
/// test is measured, instead of summing every range again after every test. Sums therefore
/// run in measurement order (and, within one test, in range order): the measured terms
/// w * output and their weights are added, and the open weight starts at the combination's
/// total and loses each measured range's weight (never below 0; exactly 0 once no range is
/// open). The final scores are computed in range order, so bounds and scores may differ by
/// rounding, which the stop's margin absorbs.
///
/// A combination is *live* while its excitation is still open (lower < upper) and it could
/// still be its class's best (upper >= the class's lower bound). Once lost, it is lost for
/// good (lower bounds only rise and upper bounds only fall, up to rounding), so each test's
/// value, the weight share of the live combinations with a range on it, is kept as a sum
/// that combinations leave once; in fixed point (`CompiledCombinations.weightShare`), so it
/// stays exact.
struct AcquisitionBounds {
    /// The sums behind one combination's bounds.
    private struct Sums {
        var weighted = 0.0, weights = 0.0, open: Double
        var openRanges: Int
        var holds = true
    }

    /// Per combination (scoring position): lower and upper bound of its excitation.
    private(set) var lower: [Double]
    private(set) var upper: [Double]
    /// Per attribute: the weight shares of the live combinations with a range on it, and
    /// how many they are.
    private(set) var liveShare: [Int64]
    private(set) var liveCount: [Int]
    private var sums: [Sums]
    /// The live combinations, in position order.
    private var live: [Int]

    /// Nothing measured (`reset(_:)`).
    init(_ tables: CompiledCombinations) {
        sums = []
        lower = []
        upper = []
        live = []
        liveShare = []
        liveCount = []
        reset(tables)
    }

    /// Back to nothing measured, keeping the storage: a combination without ranges scores
    /// 1; any other may score anything from 0 up to 1, and is live.
    mutating func reset(_ tables: CompiledCombinations) {
        let count = tables.combinationCount, rangeStart = tables.rangeStart, totalWeight = tables.totalWeight
        sums.removeAll(keepingCapacity: true)
        lower.removeAll(keepingCapacity: true)
        live.removeAll(keepingCapacity: true)
        for k in 0..<count {
            let openRanges = rangeStart[k + 1] - rangeStart[k]
            sums.append(Sums(open: totalWeight[k], openRanges: openRanges))
            lower.append(openRanges == 0 ? 1 : 0)
            if openRanges > 0 { live.append(k) }
        }
        upper.removeAll(keepingCapacity: true)
        upper.append(contentsOf: repeatElement(1, count: count))
        liveShare.removeAll(keepingCapacity: true)
        liveShare.append(contentsOf: tables.weightShareTotal)
        let on = tables.combinationsOnStart
        liveCount.removeAll(keepingCapacity: true)
        for a in 0..<tables.weightShareTotal.count { liveCount.append(on[a + 1] - on[a]) }
    }

    /// Takes in test `attribute` measured as `x` (NaN: missing, its terms drop out) and
    /// bounds again the combinations with a range on it.
    mutating func measure(_ attribute: Int, value x: Double, tables: CompiledCombinations) {
        let ranges = tables.rangesOnStart[attribute]..<tables.rangesOnStart[attribute + 1]
        let list = tables.rangesOnList, owners = tables.rangeOwner, weight = tables.weight
        sums.withUnsafeMutableBufferPointer { sums in
            for i in ranges {
                let r = list[i], k = owners[r], w = weight[r]
                sums[k].open = max(sums[k].open - w, 0)
                sums[k].openRanges -= 1
                if x.isNaN { continue }
                let (output, inside) = tables.output(ofRange: r, for: x)
                sums[k].weighted += w * output
                sums[k].weights += w
                if !inside { sums[k].holds = false }
            }
        }
        let touched = tables.combinationsOnStart[attribute]..<tables.combinationsOnStart[attribute + 1]
        let positions = tables.combinationsOnList, ceiling = ASONNModel.outsideCeiling
        sums.withUnsafeMutableBufferPointer { sums in
            lower.withUnsafeMutableBufferPointer { lower in
                upper.withUnsafeMutableBufferPointer { upper in
                    for i in touched {
                        let k = positions[i]
                        if sums[k].openRanges == 0 { sums[k].open = 0 }
                        let s = sums[k], total = s.weights + s.open
                        // Only a rule that holds the row on every test, with none open, is sure to
                        // score 1; one that still holds it may reach 1; any other stays below.
                        let settled = s.holds && s.openRanges == 0
                        lower[k] = settled ? 1 : total > 0 ? min(s.weighted / total, ceiling) : 0
                        upper[k] = s.holds ? 1 : total > 0 ? min((s.weighted + s.open) / total, ceiling) : 0
                    }
                }
            }
        }
    }

    /// Per class, the highest lower and upper bound of its combinations (-1 for a class
    /// without any), into `lower` and `upper`; and the most support (training rows
    /// represented) of a combination sure to score 1 (`settled`) and of one that may still
    /// reach 1 (`reaching`), -1 for none: what `Predictor.settledTieWinner` decides by.
    /// One pass over the combinations, at every step of acquisition.
    func classBounds(lower classLower: inout [Double], upper classUpper: inout [Double], settled: inout [Int],
                     reaching: inout [Int], tables: CompiledCombinations) {
        for c in classLower.indices {
            classLower[c] = -1
            classUpper[c] = -1
            settled[c] = -1
            reaching[c] = -1
        }
        let classIndex = tables.classIndex, represented = tables.represented
        lower.withUnsafeBufferPointer { lower in
            upper.withUnsafeBufferPointer { upper in
                for k in lower.indices {
                    let c = classIndex[k]
                    classLower[c] = max(classLower[c], lower[k])
                    classUpper[c] = max(classUpper[c], upper[k])
                    if lower[k] == 1 { settled[c] = max(settled[c], represented[k]) }
                    if upper[k] >= 1 { reaching[c] = max(reaching[c], represented[k]) }
                }
            }
        }
    }

    /// Removes from the live set, and from every test's sums, the combinations that are
    /// settled or can no longer reach their class's lower bound `classLower`.
    mutating func dropSettled(classLower: [Double], tables: CompiledCombinations) {
        let classIndex = tables.classIndex, shareStart = tables.shareStart
        let shareAttribute = tables.shareAttribute, weightShare = tables.weightShare
        var kept = 0
        live.withUnsafeMutableBufferPointer { live in
            lower.withUnsafeBufferPointer { lower in
                upper.withUnsafeBufferPointer { upper in
                    for i in live.indices {
                        let k = live[i]
                        if lower[k] < upper[k] && upper[k] >= classLower[classIndex[k]] {
                            live[kept] = k
                            kept += 1
                            continue
                        }
                        for s in shareStart[k]..<shareStart[k + 1] {
                            let a = shareAttribute[s]
                            liveShare[a] &-= weightShare[s]
                            liveCount[a] -= 1
                        }
                    }
                }
            }
        }
        live.removeLast(live.count - kept)
    }
}
