import ASONN
import Foundation

// What each fuzz target does with one input. An input may be refused with an error (that
// is fine and the usual outcome); it must never trap, and whatever is accepted must give
// sound results. A broken property traps on purpose (`wrong`), so that libFuzzer saves the
// input like any other crash.

/// Kinds of wrong answer not to stop on, from the environment variable FUZZ_IGNORE (comma-separated,
/// e.g. "training guarantee"): faults already recorded as regression inputs, so that a run can
/// look past them for new ones.
let ignoredKinds = Set((ProcessInfo.processInfo.environment["FUZZ_IGNORE"] ?? "").split(separator: ",")
    .map(String.init))

/// Stops with a message unless `condition` holds: the input was accepted but a result breaks a
/// documented property. `kind` names the property (the same kind is the same fault when crashes
/// are sorted); `detail` says what was found.
func expect(_ condition: Bool, _ kind: String, _ detail: @autoclosure () -> String) {
    if !condition && !ignoredKinds.contains(kind) {
        fatalError("wrong answer (\(kind)): \(detail())")
    }
}

// MARK: - CSV: what `asonn train` does with a data file

/// Tables up to this size are also trained on, as `asonn train` would.
let trainingRowLimit = 40
let trainingAttributeLimit = 8

/// Parses `bytes` as a CSV file, builds the labelled data set (class in the last column, then
/// in the first), and trains a model on small ones.
public func checkCSV(_ bytes: [UInt8]) {
    guard let table = try? DataTable.parse(bytes, file: "fuzz.csv") else { return }
    expect(table.rows.count == table.lines.count, "table", "a line number for every row")
    for row in table.rows {
        expect(row.count == table.header.count, "table", "every row has as many fields as the header")
    }
    for options in [DataOptions(), DataOptions(target: "1")] {
        guard let loaded = try? table.labelledDataset(options: options) else { continue }
        let data = loaded.dataset
        checkDataset(data)
        if data.rowCount <= trainingRowLimit && data.attributeCount <= trainingAttributeLimit {
            checkTraining(data, costs: nil)
        }
    }
}

/// The data set's own consistency: sizes, labels, and values that fit their attributes.
func checkDataset(_ data: Dataset) {
    expect(data.values.count == data.rowCount * data.attributeCount, "data set", "values fill rows x attributes")
    expect(data.lines.count == data.rowCount, "data set", "a line number for every row")
    expect(data.classes.count >= 2 && Set(data.classes).count == data.classes.count, "data set",
           "two or more distinct classes")
    expect(data.labels.allSatisfy { data.classes.indices.contains($0) }, "data set", "every label names a class")
    expect(data.classCounts.reduce(0, +) == data.rowCount, "data set", "class counts add up to the rows")
    for (a, attribute) in data.attributes.enumerated() {
        let categories = attribute.categories
        expect(Set(categories).count == categories.count, "data set", "distinct categories of '\(attribute.name)'")
        for r in 0..<data.rowCount {
            let x = data.value(r, a)
            if x.isNaN { continue }
            if attribute.isNumeric {
                expect(x.isFinite, "data set", "numeric value \(x) of '\(attribute.name)' is finite")
            } else {
                expect(x == x.rounded() && x >= 0 && Int(x) < categories.count, "data set",
                       "categorical value \(x) of '\(attribute.name)' is a category index")
            }
        }
    }
}

/// Trains a model on `data` as `asonn train` does, then checks it: its structure, the training
/// guarantees, saving and loading it again, and its predictions on the training rows.
func checkTraining(_ data: Dataset, costs: TestCosts?, lambda: Double = 0) {
    var parameters = ASONNParameters()
    parameters.lambda = lambda
    guard let model = try? ASONNClassifier(parameters: parameters).fit(data, costs: costs) else { return }
    do {
        try model.validateStructure()
    } catch {
        expect(false, "model structure", "a trained model is damaged: \(error)")
    }
    do {
        try model.checkTrainingInvariants(on: data)
    } catch {
        expect(false, "training guarantee", "\(error)")
    }
    checkSavedModelLoads(model)
    checkPredictions(model, rows: (0..<data.rowCount).map { Array(data.row($0)) })
}

// MARK: - Cost profiles: load, then resolve for the columns of the bundled data sets

/// The columns a profile is resolved for: the attributes of heart, pima and bupa (the data
/// sets the bundled profiles price), and a short list none of them prices in full.
let costColumnSets: [[String]] = [
    ["age", "sex", "cp", "trestbps", "chol", "fbs", "restecg", "thalach", "exang", "oldpeak", "slope", "ca",
     "thal"],
    ["pregnancies", "glucose", "blood_pressure", "skin_thickness", "insulin", "bmi", "pedigree", "age"],
    ["mcv", "alkphos", "sgpt", "sgot", "gammagt", "drinks"],
    ["a", "b", "c"],
]

