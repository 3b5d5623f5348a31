import Foundation
import Testing
@testable import ASONN

/// A model file is user input: every field is checked at load, and a bad one is refused
/// with a message naming the field, before anything can trap on it.
struct ModelValidationTests {
    /// A fitted model with a categorical attribute and a grouped cost table, as JSON.
    static func goodModel() throws -> [String: Any] {
        let attributes = [Attribute(name: "colour", kind: .categorical(categories: ["blue", "green", "red"])),
                          Attribute(name: "size", kind: .numeric), Attribute(name: "weight", kind: .numeric)]
        let values: [Double] = [0, 1, 5, 1, 2, 6, 2, 3, 7, 0, 4, 8, 1, 5, 9, 2, 6, 1]
        let data = try Dataset(name: "shapes", attributes: attributes, targetName: "class", classes: ["a", "b"],
                           values: values, labels: [0, 1, 0, 1, 0, 1])
        var model = try ASONNClassifier().fit(data)
        model.costs = TestCosts(profileName: "p", unit: "EUR", attributeCost: [1, 2, 3], groupOf: [nil, 0, 0],
                                groupNames: ["lab"], groupCost: [5])
        try model.validateStructure()
        let object = try JSONSerialization.jsonObject(with: model.jsonData())
        return try #require(object as? [String: Any])
    }

    /// The load error for the model after `change`, or "loaded".
    static func loadError(_ change: (inout [String: Any]) -> Void) throws -> String {
        var object = try goodModel()
        change(&object)
        let data = try JSONSerialization.data(withJSONObject: object)
        return loadError(data)
    }

    static func loadError(_ data: Data) -> String {
        do {
            _ = try ASONNModel.decode(data, file: "m.json")
            return "loaded"
        } catch {
            return error.description
        }
    }

    static func edit(_ object: inout [String: Any], _ key: String, _ index: Int,
                     _ change: (inout [String: Any]) -> Void) {
        guard var list = object[key] as? [[String: Any]], list.indices.contains(index) else { return }
        change(&list[index])
        object[key] = list
    }

    @Test func theUnchangedModelLoads() throws {
        #expect(try Self.loadError { _ in } == "loaded")
    }

    @Test func aKeyGivenTwiceInOneObjectIsRefusedAtTheTopAndInsideACombination() throws {
        let model = try ASONNClassifier().fit(try bundled("iris"))
        let text = String(decoding: try model.jsonData(), as: UTF8.self)
        #expect(Self.loadError(Data(text.utf8)) == "loaded")
        // Outside the combinations (read by JSONDecoder, which would keep the first copy).
        let top = "{\"target\" : \"species\"," + text.dropFirst()
        #expect(text.contains("\n  \"target\" : "))
        let topError = Self.loadError(Data(top.utf8))
        #expect(topError.hasPrefix("m.json: ") && topError.contains("the key 'target' appears twice"), "\(topError)")
        // Inside a range of a combination (the fast reader gives up; the whole file is checked).
        let range = try #require(text.range(of: "\"weight\" : "))
        let inner = text.replacingCharacters(in: range, with: "\"weight\" : 0.5, \"weight\" : ")
        let innerError = Self.loadError(Data(inner.utf8))
        #expect(innerError.contains("the key 'weight' appears twice"), "\(innerError)")
    }

    @Test func duplicateCategoryNamesAreRefused() throws {
        let message = try Self.loadError {
            Self.edit(&$0, "attributes", 0) { $0["categories"] = ["blue", "green", "red", "red"] }
        }
        #expect(message.hasPrefix("m.json: "))
        #expect(message.contains("attributes[0].categories: 'red' is listed twice"))
    }

    @Test func categoriesOnANumericAttributeAreRefused() throws {
        let message = try Self.loadError { Self.edit(&$0, "attributes", 1) { $0["categories"] = ["x", "x"] } }
        #expect(message.contains("attributes[1].categories"))
    }

