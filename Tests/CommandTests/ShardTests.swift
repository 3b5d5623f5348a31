import Foundation
import Testing

/// Sharded trade-off batches: `tradeoff --shard K/N` and `tradeoff merge`.
struct ShardTests {
    let cli = CommandTests()
    let safety = FileSafetyTests()
    /// A small grid, so that every test runs whole batches in about a second.
    static let grid = ["--lambdas", "0,2", "--prune", "none", "--folds", "3", "--quiet"]
    static let files = ["index.html"] + ["iris", "bupa"].flatMap { name in
        ["tradeoff.json", "tradeoff.csv", "tradeoff.md", "report.html"].map { "\(name)/\($0)" }
    }

    /// A manifest of two bundled data sets in a fresh folder.
    func manifest() throws -> (dir: URL, manifest: String) {
        let dir = try cli.temporaryDirectory()
        let root = CommandTests.root.path
        try cli.write("\(root)/Datasets/iris.csv\n\(root)/Datasets/bupa.csv=\(root)/CostProfiles/bupa.json\n",
                      to: dir.appendingPathComponent("batch.txt"))
        return (dir, dir.appendingPathComponent("batch.txt").path)
    }

    /// Runs shards 1...count of the batch into `parts`.
    func runShards(_ manifest: String, count: Int, parts: URL, extra: [String] = []) throws {
        for k in 1...count {
            let run = try cli.asonn(["tradeoff", "--manifest", manifest, "--shard", "\(k)/\(count)",
                                     "--out", parts.path] + Self.grid + extra)
            #expect(run.status == 0, "\(run.stderr)")
        }
    }

    func bytes(_ url: URL) throws -> Data { try Data(contentsOf: url) }

