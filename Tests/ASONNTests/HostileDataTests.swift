import Foundation
import Testing
@testable import ASONN

// Hostile training and prediction files: each test feeds what a fuzzing user fed and
// checks the answer is a clear error (file, line, column) or a deterministic model.

private func parse(_ bytes: [UInt8], file: String = "data.csv") throws -> DataTable {
    try DataTable.parse(bytes, file: file)
}

private func parse(_ text: String, file: String = "data.csv") throws -> DataTable {
    try parse(Array(text.utf8), file: file)
}

private func loadError(_ text: String, file: String = "data.csv", options: DataOptions = DataOptions(),
                       sourceLocation: SourceLocation = #_sourceLocation) throws -> DataError {
    try #require(throws: DataError.self, sourceLocation: sourceLocation) {
        try parse(text, file: file).labelledDataset(options: options)
    }
}

/// A small numeric model to match prediction files against (attributes x and y).
private func numericModel() throws -> ASONNModel {
    let data = try parse("x,y,class\n1,5,a\n2,6,b\n3,7,a\n4,8,b\n").labelledDataset().dataset
    return try ASONNClassifier().fit(data)
}

@Suite struct HostileDataTests {
    // MARK: - NUL bytes

    @Test func nulInsideANumberIsRefusedNamingFileLineAndColumn() throws {
        let text = "x,y,class\n1,2,a\n3,4,b\n50\0xyz,5,a\n6,7,b\n"
        let error = try #require(throws: DataError.self) { try parse(text, file: "nul.csv") }
        #expect(error.file == "nul.csv")
        #expect(error.line == 4)
        #expect(error.column == "x")
        #expect(error.columnNumber == 1)
        #expect(error.message.contains("not a number"))
        // The NUL is shown escaped, never written raw to the terminal.
        #expect(!error.description.contains("\0"))
        #expect(error.description.contains("'50\\0xyz'"))
    }

    @Test func nulIsRefusedInACategoricalFieldAndInTheHeader() throws {
        let field = try #require(throws: DataError.self) { try parse("x,class\nred,a\nre\0d,b\n") }
        #expect(field.line == 3 && field.column == "x")
        let header = try #require(throws: DataError.self) { try parse("x\0,class\n1,a\n") }
        #expect(header.line == 1 && header.columnNumber == 1)
    }

