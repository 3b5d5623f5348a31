import Foundation
@testable import ASONN

/// The package's root folder, found from this file's path.
let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent()

/// The bundled data sets, by name.
let bundledDataSets = ["iris", "heart", "pima", "bupa", "wine"]

func bundled(_ name: String) throws -> Dataset {
    try Dataset.load(contentsOf: packageRoot.appendingPathComponent("Datasets/\(name).csv").path).dataset
}

/// Whether two rows of different classes conflict: the second lies inside the first's
/// point box (equal wherever the first has a value, or missing).
func hasConflictingRows(_ data: Dataset) -> Bool {
    for i in 0..<data.rowCount {
        for j in 0..<data.rowCount where data.labels[i] != data.labels[j] {
            var inside = true
            for a in 0..<data.attributeCount {
                let x = data.value(i, a), y = data.value(j, a)
                if !x.isNaN && !y.isNaN && x != y { inside = false; break }
            }
            if inside { return true }
        }
    }
    return false
}

/// Whether two rows of different classes hold the same values on every attribute (no
/// missing value): such a pair always makes the one built first ambiguous. Rows that
/// agree only where both are present need not: a box of one may exclude the other
/// through a value the first one lacks.
func hasIdenticalConflictingRows(_ data: Dataset) -> Bool {
    var seen: [[Double]: Int] = [:]
    for i in 0..<data.rowCount {
        let row = (0..<data.attributeCount).map { data.value(i, $0) }
        if row.contains(where: \.isNaN) { continue }
        if let label = seen[row], label != data.labels[i] { return true }
        seen[row] = data.labels[i]
    }
    return false
}

/// A random data set: numeric attributes with few distinct values (so VNs hold several
/// objects), categorical ones, missing values, 2-4 classes.
func randomDataset(seed: UInt64, allowMissing: Bool = true) -> Dataset {
    var generator = SeededGenerator(seed: seed)
    let rows = Int.random(in: 10...120, using: &generator)
    let attributeCount = Int.random(in: 1...6, using: &generator)
    let classCount = Int.random(in: 2...4, using: &generator)
    var attributes: [Attribute] = []
    var levels: [Int] = []
    for a in 0..<attributeCount {
        let categorical = Int.random(in: 0..<4, using: &generator) == 0
        let count = Int.random(in: 2...(categorical ? 5 : 12), using: &generator)
        levels.append(count)
        let kind: AttributeKind = categorical ? .categorical(categories: (0..<count).map { "c\($0)" }) : .numeric
        attributes.append(Attribute(name: "a\(a)", kind: kind))
    }
    var values: [Double] = []
    var labels: [Int] = []
    for _ in 0..<rows {
        for a in 0..<attributeCount {
            if allowMissing && Int.random(in: 0..<15, using: &generator) == 0 { values.append(.nan); continue }
            let level = Int.random(in: 0..<levels[a], using: &generator)
            values.append(attributes[a].isNumeric ? Double(level) * 1.5 - 3 : Double(level))
        }
        labels.append(Int.random(in: 0..<classCount, using: &generator))
    }
    // Every class present at least once.
    for c in 0..<classCount where c < rows { labels[c] = c }
    return Dataset(unchecked: "random\(seed)", attributes: attributes, targetName: "class",
                   classes: (0..<classCount).map { "k\($0)" }, values: values, labels: labels)
}

/// The definition, with no shortcut: every excitation, the first of equal scores
/// unless a later one has more support.
func plainPrediction(_ model: ASONNModel, _ row: [Double]) -> Prediction {
    var scores = [Double](repeating: 0, count: model.classes.count)
    var winners = [Int?](repeating: nil, count: model.classes.count)
    for (index, combination) in model.combinations.enumerated() {
        let e = model.excitation(of: combination, for: row)
        let c = combination.classIndex
        if winners[c] == nil || e > scores[c] {
            scores[c] = e
            winners[c] = index
        } else if e == scores[c], let current = winners[c],
                  combination.represented > model.combinations[current].represented {
            winners[c] = index
        }
    }
    return Prediction(classIndex: model.decide(scores: scores, winners: winners), scores: scores, winners: winners)
}

/// The model bytes of `data` with every construction step split across two cores, then
/// with none split (the two must be equal).
func bytesSplitAndUnsplit(_ parameters: ASONNParameters, _ data: Dataset) throws -> [Data] {
    try [0, Int.max].map { threshold in
        var classifier = ASONNClassifier(parameters: parameters)
        classifier.parallelUpdates = threshold
        return try classifier.fit(data).jsonData()
    }
}
