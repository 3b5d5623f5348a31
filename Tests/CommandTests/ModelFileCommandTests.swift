import Foundation
import Testing

/// Crafted model files: `predict` and `explain` refuse the same files, with the same
/// one-line message naming the file and the field, and never trap.
extension CommandTests {
    @Test func predictAndExplainRefuseTheSameDamagedModels() throws {
        let folder = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let data = folder.appendingPathComponent("shapes.csv")
        try write("colour,size,class\nred,1,a\nblue,2,b\ngreen,3,a\nred,4,b\nblue,5,a\ngreen,6,b\n", to: data)
        let model = folder.appendingPathComponent("shapes.json")
        #expect(try asonn("train", data.path, "-o", model.path, "--quiet").status == 0)
        let good = try String(contentsOf: model, encoding: .utf8)
        let damaged: [(String, String)] = [
            ("\"green\",\n        \"red\"", "\"green\",\n        \"red\", \"red\""),
            ("\"sharpness\" : 10", "\"sharpness\" : -3"),
            ("\"sharpness\" : 10", "\"sharpness\" : 1e400"),
        ]
        for (old, new) in damaged {
            #expect(good.contains(old), "the model file has \(old)")
            let bad = folder.appendingPathComponent("bad.json")
            try write(good.replacingOccurrences(of: old, with: new), to: bad)
            let predict = try asonn("predict", bad.path, data.path)
            let explain = try asonn("explain", bad.path)
            #expect(predict.status != 0 && explain.status != 0, "\(new)")
            #expect(predict.stderr == explain.stderr, "\(new)")
            #expect(predict.stderr.contains(bad.path), "\(predict.stderr)")
            #expect(predict.stderr.split(separator: "\n").count == 1, "\(predict.stderr)")
            #expect(!predict.stderr.contains("Fatal error"), "\(predict.stderr)")
        }
    }
}