    @Test func hexadecimalIsNotANumberSoSuchAColumnIsCategorical() throws {
        for text in ["0x10", "0X1A", "-0x1p3", "0x1.8p1"] { #expect(Dataset.number(text) == nil, "\(text)") }
        #expect(Dataset.number("1e3") == 1000 && Dataset.number("-inf") == -.infinity)
        let data = try parse("id,size,class\n0x10,1,a\n0x1,2,a\n3,5,b\n4,6,b\n").labelledDataset().dataset
        #expect(!data.attributes[0].isNumeric && data.attributes[1].isNumeric)
    }

    @Test func numberParsingRefusesTextWithANul() {
        #expect(Dataset.number("50\0xyz") == nil)
        #expect(Dataset.number("\0") == nil)
        #expect(Dataset.number("50") == 50)
    }

    // MARK: - CR-only line ends

    @Test func crOnlyLineEndsGiveTheRightLineInErrors() throws {
        let error = try #require(throws: DataError.self) { try parse("x,y,class\r1,2,a\r3,4,b\r5,6\r7,8,a\r") }
        #expect(error.line == 4)
        let bad = try loadError("x,y,class\r1,2,a\r3,4,b\r5,inf,a\r", options: DataOptions(numericColumns: ["y"]))
        #expect(bad.line == 4)
        #expect(bad.column == "y")
    }

    @Test func crOnlyLineEndsGiveEveryRowItsLine() throws {
        let table = try parse("x,class\r1,a\r\r2,b\r\n3,a\n4,b\r")
        #expect(table.rows == [["1", "a"], ["2", "b"], ["3", "a"], ["4", "b"]])
        #expect(table.lines == [2, 4, 5, 6])
        let data = try table.labelledDataset().dataset
        #expect(data.lines == [2, 4, 5, 6])
    }

    // MARK: - Class order

    /// Labels that parse as NaN once made the class order (and the model bytes) change
    /// from run to run: the sort compared NaN.
    @Test func nanLikeLabelsTrainToTheSameBytesEveryTime() throws {
        var text = "x,class\n"
        let labels = ["-nan", "snan", "1", "+nan", "nan(0x5)", "2", "-snan", "inf"]
        for row in 0..<48 { text += "\(row % 7),\(labels[row % labels.count])\n" }
        let table = try parse(text)
        var fingerprints = Set<String>()
        var orders = Set<[String]>()
        for _ in 0..<12 {
            let data = try table.labelledDataset().dataset
            orders.insert(data.classes)
            fingerprints.insert(ModelPinTests.fingerprint(try ASONNClassifier().fit(data).jsonData()))
        }
        #expect(orders.count == 1)
        #expect(fingerprints.count == 1)
        #expect(orders.first == labels.sorted(), "a set with a NaN label is ordered by text")
    }

    @Test func ordinaryLabelsKeepTheirOrder() {
        #expect(Dataset.orderedClasses(["10", "9", "100", "-1.5", "1e1"]) == ["-1.5", "9", "10", "1e1", "100"])
        #expect(Dataset.orderedClasses(["-inf", "inf", "0", "-0"]) == ["-inf", "-0", "0", "inf"])
        #expect(Dataset.orderedClasses(["b", "a", "10"]) == ["10", "a", "b"])
    }

    /// Property: for any set of awkward labels, the order is the same however the set was
    /// built (a fresh set iterates in another order), holds every label once, and is
    /// numeric whenever every label is a number other than NaN.
    @Test func classOrderIsTotalForAwkwardLabels() {
        let pool = ["-nan", "snan", "nan", "+nan", "NaN", "nan(0x1)", "-snan", "inf", "-inf", "+inf", "infinity",
                    "0", "-0", "+0", "0.0", "1e-320", "1e308", "-1e308", "0x10", "16", "1", "1.0", "é", "e\u{301}",
                    "a", "A", "", " ", "\u{0}", "10\u{0}", "\u{1F600}", "-", "+", "e", "1e", ".5", "5."]
        var generator = SeededGenerator(seed: 7)
        for _ in 0..<300 {
            let size = Int.random(in: 1...12, using: &generator)
            let names = (0..<size).map { _ in pool[Int.random(in: 0..<pool.count, using: &generator)] }
            let expected = Dataset.orderedClasses(Set(names))
            // Sets kept alive sit at other addresses, and so iterate in other orders.
            var alive: [Set<String>] = []
            for _ in 0..<5 {
                alive.append(Set(names.shuffled(using: &generator)))
                #expect(Dataset.orderedClasses(alive[alive.count - 1]) == expected, "\(names)")
            }
            #expect(Set(expected) == Set(names) && expected.count == Set(names).count)
            let numbers = expected.map { Dataset.number($0) }
            if numbers.allSatisfy({ $0 != nil && !$0!.isNaN }) {
                let values = numbers.compactMap { $0 }
                #expect(zip(values, values.dropFirst()).allSatisfy { $0 <= $1 }, "\(expected)")
            }
        }
    }

    // MARK: - Long values in messages

    @Test func aLongBadValueIsQuotedShortWithItsLength() throws {
        let long = String(repeating: "x", count: 1_000_000)
        let error = try loadError("x,class\n1,a\n\(long),b\n", options: DataOptions(numericColumns: ["x"]))
        #expect(error.line == 3)
        #expect(error.description.count < 200, "\(error.description.prefix(300))")
        #expect(error.message.contains("'" + String(repeating: "x", count: 60) + "...' (1000000 bytes)"))
    }

    @Test func aLongInfiniteNumberIsQuotedShort() throws {
        let error = try loadError("x,class\n1,a\n1\(String(repeating: "0", count: 400)),b\n")
        #expect(error.message.contains("infinite"))
        #expect(error.description.count < 200)
    }

    @Test func aLongColumnNameIsQuotedShort() throws {
        let name = String(repeating: "n", count: 100_000)
        let duplicate = try #require(throws: DataError.self) { try parse("\(name),\(name),class\n1,2,a\n") }
        #expect(duplicate.description.count < 200)
        let table = try parse("\(name),class\n1,a\n2,b\n")
        let unknown = try #require(throws: DataError.self) { try table.columnIndex(of: "other") }
        #expect(unknown.description.count < 200)
    }

    @Test func aLongBadValueInPredictionInputIsQuotedShort() throws {
        let model = try numericModel()
        let long = String(repeating: "z", count: 1_000_000)
        let table = try parse("x,y\n1,5\n\(long),6\n", file: "new.csv")
        let error = try #require(throws: DataError.self) { try model.input(from: table) }
        #expect(error.file == "new.csv" && error.line == 3 && error.column == "x")
        #expect(error.description.count < 200)
        #expect(error.message.contains("(1000000 bytes)"))
    }

    @Test func nulInsideANumberInPredictionInputIsRefused() throws {
        let model = try numericModel()
        var table = try parse("x,y\n1,5\n2,6\n", file: "new.csv")
        table.rows[1][0] = "50\0xyz"  // a table built in code, past the file check
        let error = try #require(throws: DataError.self) { try model.input(from: table) }
        #expect(error.line == 3 && error.column == "x")
    }

    @Test func quotingEscapesControlCharactersAndCutsByScalars() {
        #expect(quoted("a\tb\u{1B}[2J") == "'a\\tb\\u{1b}[2J'")
        // One character of a million combining marks is cut like any long value.
        let marks = "e" + String(repeating: "\u{301}", count: 1_000_000)
        #expect(quoted(marks).unicodeScalars.count < 100)
        #expect(quoted(String(repeating: "y", count: 60)) == "'" + String(repeating: "y", count: 60) + "'")
    }

    /// A 10 MB field once took seconds to reject; reading it must stay linear and fast.
    @Test func aTenMegabyteBadFieldIsRejectedQuickly() throws {
        var bytes = Array("x,class\n1,a\n".utf8)
        bytes += [UInt8](repeating: UInt8(ascii: "x"), count: 10_000_000)
        bytes += Array(",b\n".utf8)
        let clock = ContinuousClock()
        let start = clock.now
        let error = try #require(throws: DataError.self) {
            try parse(bytes).labelledDataset(options: DataOptions(numericColumns: ["x"]))
        }
        let elapsed = clock.now - start
        #expect(error.description.count < 200)
        #expect(elapsed < .seconds(3), "\(elapsed)")
    }

