import Foundation
import Testing
@testable import ASONN

struct PersistenceTests {
    func temporaryPath(_ name: String) -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("asonn-\(UUID().uuidString)-\(name)").path
    }

    @Test(arguments: bundledDataSets)
    func saveAndLoadGiveIdenticalPredictions(name: String) throws {
        let data = try bundled(name)
        let split = Splits.holdout(labels: data.labels, classCount: data.classes.count, testFraction: 0.3, seed: 1)
        let model = try ASONNClassifier().fit(data.subset(split.train))
        let path = temporaryPath("\(name).json")
        defer { try? FileManager.default.removeItem(atPath: path) }
        try model.save(to: path)
        let loaded = try ASONNModel.load(from: path)
        #expect(loaded == model)
        let test = data.subset(split.test)
        #expect(loaded.predict(test) == model.predict(test))
        #expect(loaded.predictProbabilities(test) == model.predictProbabilities(test))
        #expect(try loaded.jsonData() == model.jsonData())
    }

    @Test func categoricalModelsRoundTrip() throws {
        let data = randomDataset(seed: 3)
        let model = try ASONNClassifier().fit(data)
        #expect(try ASONNModel.decode(model.jsonData(), file: "m.json") == model)
    }

    @Test func damagedOrForeignFilesGiveClearErrors() throws {
        let model = try ASONNClassifier().fit(try bundled("iris"))
        let good = String(decoding: try model.jsonData(), as: UTF8.self)
        let message = loadMessage
        #expect(message("not json at all").contains("not JSON"))
        #expect(message("{\"hello\": 1}").contains("not an ASONN model"))
        #expect(message(good.replacingOccurrences(of: "\"version\" : 1",
                                                  with: "\"version\" : 99")).contains("version 99"))
        #expect(message(String(good.prefix(good.count / 2))).hasPrefix("m.json: not a valid ASONN model"))
        #expect(message(good.replacingOccurrences(of: "\"class\" : \"Iris-setosa\"",
                                                  with: "\"class\" : \"Nope\"")).contains("unknown class 'Nope'"))
        let wing = good.replacingOccurrences(of: "\"attribute\" : \"petal_width\"", with: "\"attribute\" : \"wing\"")
        #expect(message(wing).contains("unknown attribute 'wing'"))
        // A weight changed by hand breaks the sum-to-one invariant.
        let tampered = good.replacingOccurrences(of: "\"weight\" : 0.", with: "\"weight\" : 7.")
        #expect(message(tampered).contains("damaged model"))
        #expect(throws: ModelFileError.self) { try ASONNModel.load(from: "/nonexistent/model.json") }
        // A model without combinations would give every row the first class.
        var object = try #require(try JSONSerialization.jsonObject(with: Data(good.utf8)) as? [String: Any])
        object["combinations"] = [Any]()
        let empty = String(decoding: try JSONSerialization.data(withJSONObject: object), as: UTF8.self)
        #expect(message(empty).contains("combinations: a model needs at least one"), "\(message(empty))")
    }

    @Test func jsonProblemsAreToldInTheFilesTermsWithTheirPlace() throws {
        let model = try ASONNClassifier().fit(try bundled("iris"))
        let good = String(decoding: try model.jsonData(), as: UTF8.self)
        let message = loadMessage
        #expect(message("") == "m.json: not a valid ASONN model: the file is empty")
        #expect(message(" \n ") == "m.json: not a valid ASONN model: the file is empty")
        let lines = good.split(separator: "\n", omittingEmptySubsequences: false)
        let cut = lines.prefix(12).joined(separator: "\n")
        #expect(message(cut).contains("the file is not JSON: it ends at line 12 inside an unfinished value"),
                "\(message(cut))")
        let deep = String(repeating: "[", count: 600) + String(repeating: "]", count: 600)
        #expect(message(deep).contains("nests lists or objects too deeply"), "\(message(deep))")
        // Wrong kinds and unknown names, with the field's path and no Swift type names.
        let wrongKind = message(good.replacingOccurrences(of: "\"classes\" : [", with: "\"classes\" : {\"x\": ["))
        #expect(!wrongKind.contains("Array<") && !wrongKind.contains("Dictionary<"), "\(wrongKind)")
        #expect(message("[1]").contains("expected an object"), "\(message("[1]"))")
        #expect(message("null").contains("null where an object belongs"), "\(message("null"))")
        #expect(good.contains("\"stopRule\" : \"blocked\""))
        let badRule = message(good.replacingOccurrences(of: "\"stopRule\" : \"blocked\"",
                                                        with: "\"stopRule\" : \"xyz\""))
        #expect(badRule.contains("'xyz' is not one of the accepted values at .") && badRule.hasSuffix(".stopRule"),
                "\(badRule)")
        #expect(!badRule.contains("Cannot initialize"))
    }

    @Test func savingDoesNotLeaveAPartialFile() throws {
        let model = try ASONNClassifier().fit(try bundled("iris"))
        let folder = temporaryPath("folder")
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let path = "\(folder)/model.json"
        try Data("earlier model".utf8).write(to: URL(fileURLWithPath: path))

        // Fail at the last moment: the new file is complete beside the old one, not yet renamed.
        let seen = SeenPaths()
        let expected = try model.jsonData()
        let target = try AtomicFile.fileTarget(path, what: "the model")
        defer { AtomicFile.faults.set(target, nil) }
        AtomicFile.faults.set(target) { temporary in
            if FileManager.default.contents(atPath: temporary) == expected { seen.add(temporary) }
            throw InjectedFault()
        }
        #expect(throws: ModelFileError.self) { try model.save(to: path) }
        #expect(seen.all.count == 1, "the complete temporary file existed when the rename failed")
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder) == ["model.json"],
                "no temporary file left")
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "earlier model", "the existing file is unchanged")

        #expect(throws: ModelFileError.self) { try model.save(to: "/nonexistent-dir/model.json") }
        #expect(!FileManager.default.fileExists(atPath: "/nonexistent-dir"))
    }
}

/// What loading `text` as the model file m.json says: its error, or "loaded".
private func loadMessage(_ text: String) -> String {
    do {
        _ = try ASONNModel.decode(Data(text.utf8), file: "m.json")
        return "loaded"
    } catch {
        return error.description
    }
}
