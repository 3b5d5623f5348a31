import Foundation
import Testing
@testable import ASONN

/// Hull pruning (`PruneMode.hull`): the cheapest tests that keep other-class rows out of
/// the tight hull of a box's rows, then growth on those tests alone.
struct HullPruningTests {
    static func numeric(_ rows: [[Double]], labels: [Int]) throws -> Dataset {
        let width = rows.first?.count ?? 0
        return try Dataset(name: "hand", attributes: (0..<width).map { Attribute(name: "a\($0)", kind: .numeric) },
                           targetName: "class", classes: ["x", "y"], values: rows.flatMap { $0 }, labels: labels)
    }

    /// x rows (1,1), (2,2), (3,0); y rows (0,3), (3,3), (1,4). The box a in [1,2], b in [0,3]
    /// represents the first two and is grown until blocked: (0,3) blocks a below, (3,3) a
    /// above, (1,4) b above, and b reached its lowest value. Each of (0,3) and (1,4) is kept
    /// out by one range only, so the old pruning keeps both.
    static func blockedBox() throws -> (data: Dataset, box: BuiltCombination) {
        let data = try numeric([[1, 1], [2, 2], [3, 0], [0, 3], [3, 3], [1, 4]], labels: [0, 0, 0, 1, 1, 1])
        let box = BuiltCombination(classIndex: 0, seed: 0,
                                   ranges: [BuiltRange(attribute: 0, lo: 1, hi: 2, categories: []),
                                            BuiltRange(attribute: 1, lo: 0, hi: 3, categories: [])],
                                   represented: [0, 1], ambiguous: false, conflicting: [])
        return (data, box)
    }

    @Test func theOldPruningKeepsBothRangesOfTheBlockedBox() throws {
        let (data, box) = try Self.blockedBox()
        var parameters = ASONNParameters()
        parameters.boxBounds = .grown
        let model = ASONNClassifier(parameters: parameters).assemble([box], agds: AGDS(data), data: data)
        #expect(model.rangeCount == 2)
        #expect(try model.pruned(on: data, mode: .hypercuboid).rangeCount == 2)
    }

    /// At the hull a in [1,2], b in [1,2], (0,3) and (3,3) are out on both attributes and
    /// (1,4) on b: b alone suffices. Grown again on b, the box takes b = 0 (only the x row
    /// (3,0) there) and stops at b = 3 ((0,3) would get in): b in [0,2], three rows.
    @Test func hullPruningKeepsOneRangeAndRegrowsIt() throws {
        let (data, box) = try Self.blockedBox()
        let outcome = HullPruning.prune([box], agds: AGDS(data), costs: .uniform(attributeCount: 2),
                                        minDiscrimination: 1, solverSeconds: 5)
        #expect(outcome.problems == 1 && outcome.provenOptimal && outcome.unsolved == 0)
        let pruned = try #require(outcome.combinations.first)
        #expect(pruned.ranges == [BuiltRange(attribute: 1, lo: 0, hi: 2, categories: [])])
        #expect(pruned.represented == [0, 1, 2])
    }