    // MARK: - Many classes

    /// 10,000 distinct labels once took 1.6 GB: the AGDS kept a count per value neuron and
    /// class. Its class index now has one entry per object value (plus one per attribute
    /// and class).
    @Test func asManyClassesAsRowsTakeMemoryByTheData() throws {
        let rows = 3_000
        let data = try Dataset(name: "many", attributes: [Attribute(name: "x", kind: .numeric),
                                                      Attribute(name: "y", kind: .numeric)],
                           targetName: "class", classes: (0..<rows).map { "L\($0)" },
                           values: (0..<(2 * rows)).map { Double($0 % 2 == 0 ? $0 : $0 * 7 % 1000) },
                           labels: Array(0..<rows))
        let agds = AGDS(data)
        #expect(agds.classRanks.count == 2 * rows)
        #expect(agds.classRankStart.count == 2 * rows + 1)
    }

    /// Property: the class counts of any range are those of counting the rows one by one.
    @Test func rangeClassCountsMatchCountingRowByRow() {
        for seed in 0..<40 as Range<UInt64> {
            let data = randomDataset(seed: seed)
            let agds = AGDS(data)
            var generator = SeededGenerator(seed: seed)
            for a in 0..<data.attributeCount where agds.valueCount(a) > 0 {
                for c in 0..<data.classes.count {
                    let low = Int.random(in: 0..<agds.valueCount(a), using: &generator)
                    let high = Int.random(in: low..<agds.valueCount(a), using: &generator)
                    let ranks = low...high
                    let set = (0..<agds.valueCount(a)).filter { _ in Bool.random(using: &generator) }
                    var seeds = 0, weeds = 0
                    for i in 0..<data.rowCount {
                        let rank = agds.rank(i, a)
                        guard rank >= 0, agds.isNumeric[a] ? ranks.contains(rank) : set.contains(rank) else { continue }
                        if data.labels[i] == c { seeds += 1 } else { weeds += 1 }
                    }
                    let counted = agds.isNumeric[a] ? agds.seedsAndWeeds(attribute: a, ranks: ranks, classIndex: c)
                                                    : agds.seedsAndWeeds(attribute: a, categories: set, classIndex: c)
                    #expect(counted.seeds == seeds && counted.weeds == weeds,
                            "seed \(seed), attribute \(a), class \(c)")
                }
            }
        }
    }

    // MARK: - Evaluation splits

    /// One numeric attribute; `counts[c]` rows of class c.
    private static func data(classCounts counts: [Int]) -> Dataset {
        var labels: [Int] = []
        for (c, count) in counts.enumerated() { labels += [Int](repeating: c, count: count) }
        return Dataset(unchecked: "small", attributes: [Attribute(name: "x", kind: .numeric)], targetName: "class",
                       classes: counts.indices.map { "k\($0)" }, values: labels.indices.map(Double.init),
                       labels: labels)
    }

    @Test func aSingleRowClassIsNamedBeforeAnyFoldIsBuilt() throws {
        let error = try #require(throws: DataError.self) {
            try Evaluation.run(Self.data(classCounts: [12, 1]), parameters: ASONNParameters(), scheme: .folds(5),
                               file: "one.csv")
        }
        #expect(error.file == "one.csv")
        #expect(error.column == "class")
        #expect(error.message.contains("'k1' has 1 row"))
        #expect(error.message.contains("5 folds"))
        #expect(!error.message.contains("at least two classes"))
    }

    @Test func moreFoldsThanTheSmallestClassHasRowsAreRefused() throws {
        let error = try #require(throws: DataError.self) {
            try Evaluation.run(Self.data(classCounts: [12, 3]), parameters: ASONNParameters(), scheme: .folds(5))
        }
        #expect(error.message.contains("'k1' has 3 rows") && error.message.contains("at most 3 folds"))
        let huge = try #require(throws: DataError.self) {
            try Evaluation.run(Self.data(classCounts: [12, 3]), parameters: ASONNParameters(), scheme: .folds(.max))
        }
        #expect(huge.message.contains("at most 3 folds"))
        let report = try Evaluation.run(Self.data(classCounts: [12, 3]), parameters: ASONNParameters(),
                                        scheme: .folds(3))
        #expect(report.splits.count == 3)
    }

    @Test func aHoldoutMustLeaveEveryClassARowToTrainOn() throws {
        let error = try #require(throws: DataError.self) {
            try Evaluation.run(Self.data(classCounts: [12, 1]), parameters: ASONNParameters(), scheme: .holdout(0.5),
                               file: "one.csv")
        }
        #expect(error.file == "one.csv" && error.message.contains("'k1' has 1 row"))
        #expect(error.message.contains("none to train on"))
        // 30% of one row rounds to none: the row trains, and the evaluation runs.
        let report = try Evaluation.run(Self.data(classCounts: [12, 1]), parameters: ASONNParameters(),
                                        scheme: .holdout(0.3))
        #expect(report.splits.count == 1 && report.splits[0].testRows == 4)
        let empty = try #require(throws: DataError.self) {
            try Evaluation.run(Self.data(classCounts: [12, 3]), parameters: ASONNParameters(), scheme: .holdout(0.01))
        }
        #expect(empty.message.contains("none of the 15 rows in the test part"))
    }

    @Test func absurdRepeatCountsAreRefusedBeforeAnyWork() throws {
        for repeats in [Int.max, Evaluation.maxRepeats + 1, 0, -1] {
            let error = try #require(throws: ParameterError.self) {
                try Evaluation.run(Self.data(classCounts: [6, 6]), parameters: ASONNParameters(), scheme: .folds(2),
                                   repeats: repeats)
            }
            #expect(error.message.contains("\(Evaluation.maxRepeats)"))
        }
    }

    @Test func aSplitThatFailsNamesTheFileRepeatAndFold() throws {
        let error = try #require(throws: EvaluationError.self) {
            try Evaluation.run(Self.data(classCounts: [6, 6]), parameters: ASONNParameters(),
                               costs: TestCosts.uniform(attributeCount: 3), scheme: .folds(3), repeats: 2, seed: 9,
                               file: "six.csv")
        }
        #expect(error.description.hasPrefix("six.csv: repeat 1 of 2 (seed 9), fold 1 of 3: "))
    }

    /// Splits are made one at a time now; they must be the very splits made all at once.
    @Test func splitsMadeOneAtATimeAreTheSplitsOfKFold() throws {
        let data = try bundled("iris")
        var seen: [Split] = []
        Evaluation.forEachSplit(of: data, scheme: .folds(4), repeats: 2, seed: 3) { _, _, split in seen.append(split) }
        let expected = Splits.kFold(labels: data.labels, classCount: 3, folds: 4, seed: 3)
            + Splits.kFold(labels: data.labels, classCount: 3, folds: 4, seed: 4)
        #expect(seen == expected)
    }

    // MARK: - Cost profiles

    private static func profileError(_ json: String, attributes: [String] = ["a", "b", "c"],
                                     sourceLocation: SourceLocation = #_sourceLocation) throws -> CostProfileError {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("hostile-\(UUID().uuidString).json")
        try Data(json.utf8).write(to: url)
        defer { try? FileManager.default.removeItem(at: url) }
        return try #require(throws: CostProfileError.self, sourceLocation: sourceLocation) {
            _ = try CostProfile.load(from: url.path).resolve(for: attributes, file: url.path)
        }
    }

    @Test func anUnknownFieldInsideAGroupIsRefusedNamingFileAndField() throws {
        let error = try Self.profileError("""
            {"name": "p", "costs": {"a": 1, "b": 1, "c": 1},
             "groups": [{"name": "draw", "cost": 2, "members": ["a"], "colour": "red"}]}
            """)
        #expect(error.description.contains("hostile-"))
        #expect(error.message.contains("unknown field 'colour'"))
        #expect(error.message.contains("groups[0].colour"))
    }

    @Test func aMemberListedTwiceInOneGroupIsSaidSo() throws {
        let error = try Self.profileError("""
            {"name": "p", "costs": {"a": 1, "b": 1, "c": 1},
             "groups": [{"name": "blood test", "cost": 2, "members": ["a", "b", "a"]}]}
            """)
        #expect(error.field == "groups[0].members")
        #expect(error.message == "'a' is listed twice in group 'blood test'")
    }

    @Test func duplicateGroupNamesAreRefused() throws {
        let error = try Self.profileError("""
            {"name": "p", "costs": {"a": 1, "b": 1, "c": 1},
             "groups": [{"name": "draw", "cost": 2, "members": ["a"]}, {"name": "draw", "cost": 3, "members": ["b"]}]}
            """)
        #expect(error.field == "groups[1].name")
        #expect(error.message.contains("'draw' is used twice"))
    }

    @Test func costsWhoseTotalPassesTheBoundAreRefusedNamingTheField() throws {
        let own = try Self.profileError(#"{"name": "p", "costs": {"a": 6e14, "b": 6e14, "c": 1}}"#)
        #expect(own.field == "costs.b")
        #expect(own.description.contains("hostile-") && own.message.contains("more than 1e15"))
        let byDefault = try Self.profileError(#"{"name": "p", "costs": {"a": 6e14}, "default_cost": 6e14}"#)
        #expect(byDefault.field == "default_cost")
        // A group's cost counts with each member measured alone.
        let grouped = try Self.profileError("""
            {"name": "p", "costs": {"a": 1, "b": 1, "c": 1},
             "groups": [{"name": "draw", "cost": 6e14, "members": ["a", "c"]}]}
            """)
        #expect(grouped.field == "costs.c")
        // Large but finite sums stay allowed up to the bound.
        let fine = CostProfile(name: "p", unit: "", costs: ["a": 4e14, "b": 3e14, "c": 3e14])
        #expect(try fine.resolve(for: ["a", "b", "c"]).totalCost == TestCosts.largestTotalCost)
    }

    @Test func costsWhoseTotalIsFiniteButPastTheBoundAreRefused() throws {
        // Each finite and so is their sum, but a mean over a hundred cases would be infinite.
        let large = try Self.profileError(#"{"name": "p", "costs": {"a": 1e307, "b": 1e307, "c": 1e307}}"#)
        #expect(large.field == "costs.a" && large.message.contains("more than 1e15"), "\(large)")
        let justPast = try Self.profileError(#"{"name": "p", "costs": {"a": 5e14, "b": 5e14, "c": 1}}"#)
        #expect(justPast.field == "costs.c", "\(justPast)")
        // One value past the bound is named itself, a group's cost too.
        let group = try Self.profileError("""
            {"name": "p", "costs": {"a": 1, "b": 1, "c": 1},
             "groups": [{"name": "draw", "cost": 1.1e15, "members": ["b"]}]}
            """)
        #expect(group.field == "groups[0].cost" && group.message.contains("more than 1e15"), "\(group)")
    }
}
