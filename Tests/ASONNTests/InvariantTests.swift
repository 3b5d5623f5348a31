import Foundation
import Testing
@testable import ASONN

/// The spec's invariants on every bundled data set and on random ones.
struct InvariantTests {
    static let variants: [(String, ASONNParameters)] = {
        var d2 = ASONNParameters()
        d2.minDiscrimination = 2
        var positive = ASONNParameters()
        positive.stopRule = .positiveCoefficient
        var grown = ASONNParameters()
        grown.boxBounds = .grown
        var hull = ASONNParameters()
        hull.boxBounds = .hull
        return [("default", ASONNParameters()), ("paper", .paper), ("d=2", d2), ("positive", positive),
                ("grown", grown), ("hull", hull)]
    }()

    @Test(arguments: bundledDataSets)
    func bundledDataKeepsTheTrainingGuarantee(name: String) throws {
        let data = try bundled(name)
        let conflicts = hasConflictingRows(data)
        for (label, parameters) in Self.variants {
            let model = try ASONNClassifier(parameters: parameters).fit(data)
            try model.validateStructure()
            try model.checkTrainingInvariants(on: data)
            if !conflicts {
                #expect(model.summary.ambiguousLines.isEmpty, "\(name) \(label)")
                #expect(model.predict(data) == data.labels, "\(name) \(label): 100% training accuracy")
            }
            #expect(model.combinations.reduce(0) { $0 + $1.represented } >= data.rowCount, "\(name) \(label)")
        }
    }

    @Test(arguments: 0..<60)
    func randomDataKeepsTheTrainingGuarantee(seed: Int) throws {
        let data = randomDataset(seed: UInt64(seed))
        let parameters = Self.variants[seed % Self.variants.count].1
        let model = try ASONNClassifier(parameters: parameters).fit(data)
        try model.validateStructure()
        try model.checkTrainingInvariants(on: data)
        if hasConflictingRows(data) {
            if hasIdenticalConflictingRows(data) {
                #expect(!model.summary.ambiguousLines.isEmpty)
                #expect(model.combinations.contains { $0.ambiguous })
            }
        } else {
            #expect(model.summary.ambiguousLines.isEmpty)
            #expect(model.predict(data) == data.labels)
        }
    }

    @Test func conflictingDuplicatesAreFlaggedAndConstructionEnds() throws {
        // Lines 2 and 3 are the same point with different classes.
        let data = try Dataset(name: "t",
                               attributes: [Attribute(name: "x", kind: .numeric), Attribute(name: "y", kind: .numeric)],
                           targetName: "c", classes: ["A", "B"],
                           values: [1, 1, 1, 1, 2, 2, 5, 5, 6, 6], labels: [0, 1, 0, 1, 1])
        let model = try ASONNClassifier().fit(data)
        #expect(model.summary.ambiguousLines == [2, 3])
        #expect(model.combinations.filter(\.ambiguous).count == 2)
        try model.checkTrainingInvariants(on: data)
        // Every unambiguous row is still right.
        let predicted = model.predict(data)
        #expect(predicted[2] == 0 && predicted[3] == 1 && predicted[4] == 1)
    }

    @Test func constructionIsDeterministic() throws {
        for name in bundledDataSets {
            let data = try bundled(name)
            let first = try ASONNClassifier().fit(data).jsonData()
            let second = try ASONNClassifier().fit(data).jsonData()
            #expect(first == second, "\(name): same input, same model bytes")
        }
        let random = randomDataset(seed: 7)
        #expect(try ASONNClassifier().fit(random).jsonData() == ASONNClassifier().fit(random).jsonData())
    }

    @Test func rowOrderDoesNotChangeTheClassOrder() throws {
        // The same file with its rows reversed, read afresh (a subset would copy `classes`).
        let data = try bundled("iris")
        let text = try String(contentsOf: packageRoot.appendingPathComponent("Datasets/iris.csv"), encoding: .utf8)
        let lines = text.split(whereSeparator: \.isNewline)
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("iris-reversed-\(UUID()).csv").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        let reversedText = ([lines[0]] + lines.dropFirst().reversed()).joined(separator: "\n")
        try Data(reversedText.utf8).write(to: URL(fileURLWithPath: path))
        let reversed = try Dataset.load(contentsOf: path).dataset
        #expect(reversed.row(0) == data.row(data.rowCount - 1) && reversed.labels.first != data.labels.first,
                "the row order really differs")

        #expect(reversed.classes == data.classes)
        let model = try ASONNClassifier().fit(reversed)
        #expect(model.classes == data.classes)
        #expect(model.summary.classCounts == data.classCounts)
        // The model's class indices mean the same classes: it labels the original rows as they are labelled.
        #expect(!hasConflictingRows(data))
        #expect(model.predict(data) == data.labels)
    }

    @Test func fitRejectsSingleClassData() throws {
        let data = try bundled("iris")
        let setosa = data.subset(data.labels.indices.filter { data.labels[$0] == 0 })
        #expect(throws: ParameterError.self) { try ASONNClassifier().fit(setosa) }
    }
}
