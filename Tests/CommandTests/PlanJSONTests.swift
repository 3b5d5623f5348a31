import Foundation
import Testing

/// `plan --format json`: the same choice and plan as the text, in a form a batch script can
/// read, and a failure that still lists the closest configurations and exits non-zero.
extension CommandTests {
    private func object(_ text: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any], "\(text)")
    }

    @Test func planAsJSONGivesTheTextsChoiceAndPlan() throws {
        let folder = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let model = folder.appendingPathComponent("plan.json").path
        let common = ["plan", "Datasets/heart.csv", "--costs", "CostProfiles/heart.json", "--budget", "150",
                      "--folds", "3", "--repeats", "1", "-o", model, "--quiet"]
        let text = try asonn(common)
        #expect(text.status == 0, "\(text.stderr)")
        let modelText = try String(contentsOfFile: model, encoding: .utf8)
        let json = try asonn(common + ["--format", "json"])
        #expect(json.status == 0, "\(json.stderr)")
        #expect(try String(contentsOfFile: model, encoding: .utf8) == modelText, "the same model either way")

        let listing = try object(json.stdout)
        #expect(listing["met"] as? Bool == true && listing["budget"] as? Double == 150)
        #expect(listing["folds"] as? Int == 3 && listing["repeats"] as? Int == 1)
        #expect(listing["model"] as? String == model)
        let chosen = try #require(listing["chosen"] as? [String: Any])
        let label = try #require(chosen["label"] as? String)
        let tests = try #require(chosen["tests"] as? [String])
        #expect(text.stdout.hasPrefix("Chosen: \(label) [tests: \(tests.joined(separator: " "))]"), "\(text.stdout)")
        let result = try #require(chosen["result"] as? [String: Any])
        let meanCost = try #require(result["meanCost"] as? Double)
        #expect(meanCost <= 150)
        let plan = try #require(listing["plan"] as? [String: Any])
        let expected = try #require(plan["expectedCost"] as? Double)
        #expect(text.stdout.contains(String(format: "Expected cost per case: %.2f CAD", expected)), "\(text.stdout)")
        #expect(listing["retrainedOverBudget"] as? Bool == (expected > 150))
        let steps = try #require(plan["steps"] as? [[String: Any]])
        #expect(Set(steps.compactMap { $0["attribute"] as? String }) == Set(tests))
    }

    @Test func planAsJSONListsTheClosestWhenNothingMeetsTheTarget() throws {
        let folder = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let model = folder.appendingPathComponent("none.json").path
        let run = try asonn("plan", "Datasets/heart.csv", "--costs", "CostProfiles/heart.json", "--min-accuracy",
                            "0.99", "--folds", "3", "--repeats", "1", "-o", model, "--quiet", "--format", "json")
        #expect(run.status != 0)
        #expect(run.stderr.contains("no configuration reaches accuracy of at least 0.990"), "\(run.stderr)")
        let listing = try object(run.stdout)
        #expect(listing["met"] as? Bool == false && listing["minAccuracy"] as? Double == 0.99)
        #expect(listing["chosen"] == nil && listing["plan"] == nil && listing["model"] == nil)
        let closest = try #require(listing["closest"] as? [[String: Any]])
        #expect(!closest.isEmpty)
        for choice in closest {
            let accuracy = try #require((choice["result"] as? [String: Any])?["accuracy"] as? Double)
            #expect(accuracy < 0.99)
        }
        #expect(!FileManager.default.fileExists(atPath: model))
        let bad = try asonn("plan", "Datasets/heart.csv", "--budget", "5", "-o", model, "--format", "xml")
        #expect(bad.status != 0 && bad.stderr.contains("--format"), "\(bad.stderr)")
    }
}
