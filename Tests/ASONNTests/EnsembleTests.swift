import Foundation
import Testing
@testable import ASONN

/// Bagged ASONN (`ASONNClassifier.fitEnsemble`): the bootstrap samples, the members, the
/// soft vote, the file round trip and damaged ensemble files.
struct EnsembleTests {
    @Test(arguments: [0, 7, 123] as [UInt64])
    func bootstrapKeepsEveryClassCountAndDrawsWithinTheClass(seed: UInt64) throws {
        let data = try bundled("wine")
        let drawn = ASONNClassifier.bootstrap(data, seed: seed)
        #expect(drawn == drawn.sorted())
        #expect(drawn.allSatisfy { $0 >= 0 && $0 < data.rowCount })
        let counts = data.subset(drawn).classCounts
        #expect(counts == data.classCounts)
        // With replacement: some rows twice, so some rows not at all (178 draws of 178 rows).
        #expect(Set(drawn).count < drawn.count)
        #expect(ASONNClassifier.bootstrap(data, seed: seed) == drawn)
        #expect(ASONNClassifier.bootstrap(data, seed: seed + 1) != drawn)
    }

    /// Each member is exactly the model `fit` builds on its bootstrap sample, so every training
    /// guarantee holds for it on that sample.
    @Test func eachMemberIsTheModelOfItsBootstrapSample() throws {
        let data = try bundled("heart")
        let costs = try CostProfile.load(from: packageRoot.appendingPathComponent("CostProfiles/heart.json").path)
            .resolve(for: data.attributes.map(\.name))
        let classifier = ASONNClassifier()
        let ensemble = try classifier.fitEnsemble(data, costs: costs, members: 4, seed: 11)
        #expect(ensemble.members.count == 4)
        for (m, member) in ensemble.members.enumerated() {
            let sample = data.subset(ASONNClassifier.bootstrap(data, seed: 11 + UInt64(m)))
            let alone = try classifier.fit(sample, costs: costs)
            #expect(try member.jsonData() == alone.jsonData(), "member \(m)")
            try member.validateStructure()
            try member.checkTrainingInvariants(on: sample)
        }
        #expect(ensemble.attributes.map(\.name) == data.attributes.map(\.name))
        #expect(ensemble.combinationCount == ensemble.members.reduce(0) { $0 + $1.combinations.count })
    }

    @Test func theSameSeedGivesTheSameEnsembleAndAnotherSeedAnother() throws {
        let data = try bundled("bupa")
        let first = try ASONNClassifier().fitEnsemble(data, members: 3, seed: 5)
        let again = try ASONNClassifier().fitEnsemble(data, members: 3, seed: 5)
        let other = try ASONNClassifier().fitEnsemble(data, members: 3, seed: 6)
        #expect(try first.jsonData() == again.jsonData())
        #expect(try first.jsonData() != other.jsonData())
    }

