import Foundation
import Testing
@testable import ASONN

/// Inputs the fuzz targets (Fuzz/, `make fuzz`) found to trap or to give a wrong answer, in
/// Fixtures/fuzz/{csv,costs,model}/. Each is replayed the way its target uses it: a data file
/// is read, turned into a data set and (when small) trained on; a cost profile is loaded and
/// resolved; a model file is loaded and used. An input may be refused with an error; it must
/// never trap, and what is accepted must give sound answers.
///
/// Each replay runs in a child process (an exit test), so an input that still traps fails its
/// own test and not the whole run.
struct FuzzRegressionTests {
    /// Regression inputs of faults found by fuzzing and not fixed yet (none today): their
    /// tests are expected to fail (a known issue) until the fix lands, and then report that
    /// the known issue is gone, so that the entry can be removed.
    static let openIssues: [String: Comment] = [:]

    static func inputs(_ target: String) -> [String] {
        guard let folder = Bundle.module.url(forResource: "Fixtures/fuzz/\(target)", withExtension: nil),
              let names = try? FileManager.default.contentsOfDirectory(atPath: folder.path) else { return [] }
        return names.filter { !$0.hasPrefix(".") }.sorted()
    }

    @Test(arguments: inputs("csv"))
    func dataFile(name: String) async {
        await replay("csv", name)
    }

    @Test(arguments: inputs("costs"))
    func costProfile(name: String) async {
        await replay("costs", name)
    }

    @Test(arguments: inputs("model"))
    func modelFile(name: String) async {
        await replay("model", name)
    }

    @Test func everyTargetHasRegressionInputs() {
        for target in ["csv", "costs", "model"] {
            #expect(!Self.inputs(target).isEmpty, "Fixtures/fuzz/\(target) is empty or missing")
        }
    }

    /// Replays one input in a child process. When it fails, the fuzz target shows where it traps:
    /// `make fuzz` once, then `Fuzz/.build/release/fuzz-TARGET Tests/ASONNTests/Fixtures/fuzz/TARGET/NAME`.
    private func replay(_ target: String, _ name: String) async {
        let check = {
            _ = await #expect(processExitsWith: .success, "Fixtures/fuzz/\(target)/\(name)") { [target, name] in
                try FuzzReplay.run(target, name)
            }
        }
        if let issue = Self.openIssues["\(target)/\(name)"] {
            await withKnownIssue(issue) { await check() }
        } else {
            await check()
        }
    }
}

/// The replay of one regression input, in the child process. A wrong answer traps with a
/// message, like a crash would.
enum FuzzReplay {
    static func run(_ target: String, _ name: String) throws {
        let folder = try #require(Bundle.module.url(forResource: "Fixtures/fuzz/\(target)", withExtension: nil))
        let file = folder.appendingPathComponent(name)
        let bytes = try [UInt8](Data(contentsOf: file))
        switch target {
        case "csv": dataFile(bytes, path: file.path)
        case "costs": costProfile(path: file.path)
        default: modelFile(bytes, path: file.path)
        }
    }

    static func require(_ condition: Bool, _ what: @autoclosure () -> String) {
        if !condition { fatalError("wrong answer: \(what())") }
    }

    // MARK: Data files, as `asonn train` reads them

    /// Reads the file, builds the data set with the class in the last column and then in the
    /// first, and trains on small ones.
    static func dataFile(_ bytes: [UInt8], path: String) {
        guard let table = try? DataTable.parse(bytes, file: path) else { return }
        for options in [DataOptions(), DataOptions(target: "1")] {
            guard let data = try? table.labelledDataset(options: options).dataset else { continue }
            require(data.values.count == data.rowCount * data.attributeCount, "values fill rows x attributes")
            require(data.labels.allSatisfy(data.classes.indices.contains), "every label names a class")
            if data.rowCount <= 40 && data.attributeCount <= 8 { train(data, costs: nil) }
        }
    }

    /// Trains as `asonn train` does; the model must be sound, keep the training guarantees,
    /// save and load again, and classify its training rows consistently.
    static func train(_ data: Dataset, costs: TestCosts?, lambda: Double = 0) {
        var parameters = ASONNParameters()
        parameters.lambda = lambda
        guard let model = try? ASONNClassifier(parameters: parameters).fit(data, costs: costs) else { return }
        do {
            try model.validateStructure()
            try model.checkTrainingInvariants(on: data)
        } catch {
            fatalError("wrong answer: \(error)")
        }
        guard let saved = try? model.jsonData(), (try? ASONNModel.decode(saved, file: "saved.json")) != nil else {
            fatalError("wrong answer: a trained model does not save and load again")
        }
        classify(model, rows: (0..<data.rowCount).map { Array(data.row($0)) })
    }

