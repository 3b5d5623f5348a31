import Foundation
import Testing
@testable import ASONN

/// Minimal-cost test selection with GLPK (spec 7b).
struct PruningTests {
    func costs(_ own: [Double], groups: [(cost: Double, members: [Int])] = []) -> TestCosts {
        var groupOf = [Int?](repeating: nil, count: own.count)
        for (g, group) in groups.enumerated() { for a in group.members { groupOf[a] = g } }
        return TestCosts(profileName: "t", unit: "", attributeCost: own, groupOf: groupOf,
                         groupNames: groups.indices.map { "g\($0)" }, groupCost: groups.map(\.cost))
    }

    @Test func reduceDropsDuplicatesAndImpliedRows() {
        let rows = [CoverRow(attributes: [0, 1], required: 1), CoverRow(attributes: [1], required: 1),
                    CoverRow(attributes: [1], required: 1), CoverRow(attributes: [0, 2], required: 1),
                    CoverRow(attributes: [0, 2, 3], required: 2), CoverRow(attributes: [0, 2, 3], required: 1)]
        let reduced = Set(Pruning.reduce(rows))
        // {1} implies {0,1}; {0,2} implies {0,2,3} >= 1 but not {0,2,3} >= 2.
        #expect(reduced == [CoverRow(attributes: [1], required: 1), CoverRow(attributes: [0, 2], required: 1),
                            CoverRow(attributes: [0, 2, 3], required: 2)])
    }

    @Test func cheapestCoverWithoutGroups() throws {
        // Rows {0,1}, {1,2}, {2,3}: costs 1, 5, 1, 1 -> {0, 2} at 2 (greedy by coverage would take 1 or 2 first).
        let rows = [CoverRow(attributes: [0, 1], required: 1), CoverRow(attributes: [1, 2], required: 1),
                    CoverRow(attributes: [2, 3], required: 1)]
        let result = try Pruning.cheapestCover(rows, candidates: [0, 1, 2, 3], costs: costs([1, 5, 1, 1]),
                                               solverSeconds: 5)
        #expect(result.chosen == [0, 2])
        #expect(result.optimal)
    }

    @Test func cheapestCoverUsesAGroupWhenItPays() throws {
        // Rows {0,2}, {1,3}. Attributes 0 and 1 share a group with fixed cost 4 and own cost 1;
        // 2 and 3 cost 3 each. Group: 4 + 1 + 1 = 6 beats 3 + 3 = 6? tie -> make 2, 3 cost 3.5.
        let rows = [CoverRow(attributes: [0, 2], required: 1), CoverRow(attributes: [1, 3], required: 1)]
        let pricing = costs([1, 1, 3.5, 3.5], groups: [(4, [0, 1])])
        let result = try Pruning.cheapestCover(rows, candidates: [0, 1, 2, 3], costs: pricing, solverSeconds: 5)
        #expect(result.chosen == [0, 1])  // 6 against 7
        #expect(pricing.cost(of: result.chosen) == 6)
    }

    @Test func cheapestCoverAvoidsAGroupWhenItDoesNot() throws {
        // The same rows with the group's fixed cost at 8: 2 and 3 (7) beat 0 and 1 (10),
        // and mixing (0 and 3: 8 + 1 + 3.5) is dearer still.
        let rows = [CoverRow(attributes: [0, 2], required: 1), CoverRow(attributes: [1, 3], required: 1)]
        let pricing = costs([1, 1, 3.5, 3.5], groups: [(8, [0, 1])])
        let result = try Pruning.cheapestCover(rows, candidates: [0, 1, 2, 3], costs: pricing, solverSeconds: 5)
        #expect(result.chosen == [2, 3])
    }

    @Test func discriminationTwoNeedsTwoAttributesPerRow() throws {
        let rows = [CoverRow(attributes: [0, 1, 2], required: 2)]
        let result = try Pruning.cheapestCover(rows, candidates: [0, 1, 2], costs: costs([1, 2, 3]), solverSeconds: 5)
        #expect(result.chosen == [0, 1])
    }

    static let pruneSettings: [(String, ASONNParameters)] = {
        var settings: [(String, ASONNParameters)] = []
        for stop in [ASONNParameters.StopRule.blocked, .positiveCoefficient] {
            for lambda in [0.0, 2.0] {
                for mode in [PruneMode.hypercuboid, .panel] {
                    var p = ASONNParameters()
                    p.stopRule = stop
                    p.lambda = lambda
                    p.prune = mode
                    settings.append(("\(stop.rawValue) lambda \(lambda) \(mode.rawValue)", p))
                }
            }
        }
        return settings
    }()

    @Test(arguments: ["heart", "pima", "bupa", "iris", "wine"])
    func pruningKeepsTheTrainingGuarantee(name: String) throws {
        let data = try bundled(name)
        let costs = name == "iris" || name == "wine"
            ? TestCosts.uniform(attributeCount: data.attributeCount)
            : try CostProfile.load(from: packageRoot.appendingPathComponent("CostProfiles/\(name).json").path)
                .resolve(for: data.attributes.map(\.name))
        for (label, parameters) in Self.pruneSettings {
            var unpruned = parameters
            unpruned.prune = .none
            let full = try ASONNClassifier(parameters: unpruned).fit(data, costs: costs)
            let model = try ASONNClassifier(parameters: parameters).fit(data, costs: costs)
            try model.validateStructure()
            try model.checkTrainingInvariants(on: data)
            #expect(model.predict(data) == data.labels, "\(name) \(label)")
            let summary = try #require(model.pruning)
            #expect(summary.provenOptimal)
            #expect(summary.rangesAfter <= summary.rangesBefore)
            #expect(model.panelCost <= full.panelCost + 1e-9, "\(name) \(label)")
            if parameters.prune == .hypercuboid {
                for (pruned, original) in zip(model.combinations, full.combinations) {
                    #expect(model.cost(of: pruned) <= full.cost(of: original) + 1e-9)
                }
            }
        }
    }

    @Test(arguments: ["heart", "pima", "bupa"])
    func seedSubsetsKeepTheGuaranteeAndCutCost(name: String) throws {
        let data = try bundled(name)
        let costs = try CostProfile.load(from: packageRoot.appendingPathComponent("CostProfiles/\(name).json").path)
            .resolve(for: data.attributes.map(\.name))
        var parameters = ASONNParameters()
        let full = try ASONNClassifier(parameters: parameters).fit(data, costs: costs)
        for d in [1, 2] {
            parameters.prune = .seed
            parameters.minDiscrimination = d
            let model = try ASONNClassifier(parameters: parameters).fit(data, costs: costs)
            try model.validateStructure()
            try model.checkTrainingInvariants(on: data)
            let summary = try #require(model.pruning)
            #expect(summary.mode == .seed && summary.provenOptimal)
            #expect(summary.rangesAfter < summary.rangesBefore)
            #expect(model.predictor().meanSequentialCost(data) < full.predictor().meanSequentialCost(data),
                    "\(name) d=\(d)")
        }
    }

    @Test func positiveStopRuleBoxesShrinkWhenPruned() throws {
        // Boxes that stop early keep ranges no weed needs: pruning removes them.
        var parameters = ASONNParameters.paper
        parameters.prune = .hypercuboid
        let model = try ASONNClassifier(parameters: parameters).fit(try bundled("heart"))
        let summary = try #require(model.pruning)
        #expect(summary.rangesAfter < summary.rangesBefore)
    }
}

