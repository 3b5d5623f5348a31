import ArgumentParser
import ASONN
import ASONNRendering
import Foundation

struct TradeOffCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tradeoff",
        abstract: "Which tests, at what accuracy, for what cost: a cross-validated trade-off report.",
        // Both forms: merge is run by ASONNCommand.main, not parsed as a subcommand.
        usage: """
            asonn tradeoff [<options>] [<data> ...]
            asonn tradeoff merge <dir> ... [--out <dir>] [--quiet]
            """,
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
        per line, paths relative to the manifest, '#' at the start or after a space starts \
        a comment; a name that is an existing file is taken whole, '=' and all, and a pair splits \
        at the first '=' after such a name: a=b.csv=a.json); each gets its own folder under \
        --out (default reports/), written as above, and an index.html links them. A failing \
        data set is reported at the end and the others still run; the exit code is then \
        non-zero.

        Batches beyond one machine: --shard K/N (K from 1 to N) runs a fixed 1/N of the \
        batch's configurations and writes only its partial results, to \
        --out/shard-K-of-N.json (default reports/shards/). Any scheduler can run the N \
        shards, anywhere and in any order; 'asonn tradeoff merge' then writes exactly the \
        files a single run writes. Unlike a single run, a shard stops at the first data set \
        that cannot be studied. --no-timings records build times as 0, so that the same \
        inputs write the same bytes (to compare a merged batch with a single run).

        'asonn tradeoff merge --help' tells how to merge.
        """)

    @Argument(help: ArgumentHelp("Data files, or DATA=PROFILE pairs.", valueName: "data"), completion: .file())
    var data: [String] = []

    @Option(help: ArgumentHelp("The cost profile of a single data file.", valueName: "profile"), completion: .file())
    var costs: String?

    @Option(help: ArgumentHelp("A file listing DATA[=PROFILE] lines.", valueName: "file"), completion: .file())
    var manifest: String?

    @Option(name: [.customShort("o"), .long], help: ArgumentHelp("""
        Output folder (see above for an existing one); with --shard, the folder of the partial results.
        """, valueName: "dir"), completion: .directory)
    var out: String?

    @Option(help: ArgumentHelp("""
        Run only shard K of N (1 <= K <= N <= \(StudyShard.maximumCount)) and write its partial results \
        for 'asonn tradeoff merge'.
        """, valueName: "K/N"))
    var shard: String?

    @Flag(help: "Record build times as 0: the same inputs then write the same bytes.")
    var noTimings = false

    @OptionGroup var file: DataFileOptions
    @OptionGroup var grid: TradeOffOptions

    func validate() throws {
        if data.isEmpty && manifest == nil {
            throw ValidationError("give a data file, DATA=PROFILE pairs, or --manifest FILE")
        }
        if costs != nil && (data.count != 1 || manifest != nil || Job.isPair(data[0])) {
            let names = data.map(escapingControls).joined(separator: ", ")
            let given = data.count < 2 ? "" : " (given \(data.count): \(names))"
            throw ValidationError("--costs goes with a single data file\(given); use DATA=PROFILE pairs for several")
        }
        if let pair = data.first(where: { Job.isPair($0) && ($0.hasPrefix("=") || $0.hasSuffix("=")) }) {
            throw ValidationError("'\(pair)': a DATA=PROFILE pair needs both a data file and a cost profile")
        }
        if let shard {
            do { _ = try StudyShard(parsing: shard) } catch { throw ValidationError("--shard: \(error.message)") }
            guard grid.risk.allSatisfy({ $0 == 0 }) else {
                throw ValidationError("--risk cannot be combined with --shard: risk curves need the whole front")
            }
        }
    }

    func batch() throws -> TradeOffBatch {
        var jobs: [Job] = data.map { Job.parse(argument: $0, costs: costs) }
        if let manifest { jobs += try Job.read(manifest: manifest) }
        return TradeOffBatch(jobs: jobs, manifest: manifest, out: out)
    }

    func run() async throws {
        let batch = try batch()
        if let shard {
            try await runShard(try StudyShard(parsing: shard), batch: batch)
        } else {
            try await runAll(batch)
        }
    }

    private func runAll(_ batch: TradeOffBatch) async throws {
        try batch.checkTargets()
        var failures: [(String, String)] = []
        var written: [(name: String, report: TradeOffReport)] = []
        for (job, folder) in zip(batch.jobs, batch.folders) {
            do {
                let dataset = try file.load(job.data)
                let costs = try resolvedCosts(job.profile, for: dataset)
                let report = try await grid.study(dataset, file: job.data, costs: costs, label: folder.name,
                                                  recordsTimes: !noTimings)
                let base = try grid.settings().parameters(forRows: dataset.rowCount)
                let files = try batch.files(report, data: dataset, costs: costs, base: base, folder: folder.path)
                try batch.writeFolder(files, at: folder.path)
                written.append((folder.name, report))
                Terminal.note("\(escapingControls(folder.name)): report written to "
                              + "\(escapingControls(folder.path))/report.html")
            } catch {
                if batch.single { throw error }
                failures.append((job.data, "\(error)"))
                Terminal.note("\(escapingControls(folder.name)): FAILED: \(error)")
            }
        }
        if !batch.single {
            try batch.writeIndex(written)
            Terminal.note("index: \(escapingControls(batch.indexPath))")
        }
        if !failures.isEmpty {
            Terminal.note("\(failures.count) of \(batch.jobs.count) data set(s) failed:")
            for (data, message) in failures { Terminal.note("  \(escapingControls(data)): \(message)") }
            throw ExitCode.failure
        }
    }

    /// Runs one shard: every data set is loaded (each study's size decides the split), then
    /// only this shard's configurations run; the partial file is written atomically at the end.
    private func runShard(_ shard: StudyShard, batch: TradeOffBatch) async throws {
        let folder = out ?? "reports/shards"
        let path = "\(folder)/\(ShardFile.name(index: shard.index, count: shard.count))"
        try AtomicFile.makeFolder(folder, what: "the partial results")
        try AtomicFile.fileTarget(path, what: "the partial results", inputs: batch.inputs)
        var settings = try grid.settings()
        settings.recordsTimes = !noTimings
        var loaded: [(data: Dataset, costs: TestCosts?)] = []
        var studies: [ShardBatchKey.Study] = []
        for job in batch.jobs {
            let dataset = try file.load(job.data)
            let costs = try resolvedCosts(job.profile, for: dataset)
            let count: Int
            do { count = try TradeOff.configurationCount(dataset, costs: costs, settings: settings) } catch {
                throw CommandError("\(job.data): \(error)")
            }
            loaded.append((dataset, costs))
            studies.append(.init(data: job.data, profile: job.profile, dataFingerprint: try fileFingerprint(job.data),
                                 profileFingerprint: try job.profile.map(fileFingerprint),
                                 attributes: dataset.attributeCount, rows: dataset.rowCount, configurations: count))
        }
        let key = ShardBatchKey(toolVersion: ToolVersion.current, shards: shard.count, manifest: batch.manifest,
                                studies: studies, reading: .init(file), settings: settings)
        var parts: [ShardFile.Part] = []
        for (index, range) in try key.share(of: shard.index).enumerated() where !range.isEmpty {
            let name = batch.folders[index].name
            Terminal.note("\(escapingControls(name)): shard \(shard): configurations "
                          + "\(range.lowerBound + 1)-\(range.upperBound) of \(studies[index].configurations)")
            let part = try await grid.part(loaded[index].data, file: batch.jobs[index].data,
                                           costs: loaded[index].costs, settings: settings,
                                           configurations: range, label: "\(name) (shard \(shard))")
            parts.append(.init(study: index, part: part))
        }
        let shardFile = ShardFile(format: ShardFile.formatName, version: ShardFile.formatVersion, batch: key,
                                  shard: shard.index, parts: parts)
        let json = try JSONOutput.string(shardFile, what: path)
        try AtomicFile.write(Data(json.utf8), to: path, what: "the partial results", inputs: batch.inputs)
        Terminal.note("shard \(shard): partial results written to \(escapingControls(path))")
    }
}