/// A small data set over `columns`, to train with a resolved profile (nil if the columns
/// cannot make one, such as a column named like the target).
func costTrainingData(_ columns: [String]) -> Dataset? {
    let rows = 12
    var values: [Double] = []
    for r in 0..<rows {
        for a in columns.indices { values.append(Double((r * 7 + a * 3) % 5)) }
    }
    return try? Dataset(name: "costs", attributes: columns.map { Attribute(name: $0, kind: .numeric) },
                        targetName: "class", classes: ["no", "yes"], values: values,
                        labels: (0..<rows).map { ($0 / 2) % 2 })
}

let costTrainingSets = costColumnSets.compactMap(costTrainingData)

/// The profile file is read the way the command line reads it: from a file.
let profilePath = NSTemporaryDirectory() + "/asonn-fuzz-profile-\(ProcessInfo.processInfo.processIdentifier).json"

/// Loads `bytes` as a cost profile, resolves it for each column set, checks the resolved
/// costs, and trains a small cost-weighted model with them.
public func checkCostProfile(_ bytes: [UInt8]) {
    guard FileManager.default.createFile(atPath: profilePath, contents: Data(bytes)) else {
        fatalError("cannot write \(profilePath)")
    }
    guard let profile = try? CostProfile.load(from: profilePath) else { return }
    for data in costTrainingSets {
        let columns = data.attributes.map(\.name)
        guard let costs = try? profile.resolve(for: columns, file: "fuzz.json") else { continue }
        checkTestCosts(costs, attributeCount: columns.count)
        checkTraining(data, costs: costs, lambda: 1)
    }
}

/// Resolved costs: one finite, non-negative price per attribute, groups that exist, and a total
/// that is a number.
func checkTestCosts(_ costs: TestCosts, attributeCount: Int) {
    expect(costs.attributeCost.count == attributeCount && costs.groupOf.count == attributeCount, "resolved costs",
           "one cost and one group entry per attribute")
    expect(costs.groupNames.count == costs.groupCost.count, "resolved costs", "a cost for every group")
    expect(costs.attributeCost.allSatisfy { $0.isFinite && $0 >= 0 }, "resolved costs",
           "attribute costs are finite and >= 0")
    expect(costs.groupCost.allSatisfy { $0.isFinite && $0 >= 0 }, "resolved costs", "group costs are finite and >= 0")
    expect(costs.groupOf.allSatisfy { $0.map(costs.groupCost.indices.contains) ?? true }, "resolved costs",
           "groups exist")
    expect(costs.totalCost.isFinite, "total cost", "the total cost \(costs.totalCost) is finite")
    // Ranking weights that overflow are refused when training (checkTraining sees that).
}

// MARK: - Model files: load, then classify, explain and acquire sequentially

/// Decodes `bytes` as a model file (as `asonn predict` and `asonn explain` do); a model that
/// loads is then used on a few probe rows, given both as numbers and as a CSV file.
public func checkModel(_ bytes: [UInt8]) {
    guard let model = try? ASONNModel.decode(Data(bytes), file: "fuzz.json") else {
        if let ensemble = try? ASONNEnsemble.decode(Data(bytes), file: "fuzz.json") { checkEnsemble(ensemble) }
        return
    }
    let rows = probeRows(model)
    checkPredictions(model, rows: rows)
    _ = model.rules
    expect(!model.panelCost.isNaN, "panel cost", "the panel cost is a number")
    if let table = try? DataTable.parse(Array(probeCSV(model, rows).utf8), file: "probe.csv"),
       let input = try? model.input(from: table) {
        let stride = model.attributes.count
        checkPredictions(model, rows: (0..<input.rowCount).map { Array(input.row($0, attributeCount: stride)) })
    }
    checkSavedModelLoads(model)
}

/// An ensemble that loads classifies its members' probe rows the same one row at a time as
/// in a batch, and saves to bytes that load again to the same bytes.
func checkEnsemble(_ ensemble: ASONNEnsemble) {
    let predictor = ensemble.predictor()
    let width = ensemble.attributes.count
    let rows = ensemble.members.prefix(2).flatMap(probeRows).filter { $0.count == width }
    let batch = predictor.predictions(values: rows.flatMap { $0 }, rowCount: rows.count, stride: width)
    for (r, row) in rows.enumerated() {
        let single = predictor.predict(row: row)
        expect(batch.indices.contains(r) && batch[r] == single, "ensemble batch", "row \(r) differs from its batch")
        expect(single.votes.reduce(0, +) == ensemble.members.count, "ensemble votes", "every member votes once")
    }
    guard let saved = try? ensemble.jsonData() else {
        return expect(false, "ensemble save", "an ensemble cannot be saved")
    }
    let again = try? ASONNEnsemble.decode(saved, file: "saved.json")
    expect((try? again?.jsonData()) == saved, "ensemble save and load",
           "a saved ensemble does not load to the same bytes")
}

