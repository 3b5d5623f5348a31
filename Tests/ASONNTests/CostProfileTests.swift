import Foundation
import Testing
@testable import ASONN

struct CostProfileTests {
    static let attributes = ["a", "b", "c", "d"]
    static let profile = CostProfile(
        name: "t", unit: "EUR", costs: ["a": 1, "b": 2, "c": 0.5, "d": 10],
        groups: [.init(name: "draw", cost: 4, members: ["b", "c"])])

    @Test func costsWithAndWithoutGroups() throws {
        let costs = try Self.profile.resolve(for: Self.attributes)
        #expect(costs.cost(of: [Int]()) == 0)
        #expect(costs.cost(of: [0]) == 1)
        #expect(costs.cost(of: [0, 3]) == 11)
        #expect(costs.cost(of: [1]) == 6)          // draw 4 + b 2
        #expect(costs.cost(of: [1, 2]) == 6.5)     // draw paid once: 4 + 2 + .5
        #expect(costs.cost(of: [2, 1, 2]) == 6.5)  // repeats count once
        #expect(costs.totalCost == 17.5)
        #expect(costs.standAloneCost(2) == 4.5)
        #expect(costs.standAloneCost(3) == 10)
    }

    /// The flag form sequential acquisition uses prices every subset as the list form does.
    @Test func costOfFlagsEqualsCostOfTheListOnEverySubset() throws {
        let costs = try Self.profile.resolve(for: Self.attributes)
        for subset in 0..<16 {
            let flags = (0..<4).map { subset & (1 << $0) != 0 }
            let list = flags.indices.filter { flags[$0] }.reversed()
            #expect(costs.cost(measured: flags) == costs.cost(of: list), "subset \(flags)")
        }
        #expect(costs.cost(measured: [false, true, true, false]) == 6.5)
    }

    @Test func rankingWeights() throws {
        let costs = try Self.profile.resolve(for: Self.attributes)
        // Stand-alone prices 1, 6, 4.5, 10; mean 5.375.
        #expect(costs.rankingWeights(lambda: 0) == [1, 1, 1, 1])
        let w = costs.rankingWeights(lambda: 2)
        #expect(abs(w[0] - pow(1 / 5.375, 2)) < 1e-12)
        #expect(abs(w[3] - pow(10 / 5.375, 2)) < 1e-12)
        #expect(TestCosts.uniform(attributeCount: 3).rankingWeights(lambda: 4) == [1, 1, 1])
    }

    func error(_ profile: CostProfile) -> CostProfileError? {
        do {
            _ = try profile.resolve(for: Self.attributes, file: "p.json")
            return nil
        } catch {
            return error
        }
    }

    @Test func validationNamesTheFileAndField() throws {
        var unknown = Self.profile
        unknown.costs["wing"] = 3
        let e1 = try #require(error(unknown))
        #expect(e1.field == "costs.wing")
        #expect(e1.description.hasPrefix("p.json: costs.wing:"))
        #expect(e1.message.contains("a, b, c, d"), "lists the known attributes")

        var negative = Self.profile
        negative.costs["a"] = -1
        #expect(error(negative)?.field == "costs.a")
        var infinite = Self.profile
        infinite.costs["d"] = .infinity
        #expect(error(infinite)?.field == "costs.d")
        var badGroup = Self.profile
        badGroup.groups[0].cost = .nan
        #expect(error(badGroup)?.field == "groups[0].cost")

        var twoGroups = Self.profile
        twoGroups.groups.append(.init(name: "other", cost: 1, members: ["c"]))
        let e2 = try #require(error(twoGroups))
        #expect(e2.field == "groups[1].members")
        #expect(e2.message.contains("two groups"))

        var strangerInGroup = Self.profile
        strangerInGroup.groups[0].members.append("zz")
        #expect(error(strangerInGroup)?.message.contains("unknown attribute 'zz'") == true)

        var missing = Self.profile
        missing.costs["d"] = nil
        #expect(error(missing)?.message.contains("no cost for attribute 'd'") == true)
        missing.defaultCost = 3
        #expect(error(missing) == nil)
        #expect(try missing.resolve(for: Self.attributes).attributeCost == [1, 2, 0.5, 3])
    }

