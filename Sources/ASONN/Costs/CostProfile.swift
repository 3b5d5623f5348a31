import Foundation

/// What each test (attribute) costs to measure, as written in a cost profile file:
///
/// ```json
/// {
///   "name": "Statlog heart, Turney (1995)",
///   "unit": "CAD",
///   "costs": {"age": 1.0, "chol": 2.07, "fbs": 0.0, ...},
///   "groups": [{"name": "blood test", "cost": 5.20, "members": ["chol", "fbs"]}],
///   "default_cost": 1.0
/// }
/// ```
///
/// A group is one procedure (a blood draw, an exercise test): its `cost` is paid once when
/// any member is measured, and each measured member adds its own cost from `costs`. So a
/// member's own cost is its marginal part; measured alone it costs group + own.
/// `default_cost` prices attributes the profile does not list (optional).
public struct CostProfile: Codable, Equatable, Sendable {
    public struct Group: Codable, Equatable, Sendable {
        public var name: String
        public var cost: Double
        public var members: [String]

        enum CodingKeys: String, CodingKey, CaseIterable {
            case name, cost, members
        }

        public init(name: String, cost: Double, members: [String]) {
            self.name = name
            self.cost = cost
            self.members = members
        }

        public init(from decoder: Decoder) throws {
            try rejectUnknownFields(decoder, allowed: CodingKeys.allCases.map(\.rawValue))
            let container = try decoder.container(keyedBy: CodingKeys.self)
            name = try container.decode(String.self, forKey: .name)
            cost = try container.decode(Double.self, forKey: .cost)
            members = try container.decode([String].self, forKey: .members)
        }
    }

    public var name: String
    public var unit: String
    public var costs: [String: Double]
    public var groups: [Group]
    public var defaultCost: Double?
    /// Free text: where the costs come from, how groups split them.
    public var note: String?

    enum CodingKeys: String, CodingKey, CaseIterable {
        case name, unit, costs, groups, note
        case defaultCost = "default_cost"
    }

    public init(name: String, unit: String, costs: [String: Double], groups: [Group] = [], defaultCost: Double? = nil) {
        self.name = name
        self.unit = unit
        self.costs = costs
        self.groups = groups
        self.defaultCost = defaultCost
    }

    public init(from decoder: Decoder) throws {
        try rejectUnknownFields(decoder, allowed: CodingKeys.allCases.map(\.rawValue))
        let container = try decoder.container(keyedBy: CodingKeys.self)
        note = try container.decodeIfPresent(String.self, forKey: .note)
        name = try container.decode(String.self, forKey: .name)
        unit = try container.decodeIfPresent(String.self, forKey: .unit) ?? ""
        costs = try container.decode([String: Double].self, forKey: .costs)
        groups = try container.decodeIfPresent([Group].self, forKey: .groups) ?? []
        defaultCost = try container.decodeIfPresent(Double.self, forKey: .defaultCost)
    }

    /// The same price for every attribute: what a model gets without a profile.
    public static func uniform(cost: Double = 1) -> CostProfile {
        CostProfile(name: "uniform", unit: "", costs: [:], defaultCost: cost)
    }

    /// Reads a profile file; `validate(for:)` checks it against a data set's attributes.
    public static func load(from path: String) throws(CostProfileError) -> CostProfile {
        let data = try InputFile.contents(of: path) { CostProfileError(file: path, message: $0) }
        do {
            let profile = try JSONDecoder().decode(CostProfile.self, from: data)
            if let message = JSONDiagnosis.duplicateKeyMessage(in: data) {
                throw CostProfileError(file: path, message: message)
            }
            return profile
        } catch let error as CostProfileError {
            throw error
        } catch let error as DecodingError {
            let problem = error.readableDescription(of: data, as: CostProfile.self)
            throw CostProfileError(file: path, message: "not a valid cost profile: \(problem)")
        } catch {
            throw CostProfileError(file: path, message: "not a valid cost profile: \(error.localizedDescription)")
        }
    }