    @Test func inconsistentCostTablesAreRefused() throws {
        for group in [7, -1] {
            let message = try Self.loadError { object in
                var costs = object["costs"] as? [String: Any] ?? [:]
                costs["groupOf"] = [NSNull(), group, 0]
                object["costs"] = costs
            }
            #expect(message.contains("costs.groupOf[1]: group \(group) does not exist"), "\(message)")
        }
        let shorter = try Self.loadError { object in
            var costs = object["costs"] as? [String: Any] ?? [:]
            costs["groupCost"] = [Double]()
            object["costs"] = costs
        }
        #expect(shorter.contains("costs: groupNames and groupCost"), "\(shorter)")
        let overflow = try Self.loadError { object in
            var costs = object["costs"] as? [String: Any] ?? [:]
            costs["attributeCost"] = [1e308, 1e308, 1]
            object["costs"] = costs
        }
        #expect(overflow.contains("the cost of all tests is more than 1e15"), "\(overflow)")
    }

    @Test(arguments: [-1.0, 0.0])
    func aSharpnessOutOfRangeIsRefused(sharpness: Double) throws {
        let message = try Self.loadError { object in
            var parameters = object["parameters"] as? [String: Any] ?? [:]
            parameters["sharpness"] = sharpness
            object["parameters"] = parameters
        }
        #expect(message.contains("parameters: sharpness"), "\(message)")
    }

    @Test func duplicateClassesAndATargetNamedLikeAnAttributeAreRefused() throws {
        let classes = try Self.loadError { $0["classes"] = ["a", "b", "a"] }
        #expect(classes.contains("classes: 'a' is listed twice"), "\(classes)")
        let target = try Self.loadError { $0["target"] = "size" }
        #expect(target.contains("target: 'size' is also the name of an attribute"))
    }

    @Test func trainingSummaryTablesMustMatchTheClasses() throws {
        let message = try Self.loadError { object in
            var training = object["training"] as? [String: Any] ?? [:]
            training["classCounts"] = [3]
            object["training"] = training
        }
        #expect(message.contains("training.classCounts"), "\(message)")
    }

