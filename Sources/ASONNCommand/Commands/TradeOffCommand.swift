import ArgumentParser
import ASONN
import ASONNRendering
import Foundation

struct TradeOffCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tradeoff",
        abstract: "Which tests, at what accuracy, for what cost: a cross-validated trade-off report.",
        discussion: """
        A cost-aware greedy search picks panels of tests (each step adds the test, or the \
        whole procedure, with the best accuracy gain per unit of cost); every panel is then \
        built with every lambda and prune mode and cross-validated with sequential test \
        acquisition. The plain ASONN on every test and the majority class are reference \
        points. Pareto-optimal configurations (no other is both cheaper and more accurate) \
        are marked.

        Writes tradeoff.csv, tradeoff.json, tradeoff.md and a self-contained report.html to \
        --out (default reports/NAME/). The folder is built beside its place under a hidden \
        temporary name and renamed into place only when complete, so a failed run leaves \
        no partial folder. An existing folder there is replaced once the new one is \
        complete, but only if it holds nothing but these four files (an earlier report); \
        otherwise, or if --out is a file or holds an input, nothing is written.

        Several data sets: give DATA=PROFILE pairs or --manifest FILE (one DATA[=PROFILE] \
        per line, paths relative to the manifest, '#' starts a comment); each gets its own \
        folder under --out (default reports/), written as above, and an index.html links \
        them. A failing data set is reported at the end and the others still run; the \
        exit code is then non-zero.
        """)

    @Argument(help: ArgumentHelp("Data files, or DATA=PROFILE pairs.", valueName: "data"))
    var data: [String] = []

    @Option(help: ArgumentHelp("The cost profile of a single data file.", valueName: "profile"))
    var costs: String?

    @Option(help: ArgumentHelp("A file listing DATA[=PROFILE] lines.", valueName: "file"))
    var manifest: String?

    @Option(help: ArgumentHelp("Output folder (see above for an existing one).", valueName: "dir"))
    var out: String?

    @OptionGroup var file: DataFileOptions
    @OptionGroup var grid: TradeOffOptions

    /// The files of one report folder.
    static let reportFiles = ["tradeoff.csv", "tradeoff.json", "tradeoff.md", "report.html"]
    static let what = "the trade-off report"

    func validate() throws {
        if data.isEmpty && manifest == nil {
            throw ValidationError("give a data file, DATA=PROFILE pairs, or --manifest FILE")
        }
        if costs != nil && (data.count != 1 || manifest != nil || data[0].contains("=")) {
            throw ValidationError("--costs goes with a single data file; use DATA=PROFILE pairs for several")
        }
    }

    func run() async throws {
        var jobs: [Job] = data.map { argument in
            let parts = argument.split(separator: "=", maxSplits: 1).map(String.init)
            return Job(data: parts.first ?? argument, profile: parts.count > 1 ? parts[1] : costs)
        }
        if let manifest { jobs += try Job.read(manifest: manifest) }
        let single = jobs.count == 1
        let root = out ?? "reports"
        let inputs = jobs.flatMap { [$0.data, $0.profile].compactMap { $0 } } + [manifest].compactMap { $0 }
        // Where each report goes, checked before the studies (which take minutes) run.
        let folders = jobs.map { job in
            let name = URL(fileURLWithPath: job.data).deletingPathExtension().lastPathComponent
            return (name: name, path: single ? (out ?? "reports/\(name)") : "\(root)/\(name)")
        }
        var seen = Set<String>()
        for folder in folders {
            guard seen.insert(folder.path).inserted else {
                throw CommandError("\(folder.path): two data sets named '\(folder.name)' would write the same "
                                   + "report folder")
            }
            try AtomicFile.folderTarget(folder.path, what: Self.what, names: Self.reportFiles, inputs: inputs)
        }
        if !single, FileManager.default.fileExists(atPath: root) {
            try AtomicFile.fileTarget(Self.indexPath(root), what: "the index", inputs: inputs)
        }

        var failures: [(String, String)] = []
        var written: [(name: String, report: TradeOffReport)] = []
        for (job, folder) in zip(jobs, folders) {
            do {
                let report = try await runOne(job, folder: folder.path, name: folder.name, inputs: inputs)
                written.append((folder.name, report))
                Terminal.note("\(folder.name): report written to \(folder.path)/report.html")
            } catch {
                if single { throw error }
                failures.append((job.data, "\(error)"))
                Terminal.note("\(folder.name): FAILED: \(error)")
            }
        }
        if !single {
            try writeIndex(written, root: root, inputs: inputs)
            Terminal.note("index: \(Self.indexPath(root))")
        }
        if !failures.isEmpty {
            Terminal.note("\(failures.count) of \(jobs.count) data set(s) failed:")
            for (data, message) in failures { Terminal.note("  \(data): \(message)") }
            throw ExitCode.failure
        }
    }

    /// Runs one study and writes its folder; every file is made in memory first, so a
    /// failure anywhere writes nothing.
    private func runOne(_ job: Job, folder: String, name: String, inputs: [String]) async throws -> TradeOffReport {
        let dataset = try file.load(job.data)
        let costs = try resolvedCosts(job.profile, for: dataset)
        let report = try await grid.study(dataset, costs: costs, label: name)
        let html: String
        if let best = report.recommended, let id = report.results.firstIndex(of: best) {
            let model = try TradeOff.fit(best.configuration, data: dataset, costs: costs, base: grid.settings().base)
            let plan = model.testPlan(on: dataset, accuracy: best.accuracy, accuracySpread: best.accuracySpread)
            html = report.html(recommendedRules: model.rules, plan: plan, recommendedID: id + 1)
        } else {
            html = report.html()
        }
        let json = try JSONOutput.string(report, what: "\(folder)/tradeoff.json")
        let contents = [report.csv, json, report.markdown, html]
        let files = zip(Self.reportFiles, contents).map { (name: $0, data: Data($1.utf8)) }
        try AtomicFile.writeFolder(files, at: folder, what: Self.what, inputs: inputs)
        return report
    }

    private static func indexPath(_ root: String) -> String { "\(root)/index.html" }

    private func writeIndex(_ written: [(name: String, report: TradeOffReport)], root: String,
                            inputs: [String]) throws {
        let html = reportIndexHTML(written.map { (folder: $0.name, report: $0.report) })
        try AtomicFile.makeFolder(root, what: "the index")
        try AtomicFile.write(Data(html.utf8), to: Self.indexPath(root), what: "the index", inputs: inputs)
    }
}
