import Foundation
import Testing

/// `asonn predict -o`: the file is the output standard output would get, written completely
/// or not at all.
struct PredictOutputTests {
    let cli = CommandTests()

    private func trainedIris(in folder: URL) throws -> String {
        let model = folder.appendingPathComponent("iris.json").path
        let train = try cli.asonn("train", "Datasets/iris.csv", "-o", model, "--quiet")
        #expect(train.status == 0, "\(train.stderr)")
        return model
    }

    @Test func dataWithNoColumnOfTheModelIsRefused() throws {
        let folder = try cli.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let model = try trainedIris(in: folder)
        let out = folder.appendingPathComponent("out.csv")
        let run = try cli.asonn("predict", model, "Datasets/bupa.csv", "-o", out.path)
        FileSafetyTests().expectOneLineFailure(run, [
            "Datasets/bupa.csv: no column is named after any attribute the model uses ('sepal_length'",
        ])
        #expect(!FileManager.default.fileExists(atPath: out.path))
    }

    @Test func theFileHoldsWhatStandardOutputGets() throws {
        let folder = try cli.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let model = try trainedIris(in: folder)
        for format in ["csv", "table", "json"] {
            let out = folder.appendingPathComponent("out.\(format)")
            let toFile = try cli.asonn("predict", model, "Datasets/iris.csv", "--format", format, "--probabilities",
                                       "-o", out.path)
            #expect(toFile.status == 0 && toFile.stdout.isEmpty, "\(toFile.stderr)")
            let toStdout = try cli.asonn("predict", model, "Datasets/iris.csv", "--format", format, "--probabilities")
            let written = try String(contentsOf: out, encoding: .utf8)
            if format == "json" {
                // The classification time differs from run to run.
                let strip = { (text: String) in text.split(separator: "\n").filter { !$0.contains("predict_seconds") } }
                #expect(strip(written) == strip(toStdout.stdout))
            } else {
                #expect(written == toStdout.stdout)
            }
        }
    }

    @Test func aBadRowLeavesNoOutputFileAndTheOldOneWhole() throws {
        let folder = try cli.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let model = try trainedIris(in: folder)
        var rows = "sepal_length,sepal_width,petal_length,petal_width,class\n"
        for _ in 0..<100_000 { rows += "5.1,3.5,1.4,0.2,Iris-setosa\n" }
        rows += "5.1,wide,1.4,0.2,Iris-setosa\n"
        let data = folder.appendingPathComponent("rows.csv")
        try cli.write(rows, to: data)
        let out = folder.appendingPathComponent("out.csv")
        try cli.write("earlier output\n", to: out)
        let run = try cli.asonn("predict", model, data.path, "--format", "csv", "-o", out.path)
        #expect(run.status != 0)
        #expect(run.stderr.contains("rows.csv:100002") && run.stderr.contains("sepal_width"), "\(run.stderr)")
        #expect(try String(contentsOf: out, encoding: .utf8) == "earlier output\n")
        let left = try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
        #expect(left == ["iris.json", "out.csv", "rows.csv"], "no temporary file is left")

        // On standard output the blocks before the bad one are written, then the error.
        let streamed = try cli.asonn("predict", model, data.path, "--format", "csv")
        #expect(streamed.status != 0)
        #expect(streamed.stderr.contains("rows.csv:100002"))
        #expect(streamed.stdout.hasPrefix("line,prediction,actual\n2,Iris-setosa,Iris-setosa\n"))
        #expect(!streamed.stdout.contains("100002,"))
    }

    @Test func aBadRowOnStandardOutputEndsItAfterEveryRowOfTheBlocksBefore() throws {
        let folder = try cli.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let training = folder.appendingPathComponent("train.csv")
        try cli.write("x,y,class\n1,1,a\n2,2,a\n8,8,b\n9,9,b\n", to: training)
        let model = folder.appendingPathComponent("model.json").path
        let train = try cli.asonn("train", training.path, "-o", model, "--quiet")
        #expect(train.status == 0, "\(train.stderr)")
        // Long input lines, so that the bad row is in a later block (blocks end at a piece of
        // the file); short output lines, so that a block's output is below one large write.
        var rows = "x,y,class\n"
        for _ in 0..<100_000 { rows += "1.000000000000,1.000000000000,a\n" }
        rows += "1,high,a\n"
        let data = folder.appendingPathComponent("rows.csv")
        try cli.write(rows, to: data)
        let run = try cli.asonn("predict", model, data.path, "--format", "csv")
        #expect(run.status != 0)
        #expect(run.stderr.contains("rows.csv:100002"), "\(run.stderr)")
        let lines = run.stdout.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.first == "line,prediction,actual" && lines.last == "")
        let written = lines.dropFirst().dropLast()
        // Every row of the first block (65,536 rows at least), in order, none of the bad block's.
        #expect(written.count >= 65_536 && written.count < 100_000, "\(written.count) rows")
        #expect(written.enumerated().allSatisfy { $1 == "\($0 + 2),a,a" })
    }

    @Test func anOutputOverTheDataIsRefusedBeforeAnyWork() throws {
        let folder = try cli.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let model = try trainedIris(in: folder)
        let data = folder.appendingPathComponent("rows.csv")
        let original = "sepal_length,sepal_width,petal_length,petal_width,class\n5.1,3.5,1.4,0.2,Iris-setosa\n"
        try cli.write(original, to: data)
        let run = try cli.asonn("predict", model, data.path, "--format", "csv", "-o", data.path)
        #expect(run.status != 0)
        #expect(run.stderr.contains("it is the input"), "\(run.stderr)")
        #expect(try String(contentsOf: data, encoding: .utf8) == original)
    }
}
