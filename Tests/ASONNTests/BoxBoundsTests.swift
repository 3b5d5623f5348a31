import Foundation
import Testing
@testable import ASONN

/// Where a finished box's numeric bounds sit (`BoxBounds`): the same construction, bounds
/// pulled back towards the represented rows, every training guarantee kept.
struct BoxBoundsTests {
    static func fit(_ data: Dataset, _ bounds: BoxBounds) throws -> ASONNModel {
        var parameters = ASONNParameters()
        parameters.boxBounds = bounds
        return try ASONNClassifier(parameters: parameters).fit(data)
    }

    /// Class A at x = 1, 2 (y = 0); class B at (1, 5), at x = 3, 4 with y = 5, and at (10, 0).
    /// A's box cannot grow on y (B at (1, 5) would be inside), so it grows on x over 3 and 4
    /// (their B rows are kept out by y) until x = 10 blocks it: grown x <= 4 (rank 3), hull
    /// x <= 2 (rank 1), midway rank (1 + 3) / 2 = 2, x <= 3.
    static func corridor() throws -> Dataset {
        let values: [Double] = [1, 0, 2, 0, 1, 5, 3, 5, 4, 5, 10, 0]
        return try Dataset(name: "corridor", attributes: [Attribute(name: "x", kind: .numeric),
                                                           Attribute(name: "y", kind: .numeric)],
                            targetName: "c", classes: ["A", "B"], values: values, labels: [0, 0, 1, 1, 1, 1])
    }

    @Test func boundsAreHandComputedOnACorridor() throws {
        var uppers: [BoxBounds: Double] = [:]
        for bounds in BoxBounds.allCases {
            let model = try Self.fit(try Self.corridor(), bounds)
            let boxA = try #require(model.combinations.first { $0.classIndex == 0 })
            let x = try #require(boxA.ranges.first { $0.attribute == 0 })
            // The lower end is the attribute's training minimum: it stays open.
            #expect(x.lower == 1, "\(bounds)")
            uppers[bounds] = x.upper
        }
        #expect(uppers == [.grown: 4, .midway: 3, .hull: 2])
    }

    /// The three placements share one construction: the same combinations with the same
    /// ranges, each hull bound inside the midway one, inside the grown one; the hull bound is
    /// the outermost value of a represented row; and every model keeps the training guarantee.
    @Test(arguments: 0..<40)
    func placementsNestAndKeepTheGuarantee(seed: Int) throws {
        let data = randomDataset(seed: UInt64(seed))
        let grown = try Self.fit(data, .grown), midway = try Self.fit(data, .midway), hull = try Self.fit(data, .hull)
        try #require(grown.combinations.count == midway.combinations.count
                     && grown.combinations.count == hull.combinations.count)
        for k in grown.combinations.indices {
            let g = grown.combinations[k], m = midway.combinations[k], h = hull.combinations[k]
            #expect(g.represented == m.represented && g.represented == h.represented)
            try #require(g.ranges.map(\.attribute) == m.ranges.map(\.attribute)
                         && g.ranges.map(\.attribute) == h.ranges.map(\.attribute))
            for r in g.ranges.indices where !g.ranges[r].isCategorical {
                let (gr, mr, hr) = (g.ranges[r], m.ranges[r], h.ranges[r])
                #expect(gr.lower <= mr.lower && mr.lower <= hr.lower, "seed \(seed) box \(k)")
                #expect(hr.upper <= mr.upper && mr.upper <= gr.upper, "seed \(seed) box \(k)")
            }
        }
        for model in [midway, hull] {
            try model.validateStructure()
            try model.checkTrainingInvariants(on: data)
            if !hasConflictingRows(data) { #expect(model.predict(data) == data.labels, "seed \(seed)") }
        }
        // A hull bound that moved is the value of some represented row (of the box's class,
        // inside it on every range).
        for box in hull.combinations {
            let rows = (0..<data.rowCount).filter { i in
                data.labels[i] == box.classIndex && box.ranges.allSatisfy { range in
                    let x = data.value(i, range.attribute)
                    return x.isNaN || hull.contains(range, x)
                }
            }
            for range in box.ranges where !range.isCategorical {
                let values = rows.map { data.value($0, range.attribute) }.filter { !$0.isNaN }
                let domain = hull.attributes[range.attribute]
                if range.upper < (domain.maximum ?? .infinity) { #expect(values.contains(range.upper)) }
                if range.lower > (domain.minimum ?? -.infinity) { #expect(values.contains(range.lower)) }
            }
        }
    }

    /// A model file written before box bounds existed has no such parameter: it was built
    /// with grown bounds and loads as such.
    @Test func aModelFileWithoutBoxBoundsLoadsAsGrown() throws {
        let model = try Self.fit(try Self.corridor(), .grown)
        var json = try #require(try JSONSerialization.jsonObject(with: model.jsonData()) as? [String: Any])
        var parameters = try #require(json["parameters"] as? [String: Any])
        #expect(parameters["boxBounds"] as? String == "grown")
        parameters.removeValue(forKey: "boxBounds")
        json["parameters"] = parameters
        let loaded = try ASONNModel.decode(try JSONSerialization.data(withJSONObject: json), file: "old.json")
        #expect(loaded.parameters.boxBounds == .grown)
        #expect(loaded == model)
    }

    @Test func thePaperVariantKeepsGrownBoundsAndTheDefaultIsMidway() {
        #expect(ASONNParameters.paper.boxBounds == .grown)
        #expect(ASONNParameters().boxBounds == .midway)
    }
}
