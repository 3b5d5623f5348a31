import Foundation
import Testing

/// Hostile files and option values through the `asonn` tool: a one-line error naming the
/// file, a non-zero exit, and no hang.
struct HostileEvaluateTests {
    private typealias Run = CommandTests.Run

    private func asonn(_ arguments: String...) throws -> Run {
        try asonn(arguments)
    }

    private func asonn(_ arguments: [String]) throws -> Run {
        try CommandTests.launch(CommandTests.executable, arguments)
    }

    private func folder() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("asonn-hostile-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    private func oneLine(_ text: String) -> Bool {
        text.trimmingCharacters(in: .whitespacesAndNewlines).split(separator: "\n").count == 1
    }

    @Test func evaluateNamesTheFileAndTheClassTooSmallToSplit() throws {
        let dir = try folder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("lonely.csv")
        var text = "x,class\n"
        for row in 0..<20 { text += "\(row),common\n" }
        text += "99,rare\n"
        try Data(text.utf8).write(to: file)
        for scheme in [["--folds", "5"], ["--holdout", "0.5"]] {
            let run = try asonn(["evaluate", file.path, "--quiet"] + scheme)
            #expect(run.status != 0)
            #expect(run.stderr.contains("lonely.csv"), "\(run.stderr)")
            #expect(run.stderr.contains("'rare' has 1 row"), "\(run.stderr)")
            #expect(!run.stderr.contains("at least two classes"))
            #expect(oneLine(run.stderr))
        }
    }

    @Test func absurdRepeatAndFoldCountsAreRefusedAtOnce() throws {
        let repeats = try asonn("evaluate", "Datasets/iris.csv", "--folds", "3", "--repeats", "9223372036854775807")
        #expect(repeats.status != 0)
        #expect(repeats.stderr.contains("10000"), "\(repeats.stderr)")
        #expect(repeats.seconds < 10)
        let huge = try asonn("evaluate", "Datasets/iris.csv", "--folds", "9223372036854775807", "--quiet")
        #expect(huge.status != 0)
        #expect(huge.stderr.contains("--folds must be at least 2 and at most 1000"), "\(huge.stderr)")
        // Within the option's range but more folds than the smallest class has rows.
        let folds = try asonn("evaluate", "Datasets/iris.csv", "--folds", "200", "--quiet")
        #expect(folds.status != 0)
        #expect(folds.stderr.contains("iris.csv") && folds.stderr.contains("at most 50 folds"), "\(folds.stderr)")
        #expect(folds.seconds < 10)
    }

    /// NaN-like labels once made the class order depend on each run's hash seed.
    @Test func nanLikeLabelsGiveTheSameModelBytesInEveryRun() throws {
        let dir = try folder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("nan-labels.csv")
        let labels = ["-nan", "snan", "+nan", "nan(0x5)", "-snan", "1", "2", "inf"]
        var text = "x,y,class\n"
        for row in 0..<64 { text += "\(row % 9),\(row % 5),\(labels[row % labels.count])\n" }
        try Data(text.utf8).write(to: file)
        var models = Set<Data>()
        for run in 0..<4 {
            let model = dir.appendingPathComponent("model\(run).json")
            let train = try asonn("train", file.path, "-o", model.path, "--quiet")
            #expect(train.status == 0, "\(train.stderr)")
            models.insert(try Data(contentsOf: model))
        }
        #expect(models.count == 1)
    }

    @Test func aTenMegabyteBadFieldIsRejectedFastInOneShortLine() throws {
        let dir = try folder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("big.csv")
        var bytes = Array("x,class\n1,a\n2,b\n".utf8)
        bytes += [UInt8](repeating: UInt8(ascii: "x"), count: 10_000_000)
        bytes += Array(",a\n".utf8)
        try Data(bytes).write(to: file)
        let run = try asonn("train", file.path, "--numeric", "x", "-o", dir.appendingPathComponent("m.json").path)
        #expect(run.status != 0)
        #expect(run.stderr.contains("big.csv:4"))
        #expect(run.stderr.utf8.count < 400, "\(run.stderr.prefix(400))")
        #expect(oneLine(run.stderr))
        #expect(run.seconds < 5, "\(run.seconds) s")
    }

    @Test func crOnlyLineEndsGiveTheFaultyLine() throws {
        let dir = try folder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("mac.csv")
        try Data("x,y,class\r1,2,a\r3,4,b\r5,oops,a,extra\r".utf8).write(to: file)
        let run = try asonn("train", file.path, "-o", dir.appendingPathComponent("m.json").path)
        #expect(run.status != 0)
        #expect(run.stderr.contains("mac.csv:4:"), "\(run.stderr)")
    }
}