/// One construction pruned in several modes, as trade-off studies build their models.
struct PruneFamilyTests {
    func heart() throws -> (Dataset, TestCosts) {
        let data = try bundled("heart")
        let costs = try CostProfile.load(from: packageRoot.appendingPathComponent("CostProfiles/heart.json").path)
            .resolve(for: data.attributes.map(\.name))
        return (data, costs)
    }

    @Test(arguments: [0.0, 2.0])
    func oneConstructionPrunedPerModeEqualsAFitPerMode(lambda: Double) throws {
        let (data, costs) = try heart()
        // The poster's variant: its boxes do not grow until blocked, so pruning removes ranges.
        var parameters = ASONNParameters(variant: .paper)
        parameters.lambda = lambda
        let modes: [PruneMode] = [.none, .hypercuboid, .panel]
        var timings: [Double] = []
        let family = try ASONNClassifier(parameters: parameters).fit(data, costs: costs, pruneModes: modes) {
            timings.append($0)
        }
        #expect(timings.count == 4 && timings.allSatisfy { $0 >= 0 })
        for (mode, model) in zip(modes, family) {
            var single = parameters
            single.prune = mode
            #expect(model == (try ASONNClassifier(parameters: single).fit(data, costs: costs)), "\(mode)")
        }
        // Pruning did work here, or the comparison above would prove little.
        #expect(family[1].rangeCount < family[0].rangeCount && family[2].rangeCount < family[0].rangeCount)
    }

    @Test func aFamilyRefusesModesThatNeedTheConstruction() throws {
        let (data, costs) = try heart()
        for mode in [PruneMode.seed, .hull] {
            #expect(throws: ParameterError.self) {
                try ASONNClassifier().fit(data, costs: costs, pruneModes: [.none, mode])
            }
        }
    }

    /// The covering rows, told apart by a bit per range, are the plain definition's: per
    /// other-class training row, the attributes whose known value lies outside the range.
    @Test(arguments: ["bupa", "heart", "iris"])
    func coverRowsAreEachOtherClassRowsExclusionsOnce(name: String) throws {
        let data = try bundled(name)
        var parameters = ASONNParameters()
        parameters.minDiscrimination = 2
        let model = try ASONNClassifier(parameters: parameters).fit(data)
        for combination in model.combinations {
            var plain = Set<CoverRow>()
            for i in 0..<data.rowCount where data.labels[i] != combination.classIndex {
                let excluding = combination.ranges.filter { range in
                    let x = data.value(i, range.attribute)
                    return !x.isNaN && !model.contains(range, x)
                }.map(\.attribute).sorted()
                if !excluding.isEmpty {
                    plain.insert(CoverRow(attributes: excluding, required: min(2, excluding.count)))
                }
            }
            let rows = Pruning.coverRows(of: combination, in: model, data: data)
            #expect(rows.count == Set(rows).count)
            #expect(Set(rows) == plain)
        }
    }
}
