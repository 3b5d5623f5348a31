import Foundation

/// The first decisions of a test plan as a small tree: the first test, then, by what the
/// cases of the plan showed, which of its values led the model to stop with which class and
/// which to order which test next, each branch with its share of all the cases.
public struct PolicyNode: Codable, Equatable, Sendable {
    /// The test measured at this point (attribute name).
    public var test: String
    /// The cases' ways on from here, the most frequent first.
    public var branches: [PolicyBranch]
}

/// One way on from a test: the values of that test among the cases that took it, and what
/// the model did next.
public struct PolicyBranch: Codable, Equatable, Sendable {
    /// The test's values among these cases: for a numeric test the distinct values when
    /// there are at most `PolicyBranch.listedValues` of them, else the intervals (lowest,
    /// highest) that the cases of this branch fill when all the node's cases are sorted by
    /// the value (at most `PolicyBranch.listedIntervals`), else the lowest and highest; for
    /// a categorical test the categories seen; `missing` when some case had no value.
    public var values: [Double]?
    public var intervals: [[Double]]?
    public var lowest: Double?
    public var highest: Double?
    public var categories: [String]?
    public var missing: Bool
    /// Share of all the plan's cases that took this branch.
    public var share: Double
    /// Stop with this class, or order `nextTest` (expanded in `then` within the tree's depth).
    public var stop: String?
    public var nextTest: String?
    public var then: PolicyNode?

    /// At most this many distinct numeric values are listed one by one.
    public static let listedValues = 6
    /// At most this many intervals are listed; a branch with more shows its lowest and highest.
    public static let listedIntervals = 3
}

extension ASONNModel {
    /// The policy tree of sequential acquisition on `data`'s rows, given each row's tests in
    /// order (`paths`) and final classes: `depth` tests deep. Nil when no case measures a test.
    func policy(paths: [[Int]], classes answers: [Int], data: Dataset, depth: Int = 3) -> PolicyNode? {
        let cases = paths.indices.filter { !paths[$0].isEmpty }
        guard !cases.isEmpty, depth >= 1 else { return nil }
        return policyNode(cases: cases, step: 0, paths: paths, answers: answers, data: data, depth: depth)
    }

    /// The node of the cases that share their first `step` + 1 tests.
    private func policyNode(cases: [Int], step: Int, paths: [[Int]], answers: [Int], data: Dataset,
                            depth: Int) -> PolicyNode {
        let test = paths[cases[0]][step]
        // Group by what came next: another test (its index) or a stop (-1 - class).
        func next(_ r: Int, after step: Int) -> Int {
            paths[r].count > step + 1 ? paths[r][step + 1] : -1 - answers[r]
        }
        func key(_ r: Int) -> Int { next(r, after: step) }
        func value(_ r: Int, _ a: Int) -> Double { data.values[r * data.attributeCount + a] }
        // A value as a dictionary key: every missing value one key, 0 and -0 one key.
        func bits(_ v: Double) -> UInt64 { v.isNaN ? .max : v == 0 ? 0 : v.bitPattern }
        var grouped: [Int: [Int]] = [:]
        for r in cases { grouped[key(r), default: []].append(r) }
        // Cases that order the same test are one branch, unless what they do after it depends
        // on this test's value as well as on its own (some value of it leads two ways): then,
        // for a test of a few values, the values are split into branches whose cases agree
        // on where each value of the next test leads, so that none shows in two of its branches.
        var groups: [(key: Int, value: Double?, members: [Int])] = []
        for (key, members) in grouped {
            let present = Set(members.map { value($0, test) }.filter { !$0.isNaN })
            var ways: [UInt64: Int] = [:]
            let dependsOnThis = key >= 0 && present.count > 1 && present.count <= PolicyBranch.listedValues
                && members.contains { r in
                    let way = next(r, after: step + 1)
                    return ways.updateValue(way, forKey: bits(value(r, key))).map { $0 != way } ?? false
                }
            guard dependsOnThis else {
                groups.append((key, nil, members))
                continue
            }
            var byValue: [UInt64: [Int]] = [:]
            for r in members { byValue[bits(value(r, test)), default: []].append(r) }
            // Each value (lowest first, missing last) joins the first branch it agrees with.
            func order(_ part: [Int]) -> Double { value(part[0], test).isNaN ? .infinity : value(part[0], test) }
            var merged: [(ways: [UInt64: Int], members: [Int])] = []
            for part in byValue.values.sorted(by: { order($0) < order($1) }) {
                var partWays: [UInt64: Int] = [:]
                for r in part { partWays[bits(value(r, key))] = next(r, after: step + 1) }
                if let m = merged.firstIndex(where: { group in
                    partWays.allSatisfy { bits, way in group.ways[bits].map { $0 == way } ?? true }
                }) {
                    merged[m].ways.merge(partWays) { old, _ in old }
                    merged[m].members += part
                } else {
                    merged.append((partWays, part))
                }
            }
            for group in merged { groups.append((key, order(group.members), group.members)) }
        }
        let total = Double(max(paths.count, 1))
        let runs = attributes[test].numeric ? valueRuns(cases: cases, test: test, data: data, key: key) : [:]
        // The most frequent first; then by what follows, then by value (missing last).
        groups.sort { a, b in
            if a.members.count != b.members.count { return a.members.count > b.members.count }
            if a.key != b.key { return a.key < b.key }
            let x = a.value.map { $0.isNaN ? Double.infinity : $0 } ?? -.infinity
            let y = b.value.map { $0.isNaN ? Double.infinity : $0 } ?? -.infinity
            return x < y
        }
        let branches = groups.map { key, _, members in
            var branch = PolicyBranch(missing: false, share: Double(members.count) / total)
            let values = members.map { data.values[$0 * data.attributeCount + test] }
            let present = values.filter { !$0.isNaN }
            branch.missing = present.count < values.count
            if attributes[test].numeric {
                let distinct = Set(present).sorted()
                if distinct.count <= PolicyBranch.listedValues {
                    branch.values = distinct
                } else if let own = runs[key], own.count <= PolicyBranch.listedIntervals {
                    branch.intervals = own
                } else {
                    branch.lowest = distinct.first
                    branch.highest = distinct.last
                }
            } else {
                let names = attributes[test].categories ?? []
                let seen = Set(present.compactMap { Int(exactly: $0) }).sorted()
                branch.categories = seen.filter(names.indices.contains).map { names[$0] }
            }
            if key < 0 {
                let c = -1 - key
                branch.stop = classes.indices.contains(c) ? classes[c] : nil
            } else {
                branch.nextTest = attributes[key].name
                if step + 1 < depth {
                    branch.then = policyNode(cases: members, step: step + 1, paths: paths, answers: answers,
                                             data: data, depth: depth)
                }
            }
            return branch
        }
        return PolicyNode(test: attributes[test].name, branches: branches)
    }

    /// The node's cases with a value of `test`, sorted by it (then row), cut into runs of
    /// equal `key`: per key, its runs as [lowest, highest].
    private func valueRuns(cases: [Int], test: Int, data: Dataset, key: (Int) -> Int) -> [Int: [[Double]]] {
        func value(_ r: Int) -> Double { data.values[r * data.attributeCount + test] }
        let sorted = cases.filter { !value($0).isNaN }.sorted { (value($0), $0) < (value($1), $1) }
        var runs: [Int: [[Double]]] = [:]
        var start = 0
        for i in sorted.indices where i + 1 == sorted.count || key(sorted[i + 1]) != key(sorted[start]) {
            runs[key(sorted[start]), default: []].append([value(sorted[start]), value(sorted[i])])
            start = i + 1
        }
        return runs
    }
}