    /// Also with both data sets cross-validated on a sample of their rows (`--study-rows`).
    @Test(arguments: [[], ["--study-rows", "120"]])
    func threeShardsMergeToTheSingleRunsBytesInEveryFile(_ options: [String]) throws {
        let (dir, manifest) = try manifest()
        defer { try? FileManager.default.removeItem(at: dir) }
        let single = dir.appendingPathComponent("single"), merged = dir.appendingPathComponent("merged")
        let parts = dir.appendingPathComponent("parts")
        let run = try cli.asonn(["tradeoff", "--manifest", manifest, "--out", single.path, "--no-timings"]
                                + Self.grid + options)
        #expect(run.status == 0, "\(run.stderr)")
        try runShards(manifest, count: 3, parts: parts, extra: ["--no-timings"] + options)
        #expect(try FileManager.default.contentsOfDirectory(atPath: parts.path).sorted()
                == ["shard-1-of-3.json", "shard-2-of-3.json", "shard-3-of-3.json"])
        let merge = try cli.asonn("tradeoff", "merge", parts.path, "--out", merged.path)
        #expect(merge.status == 0, "\(merge.stderr)")
        #expect(merge.stderr.contains("merged 3 shard(s) of 2 data set(s)"))
        for file in Self.files {
            let a = try bytes(single.appendingPathComponent(file)), b = try bytes(merged.appendingPathComponent(file))
            #expect(a == b, "\(file) differs")
        }
        let report = try String(contentsOf: single.appendingPathComponent("bupa/tradeoff.md"), encoding: .utf8)
        #expect(report.contains("of the 345 rows.") == !options.isEmpty)
    }

    /// With build times recorded, the merged report holds each shard's measured times and
    /// every other figure exactly as a single run.
    @Test func mergedSingleDataSetMatchesTheSingleRunButForBuildTimes() throws {
        let dir = try cli.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let single = dir.appendingPathComponent("single"), merged = dir.appendingPathComponent("merged")
        let parts = dir.appendingPathComponent("parts")
        let study = ["tradeoff", "Datasets/bupa.csv", "--costs", "CostProfiles/bupa.json"] + Self.grid
        #expect(try cli.asonn(study + ["--out", single.path]).status == 0)
        for k in 1...3 { #expect(try cli.asonn(study + ["--shard", "\(k)/3", "--out", parts.path]).status == 0) }
        // -o is --out, as train's and plan's -o names their output.
        #expect(try cli.asonn("tradeoff", "merge", parts.path, "-o", merged.path, "--quiet").status == 0)
        func withoutTimes(_ folder: URL) throws -> [String: Any] {
            let object = try JSONSerialization.jsonObject(with: bytes(folder.appendingPathComponent("tradeoff.json")))
            var report = try #require(object as? [String: Any])
            let results = try #require(report["results"] as? [[String: Any]])
            #expect(results.count == 6)
            report["results"] = results.map { result in result.filter { $0.key != "buildSeconds" } }
            return report
        }
        let a = try withoutTimes(single), b = try withoutTimes(merged)
        #expect(NSDictionary(dictionary: a).isEqual(to: b))
    }

    @Test func aShardWritesTheSameBytesEveryTimeAndTheSharesCoverTheBatchOnce() throws {
        let (dir, manifest) = try manifest()
        defer { try? FileManager.default.removeItem(at: dir) }
        let first = dir.appendingPathComponent("a"), second = dir.appendingPathComponent("b")
        try runShards(manifest, count: 3, parts: first, extra: ["--no-timings"])
        try runShards(manifest, count: 3, parts: second, extra: ["--no-timings"])
        var covered: [Int: [Int]] = [:]
        for k in 1...3 {
            let name = "shard-\(k)-of-3.json"
            let a = try bytes(first.appendingPathComponent(name))
            #expect(a == (try bytes(second.appendingPathComponent(name))), "\(name) differs between runs")
            let object = try #require(try JSONSerialization.jsonObject(with: a) as? [String: Any])
            for part in try #require(object["parts"] as? [[String: Any]]) {
                let study = try #require(part["study"] as? Int)
                let range = try #require((part["part"] as? [String: Any])?["configurations"] as? [Int])
                covered[study, default: []] += Array(range[0]..<range[1])
            }
        }
        // iris: 4 units, bupa: 2 units; x 2 lambdas x 1 prune mode + 2 references each.
        #expect(covered[0] == Array(0..<10))
        #expect(covered[1] == Array(0..<6))
    }

    @Test func shardOutOfRangeOrMalformedIsRefused() throws {
        let study = ["tradeoff", "Datasets/iris.csv", "--out", "/nonexistent/never"] + Self.grid
        let cases = [("0/3", "shard 0 of 3 does not exist"), ("4/3", "shard 4 of 3 does not exist"),
                     ("1/0", "the shard count must be from 1 to 10000, not 0"), ("x/y", "not 'x/y'"),
                     ("1/3/3", "not '1/3/3'"), ("2", "not '2'")]
        for (shard, message) in cases {
            let run = try cli.asonn(study + ["--shard", shard])
            #expect(run.status != 0, "\(shard)")
            #expect(run.stderr.contains("Error: --shard: ") && run.stderr.contains(message), "\(shard): \(run.stderr)")
        }
    }

    /// A complete set of three partial files of the iris+bupa batch, and a folder to merge into.
    func shardSet() throws -> (dir: URL, manifest: String, parts: URL, out: String) {
        let (dir, manifest) = try manifest()
        let parts = dir.appendingPathComponent("parts")
        try runShards(manifest, count: 3, parts: parts)
        return (dir, manifest, parts, dir.appendingPathComponent("merged").path)
    }

    /// The merge failed with one line naming `parts` and wrote nothing.
    func expectRefused(_ run: CommandTests.Run, _ parts: [String], out: String,
                       sourceLocation: SourceLocation = #_sourceLocation) {
        safety.expectOneLineFailure(run, parts, sourceLocation: sourceLocation)
        #expect(!FileManager.default.fileExists(atPath: out), "nothing written", sourceLocation: sourceLocation)
    }

    @Test func mergeRefusesAMissingShard() throws {
        let (dir, _, parts, out) = try shardSet()
        defer { try? FileManager.default.removeItem(at: dir) }
        try FileManager.default.removeItem(at: parts.appendingPathComponent("shard-2-of-3.json"))
        expectRefused(try cli.asonn("tradeoff", "merge", parts.path, "--out", out),
                      ["shard-2-of-3.json: shard 2/3 is missing (2 of 3 given"], out: out)
    }

    @Test func mergeRefusesADuplicatedShard() throws {
        let (dir, _, parts, out) = try shardSet()
        defer { try? FileManager.default.removeItem(at: dir) }
        let copy = dir.appendingPathComponent("copy.json").path
        try FileManager.default.copyItem(atPath: parts.appendingPathComponent("shard-1-of-3.json").path, toPath: copy)
        expectRefused(try cli.asonn("tradeoff", "merge", parts.path, copy, "--out", out),
                      ["\(copy): shard 1/3 is given twice (also \(parts.path)/shard-1-of-3.json)"], out: out)
        // The same folder twice is the same duplication.
        expectRefused(try cli.asonn("tradeoff", "merge", parts.path, parts.path, "--out", out),
                      ["shard-1-of-3.json: shard 1/3 is given twice"], out: out)
    }

    @Test func mergeRefusesShardsOfAnotherBatch() throws {
        let (dir, manifest, parts, out) = try shardSet()
        defer { try? FileManager.default.removeItem(at: dir) }
        let other = dir.appendingPathComponent("other")
        let second = ["tradeoff", "--manifest", manifest, "--shard", "2/3", "--out", other.path] + Self.grid
        let otherFile = other.appendingPathComponent("shard-2-of-3.json").path
        let variants: [([String], String)] = [
            (["--seed", "7"], "--seed (0 and 7)"), (["--folds", "4"], "--folds"), (["--repeats", "2"], "--repeats"),
            (["--lambdas", "0,1"], "--lambdas"), (["--no-timings"], "--no-timings"),
            (["--max-value-neurons", "50"], "the construction options"),
            (["--exact"], "--exact"), (["--study-rows", "120"], "--study-rows"),
            (["--missing", "?"], "the CSV reading options"),
        ]
        for (options, difference) in variants {
            #expect(try cli.asonn(second + options).status == 0)
            expectRefused(try cli.asonn("tradeoff", "merge", parts.appendingPathComponent("shard-1-of-3.json").path,
                                        otherFile, parts.appendingPathComponent("shard-3-of-3.json").path,
                                        "--out", out),
                          ["\(otherFile): from another batch than", "they differ in \(difference)"], out: out)
        }
        // Another shard count: its shard 2 is not the missing one of three.
        #expect(try cli.asonn(["tradeoff", "--manifest", manifest, "--shard", "2/4", "--out", other.path]
                              + Self.grid).status == 0)
        expectRefused(try cli.asonn("tradeoff", "merge", parts.path,
                                    other.appendingPathComponent("shard-2-of-4.json").path, "--out", out),
                      ["shard-2-of-4.json: from another batch", "the shard count (3 and 4)"], out: out)
    }

    @Test func mergeRefusesADataSetChangedSinceTheShardsRan() throws {
        let dir = try cli.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let data = dir.appendingPathComponent("iris.csv"), parts = dir.appendingPathComponent("parts")
        try FileManager.default.copyItem(at: CommandTests.root.appendingPathComponent("Datasets/iris.csv"), to: data)
        for k in 1...2 {
            #expect(try cli.asonn(["tradeoff", data.path, "--shard", "\(k)/2", "--out", parts.path]
                                  + Self.grid).status == 0)
        }
        let handle = try FileHandle(forWritingTo: data)
        try handle.seekToEnd()
        try handle.write(contentsOf: Data("5.0,3.0,1.5,0.2,Iris-setosa\n".utf8))
        try handle.close()
        let out = dir.appendingPathComponent("merged").path
        expectRefused(try cli.asonn("tradeoff", "merge", parts.path, "--out", out),
                      ["\(data.path): the data set or its cost profile changed since the shards ran"], out: out)
    }

    @Test func mergeRefusesCorruptOrTamperedPartialFiles() throws {
        let (dir, _, parts, out) = try shardSet()
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = parts.appendingPathComponent("shard-2-of-3.json")
        let original = try bytes(file)
        func expectRefusedWith(_ contents: Data, _ message: String,
                               sourceLocation: SourceLocation = #_sourceLocation) {
            do { try contents.write(to: file) } catch { Issue.record("\(error)") }
            expectRefused((try? cli.asonn("tradeoff", "merge", parts.path, "--out", out)) ?? .init(
                status: -1, stdout: "", stderr: "", seconds: 0), ["Error: \(file.path): ", message], out: out,
                sourceLocation: sourceLocation)
        }
        expectRefusedWith(original.prefix(original.count / 2), "not a complete partial result")
        expectRefusedWith(Data(), "not a complete partial result")
        expectRefusedWith(Data("[1, 2]".utf8), "not a complete partial result")
        let text = String(decoding: original, as: UTF8.self)
        func edited(_ from: String, _ to: String) -> Data {
            Data(text.replacingOccurrences(of: from, with: to, options: .regularExpression).utf8)
        }
        expectRefusedWith(edited("\"version\" : 1", "\"version\" : 99"), "not a partial result of this version")
        expectRefusedWith(edited("\"shard\" : 2", "\"shard\" : 9"), "shard 9 of 3 does not exist")
        expectRefusedWith(edited("\"shard\" : 2", "\"shard\" : 2, \"shard\" : 3"), "the key 'shard' appears twice")
        expectRefusedWith(edited("\"study\" : 1", "\"study\" : 0"), "does not hold shard 2's share")
        expectRefusedWith(edited(#""configurations" : \[\s*(\d+),\s*(\d+)"#, #""configurations" : [$2, $1"#),
                          "not a complete partial result")
        // Shard 2 holds bupa's plain ASONN on all tests; made a majority rule, it no longer
        // matches its configuration.
        #expect(text.contains("\"kind\" : \"all-attributes\""))
        expectRefusedWith(edited("\"kind\" : \"all-attributes\"", "\"kind\" : \"majority\""),
                          "the results do not match configurations")
        // A panel naming an attribute bupa does not have.
        expectRefusedWith(edited(#""panel" : \[\s*\]"#, #""panel" : [99]"#), "names attributes the data does not")
        expectRefusedWith(edited(#""configurations" : \[\s*(\d+),\s*(\d+)\s*\]"#, #""configurations" : [5, 0]"#),
                          "a range whose lower end is above its upper end")
        // Figures no study can produce: an accuracy above 1, a negative cost or spread.
        #expect(text.contains("\"accuracy\" : ") && text.contains("\"meanCost\" : "))
        expectRefusedWith(edited(#""accuracy" : [0-9.e-]+"#, #""accuracy" : 5"#), "has an impossible accuracy")
        expectRefusedWith(edited(#""meanCost" : [0-9.e-]+"#, #""meanCost" : -100"#), "has an impossible meanCost")
        expectRefusedWith(edited(#""accuracySpread" : [0-9.e-]+"#, #""accuracySpread" : -1"#),
                          "has an impossible accuracySpread")
        // A mean cost per case above the panel's cost, more attributes used than the panel holds.
        expectRefusedWith(edited(#""meanCost" : [0-9.e-]+"#, #""meanCost" : 1e9"#), "has an impossible meanCost")
        expectRefusedWith(edited(#""attributesUsed" : [0-9.e-]+"#, #""attributesUsed" : 99"#),
                          "has an impossible attributesUsed")
        try original.write(to: file)
        // The first file gives the batch's settings; a negative attribute count there is refused.
        let first = parts.appendingPathComponent("shard-1-of-3.json")
        let firstOriginal = try bytes(first)
        try Data(String(decoding: firstOriginal, as: UTF8.self)
            .replacingOccurrences(of: "\"attributes\" : 4", with: "\"attributes\" : -4").utf8).write(to: first)
        expectRefused(try cli.asonn("tradeoff", "merge", parts.path, "--out", out),
                      ["\(first.path): a batch of 3 shards over 2 data sets cannot be merged"], out: out)
        // A sample size no study can be given: refused.
        #expect(String(decoding: firstOriginal, as: UTF8.self).contains("\"studyRows\" : 10000"))
        try Data(String(decoding: firstOriginal, as: UTF8.self)
            .replacingOccurrences(of: "\"studyRows\" : 10000", with: "\"studyRows\" : 0").utf8).write(to: first)
        expectRefused(try cli.asonn("tradeoff", "merge", parts.path, "--out", out),
                      ["\(first.path): a batch of 3 shards over 2 data sets cannot be merged"], out: out)
        // Repeats no study can be given: refused (the grid here leaves them automatic, so none is written).
        #expect(!String(decoding: firstOriginal, as: UTF8.self).contains("\"repeats\""))
        try Data(String(decoding: firstOriginal, as: UTF8.self)
            .replacingOccurrences(of: "\"studyRows\" : 10000", with: "\"studyRows\" : 10000, \"repeats\" : 0").utf8)
            .write(to: first)
        expectRefused(try cli.asonn("tradeoff", "merge", parts.path, "--out", out),
                      ["\(first.path): a batch of 3 shards over 2 data sets cannot be merged"], out: out)
        // Configuration counts no study can have (their sum would overflow the split): refused.
        let huge = String(decoding: firstOriginal, as: UTF8.self)
            .replacingOccurrences(of: #""configurations" : \d+"#, with: #""configurations" : 9223372036854775807"#,
                                  options: .regularExpression)
        #expect(huge.contains("9223372036854775807"))
        try Data(huge.utf8).write(to: first)
        expectRefused(try cli.asonn("tradeoff", "merge", parts.path, "--out", out),
                      ["\(first.path): a batch of 3 shards over 2 data sets cannot be merged"], out: out)
        try firstOriginal.write(to: first)
        #expect(try cli.asonn("tradeoff", "merge", parts.path, "--out", out, "--quiet").status == 0)
    }

    @Test func aManifestWithWindowsLineEndsListsEachDataSet() throws {
        let (dir, manifest) = try manifest()
        defer { try? FileManager.default.removeItem(at: dir) }
        let text = try String(contentsOfFile: manifest, encoding: .utf8)
        try cli.write(text.replacingOccurrences(of: "\n", with: "\r\n"), to: URL(fileURLWithPath: manifest))
        let out = dir.appendingPathComponent("out").path
        let run = try cli.asonn(["tradeoff", "--manifest", manifest, "--out", out] + FileSafetyTests.quickStudy)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(FileManager.default.fileExists(atPath: out + "/iris/tradeoff.json"))
        #expect(FileManager.default.fileExists(atPath: out + "/bupa/tradeoff.json"))
    }

    @Test func mergeWithoutPartialResultsSaysSo() throws {
        let dir = try cli.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        safety.expectOneLineFailure(try cli.asonn("tradeoff", "merge", dir.path),
                                    ["\(dir.path): holds no partial results (shard-K-of-N.json files)"])
        safety.expectOneLineFailure(try cli.asonn("tradeoff", "merge", dir.appendingPathComponent("none").path),
                                    ["none: no such file or folder"])
    }

    @Test func helpOfShardAndMergeSaysHowToUseThem() throws {
        let tradeoff = try cli.asonn("tradeoff", "--help")
        #expect(tradeoff.status == 0)
        for text in ["--shard <K/N>", "--no-timings", "shard-K-of-N.json", "asonn tradeoff merge"] {
            #expect(tradeoff.stdout.contains(text), "\(text)")
        }
        let merge = try cli.asonn("tradeoff", "merge", "--help")
        #expect(merge.status == 0)
        for text in ["USAGE: asonn tradeoff merge <dir> ...", "--out <dir>", "byte", "unchanged"] {
            #expect(merge.stdout.contains(text), "\(text)")
        }
        // Both forms in tradeoff's usage; 'asonn help tradeoff merge' is merge's help.
        let usage = "USAGE: asonn tradeoff [<options>] [<data> ...]\n       asonn tradeoff merge <dir> ..."
        #expect(tradeoff.stdout.contains(usage))
        let helpMerge = try cli.asonn("help", "tradeoff", "merge")
        #expect(helpMerge.status == 0)
        #expect(helpMerge.stdout == merge.stdout)
    }
}