    @Test func aNumericRangeWithoutBoundsIsRefused() throws {
        let message = try Self.loadError { object in
            Self.edit(&object, "combinations", 0) { combination in
                combination["ranges"] = [["attribute": "size", "weight": 1, "seeds": 1, "weeds": 0]]
            }
        }
        #expect(message.contains("combinations[0].ranges[0]: a range on numeric attribute 'size' needs lower and "
                                 + "upper"), "\(message)")
    }

    @Test func numbersOutOfRangeAreNamedAsSuch() throws {
        var object = try Self.goodModel()
        object["parameters"] = (object["parameters"] as? [String: Any] ?? [:]).merging(["sharpness": 123.25]) { $1 }
        let text = String(decoding: try JSONSerialization.data(withJSONObject: object, options: [.prettyPrinted]),
                          as: UTF8.self)
        let huge = Self.loadError(Data(text.replacingOccurrences(of: "123.25", with: "1e400").utf8))
        #expect(huge.contains("number 1e400 at line"), "\(huge)")
        #expect(huge.contains("out of range"), "\(huge)")
        let pastInt = text.replacingOccurrences(of: "\"rows\" : ", with: "\"rows\" : 9223372036854775808")
            .replacingOccurrences(of: "9223372036854775808 ", with: "9223372036854775808")
        let wide = Self.loadError(Data(pastInt.utf8))
        #expect(wide.contains("number 9223372036854775808"), "\(wide)")
        #expect(wide.contains("out of range for a whole-number field"), "\(wide)")
        let broken = Self.loadError(Data("{\n  \"format\": [1,\n}".utf8))
        #expect(broken.contains("invalid syntax at line"), "\(broken)")
    }

    /// The decoder calls a fraction in a whole-number field "not JSON"; the message names
    /// the number, its place and its field instead.
    @Test func aFractionWhereAWholeNumberBelongsIsNamedWithItsPlace() throws {
        let model = try ASONNModel.decode(try JSONSerialization.data(withJSONObject: Self.goodModel()), file: "m.json")
        let text = String(decoding: try model.jsonData(), as: UTF8.self)
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        let line = try #require(lines.firstIndex { $0.contains("\"represented\" : ") })
        let edited = lines.enumerated().map { index, content in
            index == line ? content.replacingOccurrences(of: #"("represented" : )(\d+)"#, with: "$1$2.5",
                                                          options: .regularExpression)[...] : content
        }.joined(separator: "\n")
        let key = try #require(lines[line].range(of: "\"represented\" : "))
        let column = key.upperBound.utf16Offset(in: lines[line]) + 1
        let message = Self.loadError(Data(edited.utf8))
        #expect(message.contains("a whole number belongs where the file has "), "\(message)")
        #expect(message.contains(".5 (line \(line + 1), column \(column), field 'represented')"), "\(message)")
    }

    @Test func aFractionInAListOfWholeNumbersAndTheLastOfSeveralAreFound() throws {
        struct Shape: Codable { var counts: [Int]; var size: Double; var rows: Int }
        func problem(_ text: String) -> String {
            JSONDiagnosis.problem(in: Data(text.utf8), as: Shape.self)
        }
        #expect(problem(#"{"size": 1.5, "counts": [1, 2.5], "rows": 3}"#)
                == "a whole number belongs where the file has 2.5 (line 1, column 29)")
        // Several: the last in the file is named (each alone would be too).
        #expect(problem("{\"size\": 1.5,\n \"counts\": [1.25],\n \"rows\": 3e-1}")
                == "a whole number belongs where the file has 3e-1 (line 3, column 10, field 'rows')")
        // Fractions only where fractions belong: the general message stays.
        #expect(problem(#"{"size": 1.5, "counts": [1], "rows": "x"}"#).hasPrefix("a field holds a value of the wrong"))
    }

    /// Every numeric field set to an awkward value, one at a time: each loads into a model
    /// that predicts without trapping, or is refused with a message.
    @Test func awkwardNumbersInEveryFieldNeverTrap() throws {
        let awkward: [Any] = [-1, 0, 1e308, -1e308, 1e-320, 9e18, -9e18, 2.5]
        let good = try Self.goodModel()
        var paths: [[String]] = []
        func collect(_ value: Any, _ path: [String]) {
            if let dictionary = value as? [String: Any] {
                for (key, inner) in dictionary { collect(inner, path + [key]) }
            } else if let list = value as? [Any] {
                for (i, inner) in list.enumerated() { collect(inner, path + ["\(i)"]) }
            } else if value is NSNumber {
                paths.append(path)
            }
        }
        collect(good, [])
        #expect(paths.count > 20)
        func replaced(_ value: Any, _ path: ArraySlice<String>, _ new: Any) -> Any {
            guard let key = path.first else { return new }
            if var dictionary = value as? [String: Any], let inner = dictionary[key] {
                dictionary[key] = replaced(inner, path.dropFirst(), new)
                return dictionary
            }
            if var list = value as? [Any], let i = Int(key), list.indices.contains(i) {
                list[i] = replaced(list[i], path.dropFirst(), new)
                return list
            }
            return value
        }
        for path in paths {
            for value in awkward {
                let data = try JSONSerialization.data(withJSONObject: replaced(good, path[...], value))
                guard let model = try? ASONNModel.decode(data, file: "m.json") else { continue }
                let row: [Double] = [1, 3, 7]
                let probabilities = model.probabilities(for: model.predict(row: row))
                #expect(probabilities.allSatisfy { $0.isFinite }, "\(path) = \(value)")
                let predictor = model.predictor()
                _ = predictor.predict(row: row)
                _ = predictor.predictSequentially(row: row)
                _ = predictor.explain(row: row)
                for range in model.combinations.flatMap(\.ranges) { _ = model.conditionText(range) }
                _ = try model.jsonData()
            }
        }
    }
}