    // MARK: Cost profiles, resolved for the bundled data's columns

    static let columnSets: [[String]] = [
        ["age", "sex", "cp", "trestbps", "chol", "fbs", "restecg", "thalach", "exang", "oldpeak", "slope", "ca",
         "thal"],
        ["pregnancies", "glucose", "blood_pressure", "skin_thickness", "insulin", "bmi", "pedigree", "age"],
        ["mcv", "alkphos", "sgpt", "sgot", "gammagt", "drinks"],
        ["a", "b", "c"],
    ]

    static func costProfile(path: String) {
        guard let profile = try? CostProfile.load(from: path) else { return }
        for columns in columnSets {
            guard let costs = try? profile.resolve(for: columns, file: path) else { continue }
            require(costs.attributeCost.allSatisfy { $0.isFinite && $0 >= 0 }, "finite costs >= 0")
            require(costs.totalCost.isFinite, "the total cost \(costs.totalCost) is finite")
            // A small data set over the columns, trained with the costs (cost-weighted).
            let rows = 12
            let values = (0..<rows).flatMap { r in columns.indices.map { Double((r * 7 + $0 * 3) % 5) } }
            // A column named like the target makes no data set: nothing to train.
            guard let data = try? Dataset(name: "costs",
                                          attributes: columns.map { Attribute(name: $0, kind: .numeric) },
                                          targetName: "class", classes: ["no", "yes"], values: values,
                                          labels: (0..<rows).map { ($0 / 2) % 2 }) else { continue }
            train(data, costs: costs, lambda: 1)
        }
    }

    // MARK: Model files, as `asonn predict` and `asonn explain` use them

    static func modelFile(_ bytes: [UInt8], path: String) {
        guard let model = try? ASONNModel.decode(Data(bytes), file: path) else { return }
        let count = model.attributes.count
        func finiteOrMissing(_ x: Double?) -> Double { x.flatMap { $0.isFinite ? $0 : nil } ?? .nan }
        // Everything missing; every attribute at its minimum and at its maximum (or last category).
        var rows: [[Double]] = [[Double](repeating: .nan, count: count)]
        rows.append(model.attributes.map { $0.numeric ? finiteOrMissing($0.minimum) : 0 })
        rows.append(model.attributes.map { attribute in
            let last = Double(max((attribute.categories?.count ?? 0) - 1, 0))
            return attribute.numeric ? finiteOrMissing(attribute.maximum) : last
        })
        classify(model, rows: rows)
        _ = model.rules
        _ = model.panelCost
        // The same rows read from a CSV file with the model's columns, as `asonn predict` reads them.
        func quoted(_ text: String) -> String { "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\"" }
        var lines = [(model.attributes.map(\.name) + [model.targetName]).map(quoted).joined(separator: ",")]
        for row in rows {
            let fields = model.attributes.indices.map { a in
                if row[a].isNaN { return "" }
                return model.attributes[a].numeric ? "\(row[a])" : quoted(model.valueText(row[a], attribute: a))
            }
            lines.append((fields + [quoted(model.classes[0])]).joined(separator: ","))
        }
        if let table = try? DataTable.parse(Array(lines.joined(separator: "\n").utf8), file: "probe.csv"),
           let input = try? model.input(from: table) {
            classify(model, rows: (0..<input.rowCount).map { Array(input.row($0, attributeCount: count)) })
        }
    }

    /// Classifies each row every way the library offers; the answers must agree and the
    /// probabilities must be probabilities.
    static func classify(_ model: ASONNModel, rows: [[Double]]) {
        let predictor = model.predictor()
        let fast = predictor.predictions(values: rows.flatMap { $0 }, rowCount: rows.count,
                                              stride: model.attributes.count)
        for (r, row) in rows.enumerated() {
            let prediction = model.predict(row: row)
            require(fast[r].classIndex == prediction.classIndex, "the predictor and the definition agree")
            let probabilities = model.probabilities(for: prediction)
            require(probabilities.allSatisfy(\.isFinite) && abs(probabilities.reduce(0, +) - 1) < 1e-9,
                    "probabilities \(probabilities) are finite and sum to 1")
            _ = predictor.explain(row: row)
            let sequential = predictor.predictSequentially(row: row)
            require(sequential.classIndex == prediction.classIndex, "sequential acquisition ends at the same class")
            require(!sequential.cost.isNaN && sequential.cost >= 0, "the sequential cost \(sequential.cost) is >= 0")
        }
    }
}
