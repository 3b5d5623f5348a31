import Foundation
import Testing

/// Every command that writes: never over an input, never half a file or folder, and a
/// one-line reason naming the place when it cannot write.
struct FileSafetyTests {
    let cli = CommandTests()
    typealias Run = CommandTests.Run

    /// Runs `asonn` under a file-size limit of `blocks` (sh's `ulimit -f`), so that writing
    /// a file larger than that fails part-way, as on a full disk.
    func asonnWithFileSizeLimit(_ blocks: Int, _ arguments: [String]) throws -> Run {
        let script = "ulimit -f \(blocks) && exec \"$0\" \"$@\""
        return try CommandTests.launch(URL(fileURLWithPath: "/bin/sh"),
                                       ["-c", script, CommandTests.executable.path] + arguments)
    }

    /// Every name in `folder`, hidden ones included.
    func listing(_ folder: URL) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
    }

    func bytes(_ url: URL) throws -> Data { try Data(contentsOf: url) }

    /// A failed run: exit code 1 and one line on standard error holding `parts`, with no
    /// raw system error text.
    func expectOneLineFailure(_ run: Run, _ parts: [String], sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(run.status == 1, "\(run.stderr)", sourceLocation: sourceLocation)
        let lines = run.stderr.trimmingCharacters(in: .whitespacesAndNewlines).split(separator: "\n")
        #expect(lines.count == 1, "\(run.stderr)", sourceLocation: sourceLocation)
        for part in parts {
            #expect(run.stderr.contains(part), "'\(part)' in \(run.stderr)", sourceLocation: sourceLocation)
        }
        let rawSystemText = ["Error Domain", "NSCocoaErrorDomain", "couldn’t be", "The operation could not",
                             "isn’t in the correct format"]
        for raw in rawSystemText {
            #expect(!run.stderr.contains(raw), "\(run.stderr)", sourceLocation: sourceLocation)
        }
    }

    static let quickStudy = ["--lambdas", "0", "--prune", "none", "--folds", "3", "--quiet"]

    @Test func everyWritingCommandRefusesToWriteOverAnInput() throws {
        let dir = try cli.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let data = dir.appendingPathComponent("data.csv"), costs = dir.appendingPathComponent("costs.json")
        try FileManager.default.copyItem(at: CommandTests.root.appendingPathComponent("Datasets/iris.csv"), to: data)
        try cli.write(#"{"name": "flat", "costs": {}, "default_cost": 1}"#, to: costs)
        let link = dir.appendingPathComponent("link.csv")
        try FileManager.default.createSymbolicLink(atPath: link.path, withDestinationPath: "data.csv")
        let hard = dir.appendingPathComponent("hard.csv")
        try FileManager.default.linkItem(at: data, to: hard)
        // A data file named like a report file, inside the report folder.
        let reportFolder = dir.appendingPathComponent("report")
        try FileManager.default.createDirectory(at: reportFolder, withIntermediateDirectories: true)
        let reportData = reportFolder.appendingPathComponent("tradeoff.csv")
        try FileManager.default.copyItem(at: data, to: reportData)

        let before = try [data, costs, reportData].map(bytes)
        let runs: [[String]] = [
            ["train", data.path, "-o", data.path],
            ["train", data.path, "-o", link.path],
            ["train", link.path, "-o", data.path],
            ["train", data.path, "-o", hard.path],
            ["train", data.path, "--costs", costs.path, "-o", costs.path],
            ["plan", data.path, "--min-accuracy", "0.5", "-o", data.path] + Self.quickStudy,
            ["plan", data.path, "--costs", costs.path, "--min-accuracy", "0.5", "-o", costs.path] + Self.quickStudy,
            ["tradeoff", reportData.path, "--out", reportFolder.path] + Self.quickStudy,
        ]
        for arguments in runs {
            let run = try cli.asonn(arguments)
            expectOneLineFailure(run, ["input"])
            #expect(run.stdout.isEmpty, "\(arguments)")
        }
        #expect(try [data, costs, reportData].map(bytes) == before, "every input unchanged")
        #expect(try listing(dir) == ["costs.json", "data.csv", "hard.csv", "link.csv", "report"])
        #expect(try listing(reportFolder) == ["tradeoff.csv"])
    }

    @Test func anOutputThroughASymbolicLinkReplacesTheLinksTarget() throws {
        let dir = try cli.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let target = dir.appendingPathComponent("target.json"), link = dir.appendingPathComponent("link.json")
        try cli.write("earlier", to: target)
        try FileManager.default.createSymbolicLink(atPath: link.path, withDestinationPath: "target.json")
        #expect(try cli.asonn("train", "Datasets/iris.csv", "-o", link.path, "--quiet").status == 0)
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: link.path) == "target.json",
                "the link stays")
        #expect(try String(contentsOf: target, encoding: .utf8).contains("\"format\" : \"asonn-model\""))
        #expect(try cli.asonn("explain", link.path).status == 0)

        // A link to a file not there yet creates that file.
        let dangling = dir.appendingPathComponent("next.json")
        try FileManager.default.createSymbolicLink(atPath: dangling.path, withDestinationPath: "made.json")
        #expect(try cli.asonn("train", "Datasets/iris.csv", "-o", dangling.path, "--quiet").status == 0)
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: dangling.path) == "made.json")
        #expect(try cli.asonn("explain", dir.appendingPathComponent("made.json").path).status == 0)
        #expect(try listing(dir) == ["link.json", "made.json", "next.json", "target.json"], "no temporary file left")
    }

    @Test func unwritableOutputsFailWithOneLineNamingThePlace() throws {
        let dir = try cli.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let folder = dir.appendingPathComponent("folder")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let file = dir.appendingPathComponent("notes.txt")
        try cli.write("mine", to: file)
        // Permissions do not bind root; sysfs refuses new files even to root.
        let readOnly: String
        if getuid() == 0 {
            readOnly = "/sys"
        } else {
            readOnly = dir.appendingPathComponent("locked").path
            try FileManager.default.createDirectory(atPath: readOnly, withIntermediateDirectories: true,
                                                    attributes: [.posixPermissions: 0o555])
        }
        let train = ["train", "Datasets/iris.csv", "--quiet", "-o"]
        let tradeoff = ["tradeoff", "Datasets/iris.csv"] + Self.quickStudy + ["--out"]
        let cases: [([String], [String])] = [
            (train + [folder.path + "/"], [folder.path + "/: cannot write the model: it is a directory"]),
            (train + [folder.path], [folder.path + ": cannot write the model: it is a directory"]),
            (train + [dir.appendingPathComponent("missing/m.json").path],
             ["cannot write the model", "no such folder"]),
            (train + ["/dev/null"], ["/dev/null: cannot write the model: it is not a regular file"]),
            (train + [readOnly + "/m.json"], [readOnly + "/m.json: cannot write the model: permission denied"]),
            (tradeoff + [file.path], [file.path + ": cannot write the trade-off report: it is a file, not a folder"]),
            (tradeoff + [dir.path], [dir.path + ": cannot write the trade-off report: the folder holds 'folder'"]),
        ]
        for (arguments, parts) in cases {
            expectOneLineFailure(try cli.asonn(arguments), parts)
        }
        #expect(try listing(folder).isEmpty)
        #expect(try String(contentsOf: file, encoding: .utf8) == "mine")
        try? FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: readOnly)
    }

    @Test func aWriteFailingPartWayLeavesNoTemporaryFileAndTheEarlierModel() throws {
        let dir = try cli.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let model = dir.appendingPathComponent("model.json")
        try cli.write("earlier", to: model)
        // 4 blocks (2 or 4 KiB): the iris model (about 7.5 KiB) cannot be written whole.
        let run = try asonnWithFileSizeLimit(4, ["train", "Datasets/iris.csv", "-o", model.path, "--quiet"])
        expectOneLineFailure(run, [model.path + ": cannot write the model: the file is too large"])
        #expect(try listing(dir) == ["model.json"], "no temporary file left")
        #expect(try String(contentsOf: model, encoding: .utf8) == "earlier")
    }

    @Test func aFailedTradeoffLeavesNoPartialFolderAndTheEarlierReportWhole() throws {
        let dir = try cli.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let report = dir.appendingPathComponent("report")
        let study = ["tradeoff", "Datasets/bupa.csv", "--costs", "CostProfiles/bupa.json", "--prune", "none",
                     "--folds", "3", "--quiet"]
        #expect(try cli.asonn(study + ["--lambdas", "0", "--out", report.path]).status == 0)
        let names = ["report.html", "tradeoff.csv", "tradeoff.json", "tradeoff.md"]
        #expect(try listing(report) == names)
        let before = try names.map { try bytes(report.appendingPathComponent($0)) }

        // Under the limit the small CSV is written, a larger file is not: the folder would be partial.
        let failed = try asonnWithFileSizeLimit(4, study + ["--lambdas", "0,1", "--out", report.path])
        expectOneLineFailure(failed, ["cannot write the trade-off report", "too large"])
        #expect(try listing(dir) == ["report"], "no temporary folder left")
        #expect(try listing(report) == names)
        #expect(try names.map { try bytes(report.appendingPathComponent($0)) } == before,
                "the earlier report unchanged")

        let fresh = dir.appendingPathComponent("fresh")
        #expect(try asonnWithFileSizeLimit(4, study + ["--lambdas", "0", "--out", fresh.path]).status == 1)
        #expect(try listing(dir) == ["report"], "no partial new folder")

        // A complete new report replaces the earlier one.
        #expect(try cli.asonn(study + ["--lambdas", "0,1", "--out", report.path]).status == 0)
        #expect(try listing(report) == names)
        #expect(try bytes(report.appendingPathComponent("tradeoff.json")) != before[2])
        #expect(try listing(dir) == ["report"])
    }

    @Test func aColumnTooWideToModelIsRejectedBeforeAnythingIsWritten() throws {
        let dir = try cli.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let wide = dir.appendingPathComponent("wide.csv")
        // Three rows a class, so that the study's three folds fit.
        try cli.write("x,y,class\n-1e308,1,a\n1e308,2,b\n0,3,a\n1,4,b\n2,5,a\n3,6,b\n", to: wide)
        let model = dir.appendingPathComponent("m.json")
        expectOneLineFailure(try cli.asonn("train", wide.path, "-o", model.path, "--quiet"),
                             ["wide.csv", "column 'x'"])
        let plan = ["plan", wide.path, "--min-accuracy", "0", "-o", model.path] + Self.quickStudy
        expectOneLineFailure(try cli.asonn(plan), ["column 'x'"])
        #expect(try listing(dir) == ["wide.csv"])
    }

    @Test func jsonOutputNeverCarriesANonFiniteNumber() throws {
        let dir = try cli.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        // Each cost is finite; their sum, the panel cost, is not.
        let huge = dir.appendingPathComponent("huge.json")
        try cli.write(#"{"name": "huge", "costs": {}, "default_cost": 1e308}"#, to: huge)
        let model = dir.appendingPathComponent("m.json")
        let train = try cli.asonn("train", "Datasets/iris.csv", "--costs", huge.path, "-o", model.path, "--quiet")
        if train.status == 0 {
            // The model file holds costs whose sum overflows: loading refuses it.
            expectOneLineFailure(try cli.asonn("explain", model.path, "--format", "json"),
                                 ["m.json", "the cost of all tests is more than 1e15"])
        } else {
            expectOneLineFailure(train, ["huge.json"])
        }
        let out = dir.appendingPathComponent("report")
        let tradeoff = ["tradeoff", "Datasets/iris.csv", "--costs", huge.path, "--out", out.path] + Self.quickStudy
        expectOneLineFailure(try cli.asonn(tradeoff), ["huge.json"])
        #expect(!FileManager.default.fileExists(atPath: out.path))
    }

    @Test func dataArrivesThroughAPipeAndADeviceIsRefused() throws {
        let dir = try cli.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let model = dir.appendingPathComponent("iris.json").path
        let iris = try Data(contentsOf: CommandTests.root.appendingPathComponent("Datasets/iris.csv"))
        let train = try CommandTests.launch(CommandTests.executable, ["train", "/dev/stdin", "-o", model, "--quiet"],
                                            input: iris)
        #expect(train.status == 0, "\(train.stderr)")
        let predict = try CommandTests.launch(CommandTests.executable,
                                              ["predict", model, "/dev/stdin", "--format", "csv"], input: iris)
        #expect(predict.status == 0, "\(predict.stderr)")
        #expect(predict.stdout.split(separator: "\n").count == 151)
        // An endless device is refused before it is read; endless bytes through a pipe stop
        // at the longest field.
        expectOneLineFailure(try cli.asonn("predict", model, "/dev/zero"),
                             ["/dev/zero: is a device, not a file or pipe"])
        expectOneLineFailure(try cli.asonn("train", "/dev/zero", "-o", model), ["/dev/zero: is a device"])
        let (zeros, written) = try predictFromEndlessZeros(model)
        expectOneLineFailure(zeros, ["/dev/stdin:1: column 1: a field longer than 64 MiB: not CSV data"])
        #expect(written < 128 << 20, "the tool read \(written) bytes before it stopped")
    }

    /// `predict MODEL /dev/stdin` fed zero bytes, 1 MiB at a time, until it stops reading
    /// (at most 256 MiB); and how many bytes it took.
    func predictFromEndlessZeros(_ model: String) throws -> (Run, Int) {
        final class Count: @unchecked Sendable { var bytes = 0 }
        let written = Count()
        let run = try CommandTests.launch(CommandTests.executable, ["predict", model, "/dev/stdin"]) { writer in
            let piece = Data(count: 1 << 20)
            while written.bytes < 256 << 20, (try? writer.write(contentsOf: piece)) != nil {
                written.bytes += piece.count
            }
        }
        return (run, written.bytes)
    }

    /// Runs `asonn` with standard output (`stream` 1) or standard error (2) on /dev/full, where
    /// every write fails as on a full disk.
    func asonnWithFullStream(_ stream: Int, _ arguments: [String]) throws -> Run {
        let script = "exec \"$0\" \"$@\" \(stream)>/dev/full"
        return try CommandTests.launch(URL(fileURLWithPath: "/bin/sh"),
                                       ["-c", script, CommandTests.executable.path] + arguments)
    }

    @Test func resultsLostOnStandardOutputFailTheRun() throws {
        let dir = try cli.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let model = dir.appendingPathComponent("model.json").path
        #expect(try cli.asonn(["train", "Datasets/iris.csv", "-o", model, "--quiet"]).status == 0)
        let runs: [[String]] = [
            ["explain", model], ["explain", model, "--format", "json"],
            ["evaluate", "Datasets/iris.csv", "--folds", "2", "--configure", "fixed", "--quiet"],
            ["plan", "Datasets/iris.csv", "--min-accuracy", "0.5", "-o", dir.appendingPathComponent("p.json").path]
                + Self.quickStudy,
            ["predict", model, "Datasets/iris.csv", "--format", "csv"],
            // Help and completion scripts are results too (`make install` writes the scripts).
            ["--help"], ["train", "--help"], ["tradeoff", "merge", "--help"], ["help", "tradeoff", "merge"],
            ["--generate-completion-script", "bash"],
        ]
        for arguments in runs {
            let run = try asonnWithFullStream(1, arguments)
            expectOneLineFailure(run, ["standard output: cannot write"])
        }
    }

    @Test func summariesOnStandardErrorEscapeControlCharactersInNames() throws {
        let dir = try cli.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let iris = try String(contentsOf: CommandTests.root.appendingPathComponent("Datasets/iris.csv"),
                              encoding: .utf8)
        let data = dir.appendingPathComponent("esc.csv")
        try cli.write(iris.replacingOccurrences(of: "Iris-setosa", with: "A\u{1B}]0;title\u{07}\u{1B}[2J"), to: data)
        let train = try cli.asonn("train", data.path, "-o", dir.appendingPathComponent("m.json").path)
        #expect(train.status == 0, "\(train.stderr)")
        #expect(!train.stderr.contains("\u{1B}") && !train.stderr.contains("\u{07}"), "\(train.stderr)")
        #expect(train.stderr.contains("A\\u{1b}]0;title\\u{7}\\u{1b}[2J"), "\(train.stderr)")
    }

    /// A file named with a line break keeps each note on its line: the break shows as \n.
    @Test func notesOnStandardErrorKeepAFileNameWithALineBreakOnOneLine() throws {
        let dir = try cli.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let data = dir.appendingPathComponent("two\nlines.csv")
        try FileManager.default.copyItem(at: CommandTests.root.appendingPathComponent("Datasets/iris.csv"), to: data)
        let train = try cli.asonn("train", data.path, "-o", dir.appendingPathComponent("m\nx.json").path)
        #expect(train.status == 0, "\(train.stderr)")
        #expect(train.stderr.contains("trained two\\nlines") && train.stderr.contains("m\\nx.json"), "\(train.stderr)")
        #expect(!train.stderr.contains("two\nlines") && !train.stderr.contains("m\nx"), "\(train.stderr)")
        let study = try cli.asonn(["tradeoff", data.path, "-o", dir.appendingPathComponent("r\nx").path]
                                  + Self.quickStudy)
        #expect(study.status == 0, "\(study.stderr)")
        #expect(study.stderr.contains("r\\nx/report.html") && !study.stderr.contains("r\nx"), "\(study.stderr)")
    }

    @Test func aFullStandardErrorDoesNotStopTheRun() throws {
        let dir = try cli.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let model = dir.appendingPathComponent("model.json")
        // Training notes its summary on standard error, which takes nothing here.
        let train = try asonnWithFullStream(2, ["train", "Datasets/iris.csv", "-o", model.path])
        #expect(train.status == 0, "\(train.stdout)")
        #expect(FileManager.default.fileExists(atPath: model.path))
        // A warning (no column for an attribute) that cannot be shown does not end the run either.
        let partial = dir.appendingPathComponent("partial.csv")
        let iris = CommandTests.root.appendingPathComponent("Datasets/iris.csv")
        let rows = try String(contentsOf: iris, encoding: .utf8)
            .split(separator: "\n").map { $0.split(separator: ",").dropFirst().joined(separator: ",") }
        try cli.write(rows.joined(separator: "\n") + "\n", to: partial)
        let predict = try asonnWithFullStream(2, ["predict", model.path, partial.path, "--format", "csv"])
        #expect(predict.status == 0)
        #expect(predict.stdout.split(separator: "\n").count == rows.count)
    }

    @Test(arguments: [SIGINT, SIGTERM])
    func anInterruptedWriteLeavesNothingBehind(_ number: Int32) throws {
        let dir = try cli.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let model = dir.appendingPathComponent("model.json").path
        #expect(try cli.asonn(["train", "Datasets/iris.csv", "-o", model, "--quiet"]).status == 0)
        // Enough rows that the prediction is still being written when the signal comes.
        let rows = try String(contentsOf: CommandTests.root.appendingPathComponent("Datasets/iris.csv"),
                              encoding: .utf8).split(separator: "\n")
        let body = rows.dropFirst().joined(separator: "\n") + "\n"
        let data = dir.appendingPathComponent("many.csv")
        try cli.write(rows[0] + "\n" + String(repeating: body, count: 5_000), to: data)
        let out = dir.appendingPathComponent("out")
        try FileManager.default.createDirectory(at: out, withIntermediateDirectories: true)

        let process = Process()
        process.executableURL = CommandTests.executable
        // Explained rows take longer than plain ones: the signal still finds the write under way.
        process.arguments = ["predict", model, data.path, "--format", "csv", "--explain",
                             "-o", out.appendingPathComponent("p.csv").path]
        process.standardError = FileHandle.nullDevice
        try process.run()
        // Once the temporary file is there, the write is under way.
        let start = Date()
        while try listing(out).isEmpty && process.isRunning && Date().timeIntervalSince(start) < 30 {
            usleep(2_000)
        }
        let started = process.isRunning
        kill(process.processIdentifier, number)
        process.waitUntilExit()
        if started {
            #expect(process.terminationStatus == 128 + number)
        }
        let left = try listing(out)
        #expect(left.isEmpty, "\(left)")
    }

    /// A stop request is heard while both cores are busy: self-configuration on many
    /// attributes runs its candidates on every core for a minute or more.
    @Test func aTerminationRequestStopsALongTrainingWhileEveryCoreIsBusy() throws {
        let dir = try cli.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let columns = 40_000
        let header = (0..<columns).map { "c\($0)" }.joined(separator: ",") + ",class\n"
        let rows = (0..<3).map { r in (0..<columns).map { String(($0 * 7 + r) % 10) }.joined(separator: ",")
            + (r % 2 == 0 ? ",a\n" : ",b\n") }
        let data = dir.appendingPathComponent("wide.csv")
        try cli.write(header + rows.joined(), to: data)
        let process = Process()
        process.executableURL = CommandTests.executable
        process.arguments = ["train", data.path, "-o", dir.appendingPathComponent("m.json").path, "--quiet"]
        process.standardError = FileHandle.nullDevice
        try process.run()
        sleep(3)
        let started = process.isRunning
        kill(process.processIdentifier, SIGTERM)
        // Waits at most 30 s; a tool that did not stop is killed and the test fails.
        let asked = Date()
        while process.isRunning && Date().timeIntervalSince(asked) < 30 { usleep(20_000) }
        let stopped = !process.isRunning
        if !stopped { kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
        #expect(stopped, "still running 30 s after SIGTERM")
        if started { #expect(process.terminationStatus == 128 + SIGTERM) }
    }
}