    /// Through assembly: the regrown b range reaches b's lowest value, so midway bounds
    /// leave its lower side open and its upper one at b = 2 (midway in value ranks).
    @Test func theAssembledRuleHasOneConditionAndKeepsTheGuarantee() throws {
        let (data, box) = try Self.blockedBox()
        let agds = AGDS(data)
        let outcome = HullPruning.prune([box], agds: agds, costs: .uniform(attributeCount: 2),
                                        minDiscrimination: 1, solverSeconds: 5)
        let model = ASONNClassifier().assemble(outcome.combinations, agds: agds, data: data)
        let rule = try #require(model.combinations.first)
        #expect(rule.ranges.count == 1 && rule.ranges[0].attribute == 1)
        #expect(rule.ranges[0].weight == 1 && rule.represented == 3)
        for j in 3...5 { #expect(!model.contains(rule, row: data.row(j))) }
    }

    /// x rows (1,1,1), (2,2,2); y rows (0,1,0), out of the hull on a0 and a2, and (1,0,3),
    /// out on a1 and a2. a0 and a1 cost 1 each in a group with a fixed cost; a2 costs 6.5.
    /// Fixed cost 4: a0 and a1 together cost 6 and win; fixed cost 5: they cost 7 and a2 wins.
    @Test(arguments: [(4.0, [0, 1]), (5.0, [2])])
    func theProgramSharesAGroupsFixedCost(fixed: Double, kept: [Int]) throws {
        let data = try Self.numeric([[1, 1, 1], [2, 2, 2], [0, 1, 0], [1, 0, 3]], labels: [0, 0, 1, 1])
        let box = BuiltCombination(classIndex: 0, seed: 0,
                                   ranges: (0..<3).map { BuiltRange(attribute: $0, lo: 1, hi: 2, categories: []) },
                                   represented: [0, 1], ambiguous: false, conflicting: [])
        let costs = TestCosts(profileName: "t", unit: "", attributeCost: [1, 1, 6.5], groupOf: [0, 0, nil],
                              groupNames: ["g"], groupCost: [fixed])
        let outcome = HullPruning.prune([box], agds: AGDS(data), costs: costs, minDiscrimination: 1,
                                        solverSeconds: 5)
        let pruned = try #require(outcome.combinations.first)
        #expect(pruned.ranges.map(\.attribute) == kept)
        // Every y row is still out of the box on a kept range.
        #expect(pruned.represented == [0, 1])
    }

    /// A categorical range's hull is its rows' categories; regrowth adds the categories no
    /// other-class row blocks. x rows (c0, 1), (c1, 2); y rows (c2, 1.5) and (c0, 3).
    @Test func categoricalHullsRegrowByCategory() throws {
        let attributes = [Attribute(name: "k", kind: .categorical(categories: ["c0", "c1", "c2", "c3"])),
                          Attribute(name: "v", kind: .numeric)]
        let data = try Dataset(name: "cat", attributes: attributes, targetName: "class", classes: ["x", "y"],
                               values: [0, 1, 1, 2, 2, 1.5, 0, 3, 3, 0], labels: [0, 0, 1, 1, 0])
        // The box: k in {c0, c1, c3}, v in [1, 2] (ranks 1...3 of 0, 1, 1.5, 2, 3); it represents rows 0 and 1.
        let box = BuiltCombination(classIndex: 0, seed: 0,
                                   ranges: [BuiltRange(attribute: 0, lo: 0, hi: 0, categories: [0, 1, 3]),
                                            BuiltRange(attribute: 1, lo: 1, hi: 3, categories: [])],
                                   represented: [0, 1], ambiguous: false, conflicting: [])
        let outcome = HullPruning.prune([box], agds: AGDS(data), costs: .uniform(attributeCount: 2),
                                        minDiscrimination: 1, solverSeconds: 5)
        let pruned = try #require(outcome.combinations.first)
        // Hull: k in {c0, c1}, v in [1, 2]. (c2, 1.5) is out on k only, (c0, 3) on v only: both stay,
        // and k grows back to c3 (only an x row there), v down to 0 (the same row).
        #expect(pruned.ranges == [BuiltRange(attribute: 0, lo: 0, hi: 0, categories: [0, 1, 3]),
                                  BuiltRange(attribute: 1, lo: 0, hi: 3, categories: [])])
        #expect(pruned.represented == [0, 1, 4])
    }

    static let hullSettings: [(String, ASONNParameters)] = {
        var settings: [(String, ASONNParameters)] = []
        for d in [1, 2] {
            for bounds in BoxBounds.allCases {
                var p = ASONNParameters()
                p.prune = .hull
                p.minDiscrimination = d
                p.boxBounds = bounds
                settings.append(("d=\(d) \(bounds.rawValue)", p))
            }
        }
        var paper = ASONNParameters.paper
        paper.prune = .hull
        settings.append(("paper", paper))
        return settings
    }()

    /// The training guarantee, and per rule no more cost than the unpruned rule (the
    /// unpruned box's ranges are one solution of the hull's program).
    func checkGuarantee(_ data: Dataset, costs: TestCosts?, label: String) throws {
        for (name, parameters) in Self.hullSettings {
            var plain = parameters
            plain.prune = .none
            let full = try ASONNClassifier(parameters: plain).fit(data, costs: costs)
            let model = try ASONNClassifier(parameters: parameters).fit(data, costs: costs)
            try model.validateStructure()
            try model.checkTrainingInvariants(on: data)
            if !hasConflictingRows(data) {
                #expect(model.predict(data) == data.labels, "\(label) \(name)")
            }
            let summary = try #require(model.pruning)
            #expect(summary.mode == .hull && summary.rangesBefore == full.rangeCount, "\(label) \(name)")
            #expect(summary.rangesAfter == model.rangeCount)
            #expect(model.combinations.count == full.combinations.count)
            guard summary.provenOptimal, summary.unsolved == 0 else { continue }
            for (pruned, original) in zip(model.combinations, full.combinations) {
                #expect(model.cost(of: pruned) <= full.cost(of: original) + 1e-9, "\(label) \(name)")
                #expect(pruned.represented >= original.represented, "\(label) \(name)")
            }
        }
    }

    @Test(arguments: ["heart", "pima", "bupa", "iris", "wine"])
    func bundledDataKeepsTheGuarantee(name: String) throws {
        let data = try bundled(name)
        let costs = name == "iris" || name == "wine" ? nil
            : try CostProfile.load(from: packageRoot.appendingPathComponent("CostProfiles/\(name).json").path)
                .resolve(for: data.attributes.map(\.name))
        try checkGuarantee(data, costs: costs, label: name)
    }

    /// Random data with missing values and categorical attributes.
    @Test(arguments: 0..<40)
    func randomDataKeepsTheGuarantee(seed: Int) throws {
        try checkGuarantee(randomDataset(seed: UInt64(seed)), costs: nil, label: "random \(seed)")
    }

    /// Near-equal values, huge spans, far outliers.
    @Test(arguments: 0..<40)
    func awkwardDataKeepsTheGuarantee(seed: Int) throws {
        try checkGuarantee(TrainingGuaranteeTests.awkwardDataset(seed: UInt64(seed)), costs: nil,
                           label: "awkward \(seed)")
    }

    /// With bounds as grown the old pruning provably removes nothing; hull pruning removes
    /// ranges and cost per rule. With midway bounds (the default) the old pruning removes a
    /// few ranges (pulled-back bounds leave gaps too) and hull pruning more.
    @Test(arguments: ["heart", "pima", "bupa"])
    func hullPruningRemovesWhatTheOldPruningCannot(name: String) throws {
        let data = try bundled(name)
        let costs = try CostProfile.load(from: packageRoot.appendingPathComponent("CostProfiles/\(name).json").path)
            .resolve(for: data.attributes.map(\.name))
        for bounds in [BoxBounds.grown, .midway] {
            var parameters = ASONNParameters()
            parameters.boxBounds = bounds
            parameters.prune = .hypercuboid
            let old = try #require(try ASONNClassifier(parameters: parameters).fit(data, costs: costs).pruning)
            if bounds == .grown { #expect(old.rangesAfter == old.rangesBefore, "\(name)") }
            parameters.prune = .hull
            let hull = try #require(try ASONNClassifier(parameters: parameters).fit(data, costs: costs).pruning)
            #expect(hull.rangesBefore == old.rangesBefore)
            #expect(hull.rangesAfter < old.rangesAfter, "\(name) \(bounds)")
            let before = try #require(hull.ruleCostBefore), after = try #require(hull.ruleCostAfter)
            #expect(after < before)
            #expect(hull.provenOptimal && hull.unsolved == 0)
        }
    }

    @Test func hullPruningIsDeterministicAndSurvivesSaving() throws {
        let data = try bundled("heart")
        var parameters = ASONNParameters()
        parameters.prune = .hull
        let first = try ASONNClassifier(parameters: parameters).fit(data)
        let second = try ASONNClassifier(parameters: parameters).fit(data)
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        #expect(try encoder.encode(first) == encoder.encode(second))
        let loaded = try JSONDecoder().decode(ASONNModel.self, from: encoder.encode(first))
        #expect(loaded.pruning == first.pruning)
        #expect(loaded.predict(data) == first.predict(data))
    }

    @Test func pruningAFittedModelByHullLeavesItUnchanged() throws {
        let data = try bundled("iris")
        let model = try ASONNClassifier().fit(data)
        #expect(try model.pruned(on: data, mode: .hull).combinations == model.combinations)
    }
}
