import Foundation
import Testing

/// `train`, `evaluate` and `explain` with self-configuration (the default) and with fixed settings.
extension CommandTests {
    @Test func trainChoosesItsSettingsUnlessTheyAreGiven() throws {
        let folder = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let model = folder.appendingPathComponent("wine.json")
        let auto = try asonn("train", "Datasets/wine.csv", "-o", model.path)
        #expect(auto.status == 0)
        #expect(auto.stderr.contains("chosen by 3-fold cross-validation on 178 training rows"), "\(auto.stderr)")
        let explained = try asonn("explain", model.path)
        #expect(explained.stdout.contains("chosen by 3-fold cross-validation"), "\(explained.stdout)")
        let json = try asonn("explain", model.path, "--format", "json")
        #expect(json.stdout.contains("\"configuration\""))
        for fixed in [["--min-discrimination", "2"], ["--stop-rule", "positive"], ["--configure", "fixed"],
                      ["--variant", "paper"]] {
            let run = try asonn(["train", "Datasets/wine.csv", "-o", model.path] + fixed)
            #expect(run.status == 0)
            #expect(run.stderr.contains("(fixed)"), "\(fixed): \(run.stderr)")
            #expect(try !String(contentsOf: model, encoding: .utf8).contains("\"configuration\""), "\(fixed)")
        }
    }
}

extension CommandTests {
    /// `--box-bounds` reaches the model's parameters; the paper variant keeps grown bounds;
    /// an unknown placement is refused with the accepted values.
    @Test func boxBoundsOptionReachesTheModel() throws {
        let folder = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let model = folder.appendingPathComponent("iris.json")
        for (options, expected) in [([String](), "midway"), (["--box-bounds", "hull"], "hull"),
                                    (["--variant", "paper"], "grown")] {
            let run = try asonn(["train", "Datasets/iris.csv", "--configure", "fixed", "-o", model.path] + options)
            #expect(run.status == 0, "\(options): \(run.stderr)")
            let text = try String(contentsOf: model, encoding: .utf8)
            #expect(text.contains("\"boxBounds\" : \"\(expected)\""), "\(options)")
        }
        let bad = try asonn("train", "Datasets/iris.csv", "-o", model.path, "--box-bounds", "tight")
        #expect(bad.status != 0)
        #expect(bad.stderr.contains("--box-bounds"), "\(bad.stderr)")
    }
}