    /// Resolves the profile for attributes named `attributes` (in model order), checking
    /// that every name is known, every cost finite and >= 0, group names are distinct, no
    /// attribute is listed twice in a group or in two groups, every attribute has a price,
    /// and all the prices together are at most `TestCosts.largestTotalCost`.
    /// - Parameter file: names the profile in error messages.
    public func resolve(for attributes: [String], file: String = "cost profile") throws(CostProfileError) -> TestCosts {
        let known = Set(attributes)
        func fail(_ field: String, _ message: String) -> CostProfileError {
            CostProfileError(file: file, field: field, message: message)
        }
        func check(_ value: Double, _ field: String) throws(CostProfileError) {
            guard value.isFinite, value >= 0 else {
                throw fail(field, "cost must be a finite number >= 0, not \(value)")
            }
            guard value <= TestCosts.largestTotalCost else {
                throw fail(field, "cost \(value) is more than 1e15, the most a case may cost; use a larger unit")
            }
        }
        let knownList = listed(attributes)
        for (attribute, cost) in costs.sorted(by: { $0.key < $1.key }) {
            guard known.contains(attribute) else {
                throw fail("costs.\(attribute)",
                           "unknown attribute \(quoted(attribute)); the data's attributes are: \(knownList)")
            }
            try check(cost, "costs.\(attribute)")
        }
        if let defaultCost { try check(defaultCost, "default_cost") }

        let index = Dictionary(attributes.enumerated().map { ($1, $0) }, uniquingKeysWith: { first, _ in first })
        var groupOf = [Int?](repeating: nil, count: attributes.count)
        var groupNamed: [String: Int] = [:]
        for (g, group) in groups.enumerated() {
            let field = "groups[\(g)]"
            let name = quoted(group.name)
            if let other = groupNamed[group.name] {
                throw fail("\(field).name", "group name \(name) is used twice (groups[\(other)] and groups[\(g)])")
            }
            groupNamed[group.name] = g
            try check(group.cost, "\(field).cost")
            guard !group.members.isEmpty else { throw fail("\(field).members", "group \(name) has no members") }
            for member in group.members {
                guard let a = index[member] else {
                    throw fail("\(field).members",
                               "unknown attribute \(quoted(member)) in group \(name); "
                                   + "the data's attributes are: \(knownList)")
                }
                if let other = groupOf[a] {
                    throw fail("\(field).members", other == g
                        ? "\(quoted(member)) is listed twice in group \(name)"
                        : "\(quoted(member)) is in two groups (\(quoted(groups[other].name)) and \(name))")
                }
                groupOf[a] = g
            }
        }
        var own: [Double] = []
        // Every sum of costs (a panel, the ranking weights' mean) is at most the sum of the
        // stand-alone costs; bounded by `TestCosts.largestTotalCost`, no sum or mean over
        // many cases overflows (two tests at 1e308 would make a panel cost of inf, which JSON
        // cannot hold, and 1e307 summed over a hundred cases would).
        var standAloneSum = 0.0
        for (a, name) in attributes.enumerated() {
            guard let cost = costs[name] ?? defaultCost else {
                throw fail("costs", "no cost for attribute \(quoted(name)) and no default_cost")
            }
            own.append(cost)
            standAloneSum += cost + (groupOf[a].map { groups[$0].cost } ?? 0)
            guard standAloneSum <= TestCosts.largestTotalCost else {
                throw fail(costs[name] == nil ? "default_cost" : "costs.\(name)",
                           "with \(quoted(name)) the costs of all tests (each with its group's cost) add up to "
                           + "more than 1e15, the most a case may cost; use a larger unit")
            }
        }
        return TestCosts(profileName: name, unit: unit, attributeCost: own, groupOf: groupOf,
                         groupNames: groups.map(\.name), groupCost: groups.map(\.cost))
    }
}

/// A problem in a cost profile, naming the file and the field.
public struct CostProfileError: Error, Equatable, Sendable, CustomStringConvertible {
    public var file: String
    public var field: String?
    public var message: String

    public init(file: String, field: String? = nil, message: String) {
        self.file = file
        self.field = field
        self.message = message
    }

    public var description: String {
        if let field { return "\(file): \(field): \(message)" }
        return "\(file): \(message)"
    }
}

/// Throws for a field not in `allowed`: a misspelt field (say "default-cost") must not be
/// silently ignored, at the top level or inside a group.
private func rejectUnknownFields(_ decoder: Decoder, allowed: [String]) throws {
    struct AnyKey: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }
    let known = Set(allowed)
    for key in try decoder.container(keyedBy: AnyKey.self).allKeys where !known.contains(key.stringValue) {
        throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath + [key], debugDescription:
            "unknown field \(quoted(key.stringValue)) (the fields are: \(allowed.sorted().joined(separator: ", ")))"))
    }
}