    /// The vote by hand: the class most members give, of equal votes the highest mean of
    /// their softmax probabilities; the batch path gives the same as the row path.
    @Test(arguments: [2, 5])
    func theClassIsTheMajorityVoteTiesByMeanProbability(members count: Int) throws {
        let data = try bundled("wine")
        let ensemble = try ASONNClassifier().fitEnsemble(data, members: count, seed: 2)
        let predictor = ensemble.predictor()
        let batch = predictor.predictions(values: data.values, rowCount: data.rowCount, stride: data.attributeCount)
        #expect(batch.count == data.rowCount)
        var ties = 0
        for r in 0..<data.rowCount {
            let row = Array(data.row(r))
            var mean = [Double](repeating: 0, count: data.classes.count)
            var votes = [Int](repeating: 0, count: data.classes.count)
            for member in ensemble.members {
                let prediction = member.predict(row: row)
                for (c, p) in member.probabilities(for: prediction).enumerated() { mean[c] += p / Double(count) }
                votes[prediction.classIndex] += 1
            }
            let most = try #require(votes.max())
            let tied = votes.indices.filter { votes[$0] == most }
            if tied.count > 1 { ties += 1 }
            let best = try #require(tied.max { mean[$0] < mean[$1] || (mean[$0] == mean[$1] && $0 > $1) })
            let single = predictor.predict(row: row)
            #expect(single.classIndex == best, "row \(r)")
            #expect(single.votes == votes)
            #expect(single.probabilities == votes.map { Double($0) / Double(count) })
            #expect(zip(single.meanProbabilities, mean).allSatisfy { abs($0 - $1) < 1e-12 })
            #expect(batch[r] == single, "row \(r)")
        }
        // With two members some rows split the vote, so the tie rule is exercised.
        if count == 2 { #expect(ties > 0) }
        #expect(predictor.predictedClasses(data) == batch.map(\.classIndex))
    }

    @Test func aSelfConfiguredEnsembleBuildsEveryMemberWithTheSettingsChosenOnAllRows() throws {
        let data = try bundled("wine")
        let (configured, record) = try ASONNClassifier().selfConfigured(data)
        let ensemble = try ASONNClassifier().fitEnsemble(data, members: 2, seed: 0, selfConfigure: true)
        #expect(ensemble.configuration == record)
        for member in ensemble.members {
            #expect(member.parameters == configured.parameters)
            #expect(member.configuration == nil)
        }
    }

    @Test func theFileRoundTripsAndReadsAsAnEnsemble() throws {
        let data = try bundled("iris")
        let ensemble = try ASONNClassifier().fitEnsemble(data, members: 3, seed: 1)
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("ensemble-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("iris.json").path
        try ensemble.save(to: path)
        guard case .ensemble(let loaded) = try ModelFile.load(from: path) else {
            Issue.record("an ensemble file did not read as an ensemble")
            return
        }
        #expect(loaded == ensemble)
        #expect(try loaded.jsonData() == ensemble.jsonData())
        // A model file still reads as a model.
        let model = try ASONNClassifier().fit(data)
        try model.save(to: path)
        guard case .model(let single) = try ModelFile.load(from: path) else {
            Issue.record("a model file did not read as a model")
            return
        }
        #expect(single == model)
    }

    /// Damaged ensemble files: one clear message naming the file and the field, never a trap.
    @Test func damagedEnsembleFilesAreRefusedNamingTheField() throws {
        let data = try bundled("iris")
        let ensemble = try ASONNClassifier().fitEnsemble(data, members: 2, seed: 1)
        let good = String(decoding: try ensemble.jsonData(), as: UTF8.self)
        let cases: [(old: String, new: String, says: String)] = [
            ("\"version\" : 1", "\"version\" : 2", "version 2"),
            ("\"seed\" : 1", "\"seed\" : -1", "seed"),
            ("\"seed\" : 1", "\"seed\" : 1e400", "seed"),
            ("\"seed\" : 1,", "", "missing field 'seed'"),
            ("\"seed\" : 1,", "\"seed\" : 1, \"seed\" : 2,", "the key 'seed' appears twice"),
            ("\"sharpness\" : 10", "\"sharpness\" : -3", "members[0]"),
            ("\"name\" : \"sepal_width\"", "\"name\" : \"width\"", "members[0].attributes[1]"),
            ("\"Iris-setosa\",\n    \"Iris-versicolor\"", "\"Iris-versicolor\",\n    \"Iris-setosa\"", "classes"),
        ]
        for (old, new, says) in cases {
            #expect(good.contains(old), "the file has \(old)")
            // The first occurrence only: the ensemble's own fields come before its members'.
            guard let place = good.range(of: old) else { continue }
            let bad = Data(good.replacingCharacters(in: place, with: new).utf8)
            #expect(throws: ModelFileError.self, "\(new)") { try ASONNEnsemble.decode(bad, file: "bad.json") }
            do {
                _ = try ASONNEnsemble.decode(bad, file: "bad.json")
            } catch {
                #expect(error.file == "bad.json")
                #expect(error.message.contains(says), "\(error.message)")
                #expect(!error.description.contains("\n"), "\(error.description)")
            }
        }
        let empty = Data((#"{"format": "asonn-ensemble", "version": 1, "attributes": [], "target": "t", "#
                          + #""classes": ["a", "b"], "seed": 0, "members": []}"#).utf8)
        #expect(throws: ModelFileError.self) { try ASONNEnsemble.decode(empty, file: "empty.json") }
    }

    @Test func memberCountsOutOfRangeAreRefused() throws {
        let data = try bundled("iris")
        for members in [0, -1, ASONNClassifier.maxEnsembleMembers + 1] {
            #expect(throws: ParameterError.self) { try ASONNClassifier().fitEnsemble(data, members: members) }
        }
    }
}
