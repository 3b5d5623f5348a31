import Foundation
import Testing

/// `train` calibrates the risk estimate with a cost profile; `predict --sequential --risk`
/// and `evaluate --risk` use it, and refuse what they cannot do with one clear line.
extension CommandTests {
    @Test func trainWithCostsCalibratesAndPredictStopsOnTheRiskBound() throws {
        let folder = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let model = folder.appendingPathComponent("heart.json")
        let train = try asonn("train", "Datasets/heart.csv", "--costs", "CostProfiles/heart.json", "-o", model.path,
                              "--quiet")
        #expect(train.status == 0, "\(train.stderr)")
        #expect(train.stderr.contains("risk calibration: "), "\(train.stderr)")
        #expect(try String(contentsOf: model, encoding: .utf8).contains("\"riskCalibration\""))

        let exact = try asonn("predict", model.path, "Datasets/heart.csv", "--sequential", "--format", "json")
        let bounded = try asonn("predict", model.path, "Datasets/heart.csv", "--sequential", "--risk", "0.4",
                                "--format", "json")
        #expect(exact.status == 0 && bounded.status == 0, "\(exact.stderr) \(bounded.stderr)")
        func meanCost(_ json: String) throws -> Double {
            let object = try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any]
            return try #require(object?["mean_cost"] as? Double)
        }
        #expect(try meanCost(bounded.stdout) < meanCost(exact.stdout))
        // Each row's explanation is of the class given, not of every test's answer.
        let explained = try asonn("predict", model.path, "Datasets/heart.csv", "--sequential", "--risk", "0.4",
                                  "--explain", "--format", "json")
        let object = try JSONSerialization.jsonObject(with: Data(explained.stdout.utf8)) as? [String: Any]
        let rows = try #require(object?["rows"] as? [[String: Any]])
        #expect(rows.count == 270)
        let contradicting = rows.filter { row in
            (row["explanation"] as? [String: Any])?["class"] as? String != row["prediction"] as? String
        }
        #expect(contradicting.isEmpty, "\(contradicting.prefix(1))")
    }

    @Test func riskNeedsACalibratedModelSequentialModeAndABoundInRange() throws {
        let folder = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let model = folder.appendingPathComponent("iris.json")
        let train = try asonn("train", "Datasets/iris.csv", "-o", model.path, "--quiet")
        #expect(train.status == 0)
        #expect(!train.stderr.contains("risk calibration"), "no cost profile, no calibration by default")
        let uncalibrated = try asonn("predict", model.path, "Datasets/iris.csv", "--sequential", "--risk", "0.1")
        #expect(uncalibrated.status != 0)
        #expect(uncalibrated.stderr.contains(model.path) && uncalibrated.stderr.contains("no risk calibration"),
                "\(uncalibrated.stderr)")
        #expect(uncalibrated.stderr.split(separator: "\n").count == 1, "\(uncalibrated.stderr)")
        for arguments in [["--risk", "0.1"], ["--sequential", "--risk", "1.5"], ["--sequential", "--risk", "nan"]] {
            let run = try asonn(["predict", model.path, "Datasets/iris.csv"] + arguments)
            #expect(run.status != 0 && run.stderr.contains("--risk"), "\(arguments): \(run.stderr)")
        }
        let evaluate = try asonn("evaluate", "Datasets/iris.csv", "--holdout", "0.3", "--risk", "-0.1", "--quiet")
        #expect(evaluate.status != 0 && evaluate.stderr.contains("--risk"), "\(evaluate.stderr)")

        let forced = try asonn("train", "Datasets/iris.csv", "-o", model.path, "--quiet", "--calibrate-risk")
        #expect(forced.status == 0 && forced.stderr.contains("risk calibration: "), "\(forced.stderr)")
        let calibrated = try asonn("predict", model.path, "Datasets/iris.csv", "--sequential", "--risk", "0.1")
        #expect(calibrated.status == 0, "\(calibrated.stderr)")
    }

    @Test func evaluatePrintsTheRiskCurve() throws {
        let run = try asonn("evaluate", "Datasets/bupa.csv", "--costs", "CostProfiles/bupa.json", "--holdout", "0.3",
                            "--risk", "0", "--risk", "0.3", "--quiet", "--configure", "fixed")
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("risk bound"), "\(run.stdout)")
        let json = try asonn("evaluate", "Datasets/bupa.csv", "--holdout", "0.3", "--risk", "0.3", "--quiet",
                             "--format", "json", "--configure", "fixed")
        let object = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any]
        let curve = try #require(object?["risk_curve"] as? [[String: Any]])
        #expect(curve.count == 1 && curve[0]["risk"] as? Double == 0.3)
        let plain = try asonn("evaluate", "Datasets/bupa.csv", "--holdout", "0.3", "--quiet", "--format", "json",
                              "--configure", "fixed")
        #expect(!plain.stdout.contains("risk"), "no risk figures unless asked for")
    }

    @Test func aPlanWithinABudgetStopsAtItsRiskBoundByDefault() throws {
        let folder = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let model = folder.appendingPathComponent("plan.json")
        // At 40 of 336.47 per case the exact configurations that fit are far less accurate
        // than the risk-bounded ones (measured with one repeat: it takes "5 tests, lambda 0, prune none, risk 0.3").
        let plan = try asonn("plan", "Datasets/heart.csv", "--costs", "CostProfiles/heart.json", "--budget", "40",
                             "--lambdas", "0", "--prune", "none", "--folds", "3", "--repeats", "1", "--risk", "0.3",
                             "-o", model.path, "--quiet")
        #expect(plan.status == 0, "\(plan.stderr)")
        let chosen = try #require(plan.stdout.split(separator: "\n").first { $0.hasPrefix("Chosen:") })
        let object = try JSONSerialization.jsonObject(with: Data(contentsOf: model)) as? [String: Any]
        let calibration = try #require(object?["riskCalibration"] as? [String: Any])
        let planRisk = try #require(calibration["planRisk"] as? Double, "\(chosen)")
        #expect(planRisk == 0.3 && chosen.contains("risk 0.3"), "\(chosen)")
        func meanCost(_ extra: String...) throws -> Double {
            let run = try asonn(["predict", model.path, "Datasets/heart.csv", "--sequential", "--format", "json"]
                                + extra)
            let object = try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any]
            return try #require(object?["mean_cost"] as? Double)
        }
        #expect(try meanCost() == meanCost("--risk", planRisk.description))
        #expect(try meanCost() < meanCost("--risk", "0"))
        let sharded = try asonn("tradeoff", "Datasets/heart.csv", "--costs", "CostProfiles/heart.json",
                                "--shard", "1/2", "--risk", "0.2", "--out", folder.path)
        #expect(sharded.status != 0 && sharded.stderr.contains("--risk"), "\(sharded.stderr)")
    }
}