    @Test func profileFilesAreValidatedWhenRead() throws {
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("asonn-costs-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        func load(_ text: String) -> String {
            let path = directory.appendingPathComponent("p.json").path
            _ = FileManager.default.createFile(atPath: path, contents: Data(text.utf8))
            do { _ = try CostProfile.load(from: path); return "ok" } catch { return error.description }
        }
        #expect(load(#"{"name": "x", "costs": {"a": 1}}"#) == "ok")
        #expect(load("{").contains("not JSON"))
        #expect(load(#"{"name": "x", "costs": {"a": "cheap"}}"#).contains("costs"))
        #expect(load(#"{"name": "x", "costs": {}, "default-cost": 1}"#).contains("unknown field 'default-cost'"))
        #expect(load(#"{"costs": {}}"#).contains("missing field 'name'"))
        let huge = load("{\"name\": \"x\",\n \"costs\": {\"a\": 1e400}}")
        #expect(huge.contains("number 1e400 at line 2, column 17 is out of range"), "\(huge)")
        // Too small for a Double (JSONDecoder refuses it rather than round it to 0); 0e-400 is 0.
        let tiny = load("{\"name\": \"x\",\n \"costs\": {\"a\": 0.5, \"b\": -1.5e-400}}")
        #expect(tiny.contains("number -1.5e-400 at line 2, column 27 is too small to hold"), "\(tiny)")
        #expect(!load(#"{"name": "x", "costs": {"a": 0e-400}}"#).contains("too small"))
        #expect(load("{\"name\": \"x\",\n \"costs\": }").contains("invalid syntax at line 2"))
        #expect(throws: CostProfileError.self) { try CostProfile.load(from: "/nonexistent/p.json") }
        // A key given twice: readers disagree on which copy counts, so it is refused.
        let twice = load("{\"name\": \"x\",\n \"costs\": {\"a\": 1, \"a\": 5, \"b\": 2}}")
        #expect(twice.contains("the key 'a' appears twice in one object (again at line 2, column 20)"), "\(twice)")
        #expect(load(#"{"name": "x", "costs": {"a": 1}, "costs": {"a": 2}}"#).contains("'costs' appears twice"))
        #expect(load(#"{"name": "x", "costs": {"a\u005fb": 1, "a_b": 2}}"#).contains("'a_b' appears twice"))
        // The same key in different objects, or as a value, is fine.
        #expect(load(#"{"name": "a", "costs": {"a": 1, "name": 2}, "groups": [{"name": "g", "cost": 1, "#
                     + #""members": ["a"]}, {"name": "h", "cost": 1, "members": ["name"]}]}"#) == "ok")
    }

    /// The shipped profiles resolve against the bundled data, and members measured alone
    /// cost what Turney (1995) lists.
    @Test(arguments: [
        ("heart", ["chol": 7.27, "fbs": 5.20, "thalach": 102.90, "exang": 87.30, "ca": 100.90, "age": 1.0]),
        ("pima", ["glucose": 17.61, "insulin": 22.78, "bmi": 1.0]),
        ("bupa", ["mcv": 7.27, "sgot": 7.27, "gammagt": 9.86, "drinks": 1.0]),
    ])
    func shippedProfilesMatchTurney(name: String, prices: [String: Double]) throws {
        let data = try bundled(name)
        let names = data.attributes.map(\.name)
        let profile = try CostProfile.load(from: packageRoot.appendingPathComponent("CostProfiles/\(name).json").path)
        let costs = try profile.resolve(for: names)
        for (attribute, price) in prices {
            let a = try #require(names.firstIndex(of: attribute))
            #expect(abs(costs.standAloneCost(a) - price) < 1e-9, "\(name).\(attribute)")
        }
    }
}
