import Foundation
import Testing

/// `--ensemble N` end to end: `train` writes an ensemble that `predict` and `explain` read,
/// `evaluate` measures one, and what an ensemble cannot do is refused in one line.
extension CommandTests {
    @Test func trainedEnsemblePredictsExplainsAndRefusesSequentialAcquisition() throws {
        let folder = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let model = folder.appendingPathComponent("heart-ensemble.json").path
        let train = try asonn("train", "Datasets/heart.csv", "--ensemble", "3", "--ensemble-seed", "4", "-o", model,
                              "--quiet")
        #expect(train.status == 0, "\(train.stderr)")
        #expect(train.stderr.contains("ensemble: 3 members"), "\(train.stderr)")

        let predict = try asonn("predict", model, "Datasets/heart.csv", "--format", "csv", "--probabilities")
        #expect(predict.status == 0, "\(predict.stderr)")
        let lines = predict.stdout.split(separator: "\n")
        #expect(lines.count == 271)
        #expect(lines.first?.hasPrefix("line,prediction,actual") == true, "\(lines.first ?? "")")

        let explain = try asonn("explain", model)
        #expect(explain.status == 0, "\(explain.stderr)")
        #expect(explain.stdout.contains("ensemble of 3 members"))
        #expect(explain.stdout.contains("== member 3 of 3 =="))
        let json = try asonn("explain", model, "--format", "json")
        let parsed = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any]
        #expect((parsed?["member_rules"] as? [Any])?.count == 3)

        for refused in [["--sequential"], ["--explain"], ["--sequential", "--risk", "0.1"]] {
            let run = try asonn(["predict", model, "Datasets/heart.csv"] + refused)
            #expect(run.status != 0, "\(refused)")
            #expect(run.stderr.contains(model) && run.stderr.contains("ensemble"), "\(run.stderr)")
            #expect(run.stderr.split(separator: "\n").count == 1, "\(run.stderr)")
        }
    }

    /// The panel cost `predict` reports for an ensemble is priced with its cost profile, not
    /// one unit per test: heart's thirteen tests cost 336.47 in all with it, 13 without.
    @Test func anEnsemblesPanelCostIsPricedWithItsProfile() throws {
        let folder = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let model = folder.appendingPathComponent("heart-costed.json").path
        let train = try asonn("train", "Datasets/heart.csv", "--costs", "CostProfiles/heart.json", "--ensemble", "2",
                              "-o", model, "--quiet")
        #expect(train.status == 0, "\(train.stderr)")
        let predict = try asonn("predict", model, "Datasets/heart.csv", "--format", "json")
        let report = try JSONSerialization.jsonObject(with: Data(predict.stdout.utf8)) as? [String: Any]
        let cost = try #require(report?["panel_cost"] as? Double)
        #expect(cost > 13 && cost <= 336.47 + 1e-9, "\(cost)")
    }

    @Test func evaluateMeasuresAnEnsembleAndItsOptionsAreChecked() throws {
        let run = try asonn("evaluate", "Datasets/iris.csv", "--holdout", "0.3", "--ensemble", "3", "--format", "json",
                            "--quiet")
        #expect(run.status == 0, "\(run.stderr)")
        let report = try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any]
        let accuracy = try #require(report?["accuracy"] as? Double)
        #expect(accuracy > 0.8 && accuracy <= 1)
        #expect(report?["ensemble_members"] as? Int == 3)
        let table = try asonn("evaluate", "Datasets/iris.csv", "--holdout", "0.3", "--ensemble", "3", "--quiet")
        #expect(table.stdout.contains("bagged ensembles of 3 models"), "\(table.stdout)")
        #expect(!table.stdout.contains("mean sequential cost"), "an ensemble has no sequential acquisition")
        let single = try asonn("evaluate", "Datasets/iris.csv", "--holdout", "0.3", "--format", "json", "--quiet")
        #expect(!single.stdout.contains("ensemble_members"))

        let bad: [([String], String)] = [
            (["evaluate", "Datasets/iris.csv", "--holdout", "0.3", "--ensemble", "0"], "--ensemble"),
            (["evaluate", "Datasets/iris.csv", "--holdout", "0.3", "--ensemble", "1001"], "--ensemble"),
            (["evaluate", "Datasets/iris.csv", "--holdout", "0.3", "--ensemble", "2", "--risk", "0.1"], "--risk"),
            (["train", "Datasets/iris.csv", "--ensemble", "2", "--calibrate-risk", "-o", "/tmp/never.json"],
             "--calibrate-risk"),
        ]
        for command in ["train", "evaluate"] {
            let help = try asonn(command, "--help").stdout
            let words = help.split(whereSeparator: \.isWhitespace).joined(separator: " ")
            #expect(words.contains("(from 1 to 1000), each on a stratified bootstrap sample"), "\(command) --help")
            #expect(!help.contains("\\"), "\(command) --help shows no stray backslash")
        }
        for (arguments, option) in bad {
            let run = try asonn(arguments)
            #expect(run.status != 0, "\(arguments)")
            #expect(run.stderr.contains(option), "\(arguments): \(run.stderr)")
        }
        #expect(!FileManager.default.fileExists(atPath: "/tmp/never.json"))
    }
}
