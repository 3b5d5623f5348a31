import Foundation
import Testing

/// End-to-end tests of the `asonn` tool: exit codes, output formats, error messages.
struct CommandTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    /// The `asonn` binary built next to the test bundle.
    static var executable: URL {
        let beside = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
            .appendingPathComponent("asonn")
        if FileManager.default.isExecutableFile(atPath: beside.path) { return beside }
        return root.appendingPathComponent(".build/debug/asonn")
    }

    struct Run {
        var status: Int32
        var stdout: String
        var stderr: String
        /// Wall time of the run.
        var seconds: Double
    }

    func asonn(_ arguments: String...) throws -> Run {
        try asonn(arguments)
    }

    func asonn(_ arguments: [String]) throws -> Run {
        try Self.launch(Self.executable, arguments)
    }

    /// Runs `executable` in the package root and collects its exit status and output; with
    /// `input`, its standard input is a pipe that gives those bytes.
    static func launch(_ executable: URL, _ arguments: [String], input: Data? = nil) throws -> Run {
        guard let input else { return try launch(executable, arguments, feed: nil) }
        return try launch(executable, arguments, feed: { writer in try? writer.write(contentsOf: input) })
    }

    /// Runs `executable` as `launch` does, its standard input a pipe that `feed` writes to (on
    /// a thread of its own, finished before this returns; the pipe is closed after it).
    static func launch(_ executable: URL, _ arguments: [String],
                       feed: (@Sendable (FileHandle) -> Void)?) throws -> Run {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        process.currentDirectoryURL = root
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        let stdin = feed.map { _ in Pipe() }
        if let stdin { process.standardInput = stdin }
        let start = Date()
        try process.run()
        let fed = DispatchSemaphore(value: 0)
        if let stdin, let feed {
            // Written on its own thread: a pipe holds little, and the tool reads as it goes.
            // A tool that stops reading early (an error) closes the pipe: a write then fails
            // with EPIPE, which must not end the test process with SIGPIPE.
            signal(SIGPIPE, SIG_IGN)
            let writer = stdin.fileHandleForWriting
            Thread {
                feed(writer)
                try? writer.close()
                fed.signal()
            }.start()
        } else {
            fed.signal()
        }
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        fed.wait()
        return Run(status: process.terminationStatus, stdout: String(decoding: stdout, as: UTF8.self),
                   stderr: String(decoding: stderr, as: UTF8.self), seconds: Date().timeIntervalSince(start))
    }

    func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("asonn-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    func write(_ text: String, to url: URL) throws {
        try Data(text.utf8).write(to: url)
    }

    @Test func helpListsTheCommands() throws {
        let run = try asonn("--help")
        #expect(run.status == 0)
        // The first word of each line of the SUBCOMMANDS section, up to its blank line
        // (a description's continuation lines are indented further).
        let section = run.stdout.components(separatedBy: "SUBCOMMANDS:\n").dropFirst().first ?? ""
        let lines = section.split(separator: "\n", omittingEmptySubsequences: false).prefix { !$0.isEmpty }
        let listed = lines.filter { !$0.hasPrefix("   ") }
            .compactMap { $0.split(separator: " ").first.map(String.init) }
        #expect(listed == ["train", "predict", "evaluate", "explain", "tradeoff", "plan"])
        for command in listed { #expect(try asonn(command, "--help").status == 0, "\(command) --help") }
        let trainHelp = try asonn("train", "--help")
        #expect(trainHelp.status == 0)
        #expect(trainHelp.stdout.contains("--min-discrimination"))
        #expect(trainHelp.stdout.contains("--target"))
    }

    @Test func trainPredictExplainRoundTrip() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let model = dir.appendingPathComponent("heart.json").path
        let train = try asonn("train", "Datasets/heart.csv", "-o", model, "--quiet")
        #expect(train.status == 0)
        #expect(train.stdout.isEmpty, "the summary goes to standard error")
        #expect(train.stderr.contains("270 rows"))
        #expect(train.stderr.contains("combinations:"))
        #expect(train.stderr.contains("build time:"))

        let predict = try asonn("predict", model, "Datasets/heart.csv", "--format", "json")
        #expect(predict.status == 0)
        let json = try #require(try JSONSerialization.jsonObject(with: Data(predict.stdout.utf8)) as? [String: Any])
        let predictions = try #require(json["predictions"] as? [String])
        #expect(predictions.count == 270)
        #expect(Set(predictions).isSubset(of: ["absence", "presence"]), "labels exactly as written in the data")
        // No conflicting rows in heart: 100% training accuracy.
        #expect(json["accuracy"] as? Double == 1.0)

        for format in ["text", "markdown", "json"] {
            let explain = try asonn("explain", model, "--format", format)
            #expect(explain.status == 0)
            #expect(explain.stdout.contains("represent"))
        }
        let explainJSON = try asonn("explain", model, "--format", "json")
        let explained = try JSONSerialization.jsonObject(with: Data(explainJSON.stdout.utf8)) as? [String: Any]
        let rules = try #require(explained?["rules"] as? [Any])
        #expect(!rules.isEmpty)
    }

    @Test func markdownRulesKeepLineBreaksBarsAndTagsInNamesInsideTheirCells() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let data = dir.appendingPathComponent("odd.csv")
        try write("\"<b>x|1&\",\"y\nz\",\"kind\r\nof\"\n1,5,\"a\nb\"\n2,1,\"a\nb\"\n7,5,c|d\n8,1,c|d\n", to: data)
        let model = dir.appendingPathComponent("m.json").path
        #expect(try asonn("train", data.path, "-o", model, "--quiet").status == 0)
        let explain = try asonn("explain", model, "--format", "markdown")
        #expect(explain.status == 0, "\(explain.stderr)")
        let lines = explain.stdout.split(separator: "\n", omittingEmptySubsequences: false).dropLast()
        let rows = lines.filter { $0.hasPrefix("|") }
        let rules = lines.filter { $0.hasPrefix("| ") && $0.first(where: \.isNumber) != nil && !$0.hasPrefix("| rule") }
        #expect(rows.allSatisfy { $0.hasSuffix("|") }, "\(explain.stdout)")
        // Every table row has the header's six cells: the bars inside names are escaped.
        #expect(rows.allSatisfy { $0.replacingOccurrences(of: "\\|", with: "").filter { $0 == "|" }.count == 7 },
                "\(explain.stdout)")
        #expect(rules.count >= 2 && lines.filter { $0.hasPrefix("#") }.count == 1, "\(explain.stdout)")
        #expect(explain.stdout.contains("a\\nb") && explain.stdout.contains("c\\|d"), "\(explain.stdout)")
        #expect(explain.stdout.contains("# Rules for kind\\nof\n"), "\(explain.stdout)")
        // The text listing keeps each rule on its lines too.
        let text = try asonn("explain", model)
        #expect(text.status == 0 && !text.stdout.contains("kind\r\nof") && text.stdout.contains("kind\\r\\nof"),
                "\(text.stdout)")
        #expect(!text.stdout.contains("a\nb") && text.stdout.contains("a\\nb"), "\(text.stdout)")
        // No raw HTML from a name: most Markdown renderers would pass it through.
        #expect(!explain.stdout.contains("<b>") && explain.stdout.contains("&lt;b>x\\|1&amp;"), "\(explain.stdout)")
    }

    @Test func predictMatchesColumnsByNameAndReportsAbsentOnes() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let model = dir.appendingPathComponent("iris.json").path
        #expect(try asonn("train", "Datasets/iris.csv", "-o", model).status == 0)
        // Columns reordered, one extra, petal_width absent, no target column.
        let input = dir.appendingPathComponent("rows.csv")
        try write("note,petal_length,sepal_width,sepal_length\nx,1.4,3.5,5.1\ny,5.9,3.0,6.8\n", to: input)
        let run = try asonn("predict", model, input.path, "--format", "json")
        #expect(run.status == 0)
        #expect(run.stderr.components(separatedBy: "petal_width").count == 2, "the absent column is named once")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
        #expect(json["predictions"] as? [String] == ["Iris-setosa", "Iris-virginica"])
        #expect(json["accuracy"] is NSNull)

        let csv = try asonn("predict", model, input.path, "--format", "csv", "--probabilities")
        #expect(csv.status == 0)
        #expect(csv.stdout.hasPrefix("line,prediction,p(Iris-setosa)"))
        let explained = try asonn("predict", model, input.path, "--explain")
        #expect(explained.status == 0)
        #expect(explained.stdout.contains("contribution"))
        // A class the model was not trained on counts as wrong, and a warning says so.
        let unknown = dir.appendingPathComponent("unknown.csv")
        try write("sepal_length,sepal_width,petal_length,petal_width,class\n5.1,3.5,1.4,0.2,Iris-setosa\n"
                  + "5.0,3.0,1.5,0.2,Iris-unknown\n", to: unknown)
        for format in ["table", "csv"] {
            let run = try asonn("predict", model, unknown.path, "--format", format)
            #expect(run.status == 0 && run.stderr.contains("1 labelled row(s) have a class the model was not trained "
                                                           + "on (the first 'Iris-unknown')"), "\(run.stderr)")
        }
        // Probabilities and the tests measured are not dropped when each row is explained.
        let both = try asonn("predict", model, input.path, "--explain", "--probabilities", "--sequential")
        #expect(both.status == 0, "\(both.stderr)")
        let lines = both.stdout.split(separator: "\n")
        #expect(lines.filter { $0.hasPrefix("  probabilities: Iris-setosa ") }.count == 2, "\(both.stdout)")
        #expect(lines.filter { $0.hasPrefix("  tests measured, in order: ") && $0.contains("(cost ") }.count == 2,
                "\(both.stdout)")
    }

    @Test func evaluateJSONHasTheDocumentedKeys() throws {
        let run = try asonn("evaluate", "Datasets/iris.csv", "--folds", "3", "--seed", "4", "--format", "json",
                            "--quiet")
        #expect(run.status == 0)
        let json = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
        for key in ["accuracy", "balanced_accuracy", "combinations", "build_seconds"] {
            #expect(json[key] is Double, "\(key)")
        }
        let again = try asonn("evaluate", "Datasets/iris.csv", "--folds", "3", "--seed", "4", "--format", "json",
                              "--quiet")
        let second = try #require(try JSONSerialization.jsonObject(with: Data(again.stdout.utf8)) as? [String: Any])
        #expect(json["accuracy"] as? Double == second["accuracy"] as? Double, "same seed, same figures")
    }

    @Test func wideDataGetsAHint() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let columns = 5_001
        let header = (0..<columns).map { "c\($0)" }.joined(separator: ",") + ",class\n"
        let rows = [(1, "a"), (2, "b"), (3, "a"), (4, "b")].map { value, label in
            (0..<columns).map { "\(value * ($0 % 7 + 1))" }.joined(separator: ",") + ",\(label)\n"
        }
        let wide = dir.appendingPathComponent("wide.csv")
        try write(header + rows.joined(), to: wide)
        let run = try asonn("train", wide.path, "-o", dir.appendingPathComponent("m.json").path, "--configure", "fixed")
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stderr.contains("note: 5001 attributes: construction time grows with the square"), "\(run.stderr)")
        let narrow = try asonn("train", "Datasets/iris.csv", "-o", dir.appendingPathComponent("m.json").path)
        #expect(!narrow.stderr.contains("attributes: construction time"))
    }

    @Test func largeDataBuiltExactlyGetsAHint() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        // 10,001 rows split by one threshold: exact construction takes no time here.
        let big = dir.appendingPathComponent("big.csv")
        try write("x,class\n" + (0...10_000).map { "\($0),\($0 < 5_000 ? "a" : "b")" }.joined(separator: "\n") + "\n",
                  to: big)
        let model = dir.appendingPathComponent("model.json").path
        let exact = try asonn("train", big.path, "-o", model)
        #expect(exact.status == 0)
        #expect(exact.stderr.contains("note: 10001 rows")
                && exact.stderr.contains("--max-value-neurons 255 --coefficient-sample 2000"))
        let sampled = try asonn("train", big.path, "-o", model, "--coefficient-sample", "2000")
        #expect(sampled.status == 0)
        #expect(!sampled.stderr.contains("note:"))
        let small = try asonn("train", "Datasets/iris.csv", "-o", model)
        #expect(!small.stderr.contains("note:"))
    }

    @Test func badInputFailsWithOneLineNamingTheLocation() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let ragged = dir.appendingPathComponent("ragged.csv")
        try write("a,b,class\n1,2,x\n3,y\n", to: ragged)
        let model = dir.appendingPathComponent("model.json")
        try write("keep me", to: model)

        let run = try asonn("train", ragged.path, "-o", model.path)
        #expect(run.status != 0)
        #expect(run.stderr.contains("ragged.csv:3"))
        #expect(run.stderr.trimmingCharacters(in: .whitespacesAndNewlines).split(separator: "\n").count == 1)
        #expect(try String(contentsOf: model, encoding: .utf8) == "keep me",
                "a failed run leaves the output file alone")

        let missing = try asonn("train", dir.appendingPathComponent("nope.csv").path, "-o", model.path)
        #expect(missing.status != 0)
        #expect(missing.stderr.contains("nope.csv"))

        let notAModel = try asonn("predict", model.path, "Datasets/iris.csv")
        #expect(notAModel.status != 0)
        #expect(notAModel.stderr.contains("model.json"))

        let noScheme = try asonn("evaluate", "Datasets/iris.csv")
        #expect(noScheme.status != 0)
        #expect(noScheme.stderr.contains("--folds"))

        let oneNeuron = try asonn("train", "Datasets/iris.csv", "-o", model.path, "--max-value-neurons", "1")
        #expect(oneNeuron.status != 0)
        #expect(oneNeuron.stderr.contains("at least 2"))
        let noSample = try asonn("train", "Datasets/iris.csv", "-o", model.path, "--coefficient-sample", "0")
        #expect(noSample.status != 0)
        #expect(noSample.stderr.contains("--coefficient-sample"))
        #expect(try String(contentsOf: model, encoding: .utf8) == "keep me")

        let trained = dir.appendingPathComponent("iris.json")
        #expect(try asonn("train", "Datasets/iris.csv", "-o", trained.path).status == 0)
        let badValue = dir.appendingPathComponent("bad.csv")
        try write("sepal_length,sepal_width,petal_length,petal_width\n5.1,3.5,1.4,0.2\n5.0,wide,1.4,0.2\n",
                  to: badValue)
        let predict = try asonn("predict", trained.path, badValue.path)
        #expect(predict.status != 0)
        #expect(predict.stderr.contains("bad.csv:3"))
        #expect(predict.stderr.contains("sepal_width"))
    }

    @Test func costsAreReportedEverywhere() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let model = dir.appendingPathComponent("pima.json").path
        let train = try asonn("train", "Datasets/pima.csv", "--costs", "CostProfiles/pima.json", "--lambda", "2",
                              "--prune", "hypercuboid", "-o", model, "--quiet")
        #expect(train.status == 0)
        #expect(train.stderr.contains("panel 28.78 CAD of 28.78"))
        #expect(train.stderr.contains("pruning (hypercuboid)"))

        let evaluate = try asonn("evaluate", "Datasets/pima.csv", "--costs", "CostProfiles/pima.json", "--holdout",
                                 "0.3",
                                 "--format", "json", "--quiet")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(evaluate.stdout.utf8)) as? [String: Any])
        for key in ["panel_cost", "mean_cost", "attributes_used"] { #expect(json[key] is Double, "\(key)") }
        #expect((json["mean_cost"] as? Double ?? 99) <= (json["panel_cost"] as? Double ?? 0))

        let explain = try asonn("explain", model)
        #expect(explain.stdout.contains("tests cost"))

        let sequential = try asonn("predict", model, "Datasets/pima.csv", "--sequential", "--format", "json")
        #expect(sequential.status == 0)
        let output = try #require(try JSONSerialization.jsonObject(with: Data(sequential.stdout.utf8))
                                  as? [String: Any])
        let rows = try #require(output["rows"] as? [[String: Any]])
        #expect(rows.count == 768)
        #expect(rows.allSatisfy { $0["tests"] is [String] && $0["cost"] is Double })
        #expect(output["mean_cost"] is Double)
        // Exact: the same predictions as measuring everything.
        let full = try asonn("predict", model, "Datasets/pima.csv", "--format", "json")
        let fullOutput = try #require(try JSONSerialization.jsonObject(with: Data(full.stdout.utf8)) as? [String: Any])
        #expect(output["predictions"] as? [String] == fullOutput["predictions"] as? [String])
    }

    @Test func badCostProfilesNameTheFileAndField() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let profile = dir.appendingPathComponent("costs.json")
        try write(#"{"name": "x", "costs": {"petal_length": 1, "wing": 2}, "default_cost": 1}"#, to: profile)
        let run = try asonn("train", "Datasets/iris.csv", "--costs", profile.path, "-o",
                            dir.appendingPathComponent("m.json").path)
        #expect(run.status != 0)
        #expect(run.stderr.contains("costs.json: costs.wing: unknown attribute 'wing'"))
        #expect(run.stderr.contains("sepal_length"))
    }

    @Test func tradeoffWritesEveryReportFile() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let out = dir.appendingPathComponent("bupa").path
        let run = try asonn("tradeoff", "Datasets/bupa.csv", "--costs", "CostProfiles/bupa.json", "--lambdas", "0,2",
                            "--prune", "none", "--folds", "3", "--out", out, "--quiet")
        #expect(run.status == 0, "\(run.stderr)")
        for name in ["tradeoff.csv", "tradeoff.json", "tradeoff.md", "report.html"] {
            #expect(FileManager.default.fileExists(atPath: "\(out)/\(name)"), "\(name)")
        }
        let written = try Data(contentsOf: URL(fileURLWithPath: "\(out)/tradeoff.json"))
        let json = try #require(try JSONSerialization.jsonObject(with: written) as? [String: Any])
        #expect((json["results"] as? [Any])?.isEmpty == false)
    }

    @Test func planMeetsATargetOrSaysItCannot() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let model = dir.appendingPathComponent("plan.json").path
        let common = ["--costs", "CostProfiles/heart.json", "--lambdas", "0", "--prune", "none", "--folds", "3",
                      "--quiet"]
        let run = try asonn(["plan", "Datasets/heart.csv", "--min-accuracy", "0.7", "-o", model] + common)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("Order the tests in this sequence"))
        #expect(run.stdout.contains("Expected cost per case"))
        // heart's 270 rows: five repeats of the folds by default, and the output says so.
        #expect(run.stdout.contains("Cross-validated (3 folds x 5 repeats): accuracy"), "\(run.stdout)")
        #expect(FileManager.default.fileExists(atPath: model))

        let impossible = try asonn(["plan", "Datasets/heart.csv", "--min-accuracy", "0.99", "-o",
                                    dir.appendingPathComponent("no.json").path] + common)
        #expect(impossible.status != 0)
        #expect(impossible.stdout.contains("No configuration reaches"))
        // The failure says why on standard error too, in one line naming the data.
        #expect(impossible.stderr.contains("Datasets/heart.csv: no configuration reaches accuracy of at least 0.990"),
                "\(impossible.stderr)")
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("no.json").path))

        let budget = try asonn(["plan", "Datasets/heart.csv", "--budget", "5", "-o", model] + common)
        #expect(budget.status == 0)

        // The large-data options reach the study's models and the saved one.
        let binned = try asonn(["plan", "Datasets/heart.csv", "--min-accuracy", "0.7", "-o", model,
                                "--max-value-neurons", "4", "--coefficient-sample", "50"] + common)
        #expect(binned.status == 0, "\(binned.stderr)")
        let saved = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: model)))
            as? [String: Any]
        let parameters = saved?["parameters"] as? [String: Any]
        #expect(parameters?["maxValueNeurons"] as? Int == 4 && parameters?["coefficientSample"] as? Int == 50)
        let oneNeuron = try asonn(["tradeoff", "Datasets/heart.csv", "--max-value-neurons", "1"] + common)
        #expect(oneNeuron.status != 0)
        #expect(oneNeuron.stderr.contains("at least 2"))
    }

    @Test func manifestErrorsNameTheLine() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let manifest = dir.appendingPathComponent("sets.txt")
        let root = Self.root.path
        try write("# data sets\n\(root)/Datasets/iris.csv\n\(root)/Datasets/nope.csv=\(root)/CostProfiles/bupa.json\n",
                  to: manifest)
        let missing = try asonn("tradeoff", "--manifest", manifest.path, "--out", dir.path, "--quiet")
        #expect(missing.status != 0)
        #expect(missing.stderr.contains("sets.txt:3"))
        #expect(missing.stderr.contains("nope.csv"))

        try write("a=b=c\n", to: manifest)
        let malformed = try asonn("tradeoff", "--manifest", manifest.path, "--quiet")
        #expect(malformed.status != 0)
        #expect(malformed.stderr.contains("sets.txt:1"))
    }

    @Test func studiesRefuseAClassOfOneRowAndRunWithMoreFoldsThanAClassHasRows() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let quick = ["--lambdas", "0", "--prune", "none", "--repeats", "1", "--quiet"]
        func commands(_ data: URL, folds: String) -> [[String]] {
            [["tradeoff", data.path, "--folds", folds, "-o", dir.appendingPathComponent("r").path] + quick,
             ["plan", data.path, "--folds", folds, "--min-accuracy", "0",
              "-o", dir.appendingPathComponent("p.json").path] + quick]
        }
        // A class of one row would be missing from one fold's training part.
        let single = dir.appendingPathComponent("single.csv")
        try write("x,class\n" + (0..<9).map { "\($0),a\n" }.joined() + "9,b\n", to: single)
        for command in commands(single, folds: "2") {
            let run = try asonn(command)
            #expect(run.status != 0, "\(command[0]) ran")
            #expect(run.stderr.contains("single.csv") && run.stderr.contains("class 'b' has 1 row"),
                    "\(command[0]): \(run.stderr)")
        }
        // Two rows of a class are in every training part, whatever the folds.
        let small = dir.appendingPathComponent("small.csv")
        try write("x,class\n" + (0..<20).map { "\($0),\($0 % 2 == 0 ? "a" : "b")\n" }.joined(), to: small)
        for command in commands(small, folds: "11") {
            let run = try asonn(command)
            #expect(run.status == 0, "\(command[0]): \(run.stderr)")
            let written = command[0] == "tradeoff" ? "r/tradeoff.json" : "p.json"
            #expect(FileManager.default.fileExists(atPath: dir.appendingPathComponent(written).path))
        }
    }

    @Test func dataFilesNamedWithEqualsOrHashAreTakenWhole() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let iris = try String(contentsOf: Self.root.appendingPathComponent("Datasets/iris.csv"), encoding: .utf8)
        let equals = dir.appendingPathComponent("a=b.csv"), hash = dir.appendingPathComponent("run#2.csv")
        try write(iris, to: equals)
        try write(iris, to: hash)
        let quick = ["--lambdas", "0", "--prune", "none", "--folds", "2", "--repeats", "1", "--quiet"]
        let direct = try asonn(["tradeoff", equals.path, "--out", dir.appendingPathComponent("one").path] + quick)
        #expect(direct.status == 0, "\(direct.stderr)")
        let manifest = dir.appendingPathComponent("sets.txt")
        try write("a=b.csv   # the equals sign is part of the name\nrun#2.csv\n", to: manifest)
        let two = dir.appendingPathComponent("two").path
        let listed = try asonn(["tradeoff", "--manifest", manifest.path, "--out", two] + quick)
        #expect(listed.status == 0, "\(listed.stderr)")
        for folder in ["two/a=b", "two/run#2"] {
            #expect(FileManager.default.fileExists(atPath: dir.appendingPathComponent("\(folder)/report.html").path),
                    "\(folder)")
        }
        // Such a file takes a profile: the pair splits after the name of an existing file.
        let profile = dir.appendingPathComponent("a.json")
        try write(#"{"name": "flat", "unit": "EUR", "costs": {"sepal_length": 3, "sepal_width": 3, "#
                  + #""petal_length": 3, "petal_width": 3}}"#, to: profile)
        let paired = try asonn(["tradeoff", "\(equals.path)=\(profile.path)", "--out",
                                dir.appendingPathComponent("paired").path] + quick)
        #expect(paired.status == 0, "\(paired.stderr)")
        let json = try String(contentsOf: dir.appendingPathComponent("paired/tradeoff.json"), encoding: .utf8)
        #expect(json.contains("\"flat\""), "the profile was read")
        try write("a=b.csv=a.json\n", to: manifest)
        let pairedList = try asonn(["tradeoff", "--manifest", manifest.path, "--out",
                                    dir.appendingPathComponent("list").path] + quick)
        #expect(pairedList.status == 0, "\(pairedList.stderr)")
    }

    @Test func batchRunContinuesPastAFailingDataSet() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let broken = dir.appendingPathComponent("broken.csv")
        try write("a,class\n1,x\n2\n", to: broken)
        let run = try asonn("tradeoff", "Datasets/iris.csv", broken.path, "--lambdas", "0", "--prune", "none",
                            "--folds", "3",
                            "--out", dir.appendingPathComponent("reports").path, "--quiet")
        #expect(run.status != 0)
        #expect(run.stderr.contains("1 of 2 data set(s) failed"))
        #expect(run.stderr.contains("broken.csv:3"))
        #expect(FileManager.default.fileExists(atPath: dir.appendingPathComponent("reports/iris/report.html").path))
        #expect(FileManager.default.fileExists(atPath: dir.appendingPathComponent("reports/index.html").path))
    }

    @Test func conflictingRowsAreReportedByLine() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let data = dir.appendingPathComponent("conflict.csv")
        try write("x,y,class\n1,1,a\n1,1,b\n5,5,b\n0,0,a\n", to: data)
        let run = try asonn("train", data.path, "-o", dir.appendingPathComponent("m.json").path)
        #expect(run.status == 0)
        #expect(run.stderr.contains("lines 2, 3"))
    }
}
