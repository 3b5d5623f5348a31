import ArgumentParser
import ASONN
import Foundation

struct TradeOffMerge: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "merge",
        // Run by ASONNCommand.main for 'asonn tradeoff merge': tradeoff's own data arguments
        // would take the word 'merge' before a subcommand could (and, listed as a
        // subcommand, would clash with it in zsh's completion).
        _superCommandName: "asonn tradeoff",
        abstract: "Join the partial results of 'asonn tradeoff --shard K/N' into the reports of a single run.",
        discussion: """
        Reads every shard-K-of-N.json in the given folders (or the given files), checks that \
        they are the N shards of one batch, each exactly once and complete, and writes the \
        files a single run of the same batch writes, to --out with the same default \
        (reports/NAME/ for one data set, reports/ with index.html for several). tradeoff.json, \
        .csv and .md hold each configuration's build time as measured by the shard that ran \
        it; run the shards with --no-timings and every file is byte for byte that of a single \
        run with --no-timings.

        The data sets and cost profiles are read again (for the recommended configuration's \
        rules in report.html) and must be unchanged since the shards ran. Missing, duplicated, \
        mixed (another batch, data, option, seed or version) or damaged partial files are \
        refused with the file's name, before anything is written; each folder is written \
        atomically as by a single run.
        """)

    @Argument(help: ArgumentHelp("Folders holding partial results, or partial result files.", valueName: "dir"),
              completion: .file())
    var inputs: [String]

    @Option(name: [.customShort("o"), .long],
            help: ArgumentHelp("Output folder, as for a single run.", valueName: "dir"), completion: .directory)
    var out: String?

    @Flag(help: "No progress notes.")
    var quiet = false

    func run() async throws {
        let set = try ShardSet.check(try ShardSet.files(in: inputs))
        let merged = try ShardMerge(set: set, out: out).reports()
        try merged.write()
        if !quiet {
            for (name, folder) in merged.written {
                Terminal.note("\(escapingControls(name)): report written to \(escapingControls(folder))/report.html")
            }
            if !merged.batch.single { Terminal.note("index: \(escapingControls(merged.batch.indexPath))") }
            Terminal.note("merged \(set.key.shards) shard(s) of \(set.key.studies.count) data set(s)")
        }
    }
}

/// The reports of a checked shard set, made in memory before any is written.
struct ShardMerge {
    var set: ShardSet
    var out: String?

    struct Reports {
        var batch: TradeOffBatch
        var folders: [(path: String, files: [(name: String, data: Data)])]
        var index: [(name: String, report: TradeOffReport)]
        var written: [(String, String)] { zip(index, folders).map { ($0.name, $1.path) } }

        func write() throws {
            for folder in folders { try batch.writeFolder(folder.files, at: folder.path) }
            if !batch.single { try batch.writeIndex(index) }
        }
    }

    func reports() throws -> Reports {
        let key = set.key
        let batch = TradeOffBatch(jobs: key.studies.map { Job(data: $0.data, profile: $0.profile) },
                                  manifest: key.manifest, out: out)
        try batch.checkTargets()
        let options = try key.reading.options()
        var reports = Reports(batch: batch, folders: [], index: [])
        for ((study, merged), folder) in zip(zip(key.studies, set.studies), batch.folders) {
            let changed = CommandError("\(study.data): the data set or its cost profile changed since the shards ran")
            guard try fileFingerprint(study.data) == study.dataFingerprint,
                  try study.profile.map(fileFingerprint) == study.profileFingerprint else { throw changed }
            let data = try options.load(study.data)
            let costs = try resolvedCosts(study.profile, for: data)
            guard data.attributeCount == study.attributes, data.rowCount == study.rows,
                  try TradeOff.configurationCount(data, costs: costs, settings: key.settings) == study.configurations
            else { throw changed }
            let report = try TradeOff.assemble(data, costs: costs, settings: key.settings,
                                               panelSearch: merged.panelSearch, results: merged.results)
            let files = try batch.files(report, data: data, costs: costs,
                                        base: key.settings.parameters(forRows: data.rowCount), folder: folder.path)
            reports.folders.append((folder.path, files))
            reports.index.append((folder.name, report))
        }
        return reports
    }
}