/// A saved model must load again, and save to the same bytes.
func checkSavedModelLoads(_ model: ASONNModel) {
    guard let saved = try? model.jsonData() else { return expect(false, "save and load", "a model cannot be saved") }
    let again: ASONNModel
    do {
        again = try ASONNModel.decode(saved, file: "saved.json")
    } catch {
        return expect(false, "save and load", "a saved model does not load again: \(error)")
    }
    expect((try? again.jsonData()) == saved, "save and load", "a model loaded again saves to other bytes")
}

/// Rows to classify with `model`: everything missing, every attribute at its training minimum
/// (first category) and maximum (last category), and a point inside each of the first rules.
func probeRows(_ model: ASONNModel) -> [[Double]] {
    let count = model.attributes.count
    func finiteOrMissing(_ x: Double?) -> Double { x.flatMap { $0.isFinite ? $0 : nil } ?? .nan }
    var rows: [[Double]] = [[Double](repeating: .nan, count: count)]
    rows.append(model.attributes.map { $0.numeric ? finiteOrMissing($0.minimum) : 0 })
    rows.append(model.attributes.map { attribute in
        let last = Double(max((attribute.categories?.count ?? 0) - 1, 0))
        return attribute.numeric ? finiteOrMissing(attribute.maximum) : last
    })
    for combination in model.combinations.prefix(4) {
        var row = [Double](repeating: .nan, count: count)
        for range in combination.ranges where row.indices.contains(range.attribute) {
            row[range.attribute] = range.isCategorical ? Double(range.categories.first ?? 0)
                                                       : finiteOrMissing(range.lower / 2 + range.upper / 2)
        }
        rows.append(row)
    }
    return rows
}

/// The probe rows as a CSV file with the model's columns (and its target), every field quoted.
func probeCSV(_ model: ASONNModel, _ rows: [[Double]]) -> String {
    func quoted(_ text: String) -> String { "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\"" }
    var lines = [(model.attributes.map(\.name) + [model.targetName]).map(quoted).joined(separator: ",")]
    for row in rows {
        var fields: [String] = []
        for (a, attribute) in model.attributes.enumerated() {
            let x = row[a]
            if x.isNaN {
                fields.append("")
            } else if attribute.numeric {
                fields.append("\(x)")
            } else {
                fields.append(quoted(model.valueText(x, attribute: a)))
            }
        }
        fields.append(quoted(model.classes[0]))
        lines.append(fields.joined(separator: ","))
    }
    return lines.joined(separator: "\n") + "\n"
}

/// Classifies each row every way the library offers and checks that the answers agree:
/// the fast scorer and the definition, probabilities that are probabilities, an explanation
/// of the predicted class, and sequential acquisition ending at the same class.
func checkPredictions(_ model: ASONNModel, rows: [[Double]]) {
    let stride = model.attributes.count
    let predictor = model.predictor()
    let fast = predictor.predictions(values: rows.flatMap { $0 }, rowCount: rows.count, stride: stride)
    for (r, row) in rows.enumerated() {
        let prediction = model.predict(row: row)
        expect(model.classes.indices.contains(prediction.classIndex), "prediction", "the predicted class exists")
        expect(fast[r].classIndex == prediction.classIndex, "scorer",
               "the scorer predicts class \(fast[r].classIndex), the definition \(prediction.classIndex)")
        let probabilities = model.probabilities(for: prediction)
        expect(probabilities.count == model.classes.count, "probabilities", "one probability per class")
        expect(probabilities.allSatisfy { $0.isFinite && $0 >= 0 && $0 <= 1 }, "probabilities",
               "probabilities \(probabilities) in [0, 1]")
        expect(abs(probabilities.reduce(0, +) - 1) < 1e-9, "probabilities", "probabilities \(probabilities) sum to 1")
        let explanation = predictor.explain(row: row)
        expect(explanation.class == model.classes[prediction.classIndex], "explanation",
               "the explanation is of the predicted class")
        let sequential = predictor.predictSequentially(row: row)
        expect(sequential.classIndex == prediction.classIndex, "sequential class",
               "sequential acquisition gives class \(sequential.classIndex), "
               + "measuring everything \(prediction.classIndex)")
        expect(Set(sequential.measured).count == sequential.measured.count
               && sequential.measured.allSatisfy(model.attributes.indices.contains), "sequential tests",
               "each test measured once")
        expect(!sequential.cost.isNaN && sequential.cost >= 0, "sequential cost",
               "the sequential cost \(sequential.cost) is >= 0")
    }
}
