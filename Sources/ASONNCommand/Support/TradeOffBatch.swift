import ASONN
import ASONNRendering
import Foundation

/// The data sets of one `tradeoff` run and where each report goes: shared by a single run,
/// its shards and their merge, so that a merge writes exactly the folders a single run would.
struct TradeOffBatch {
    var jobs: [Job]
    var manifest: String?
    /// The folder for one data set's report (single) or for every data set's folder and the index.
    var out: String?

    /// The files of one report folder.
    static let reportFiles = ["tradeoff.csv", "tradeoff.json", "tradeoff.md", "report.html"]
    static let what = "the trade-off report"

    /// One data set: a report of its own, not a folder per data set with an index.
    var single: Bool { jobs.count == 1 }
    var root: String { out ?? "reports" }
    var indexPath: String { "\(root)/index.html" }
    var inputs: [String] { jobs.flatMap { [$0.data, $0.profile].compactMap { $0 } } + [manifest].compactMap { $0 } }

    var folders: [(name: String, path: String)] {
        jobs.map { job in
            let name = URL(fileURLWithPath: job.data).deletingPathExtension().lastPathComponent
            return (name: name, path: single ? (out ?? "reports/\(name)") : "\(root)/\(name)")
        }
    }

    /// Checks every place a report goes before the studies (which take minutes) run.
    func checkTargets() throws {
        var seen = Set<String>()
        for folder in folders {
            guard seen.insert(folder.path).inserted else {
                throw CommandError("\(folder.path): two data sets named '\(folder.name)' would write the same "
                                   + "report folder")
            }
            try AtomicFile.folderTarget(folder.path, what: Self.what, names: Self.reportFiles, inputs: inputs)
        }
        if !single, FileManager.default.fileExists(atPath: root) {
            try AtomicFile.fileTarget(indexPath, what: "the index", inputs: inputs)
        }
    }

    /// One study's report files, made in memory so that a failure anywhere writes nothing.
    /// The recommended configuration is refitted on all the data for the HTML report's
    /// rules and test plan.
    func files(_ report: TradeOffReport, data: Dataset, costs: TestCosts?, base: ASONNParameters,
               folder: String) throws -> [(name: String, data: Data)] {
        let html: String
        if let best = report.recommended, let id = report.results.firstIndex(of: best) {
            let risk = best.configuration.risk
            let model = risk > 0 ? try TradeOff.fitCalibrated(best.configuration, data: data, costs: costs, base: base)
                : try TradeOff.fit(best.configuration, data: data, costs: costs, base: base)
            let plan = model.testPlan(on: data, risk: risk, accuracy: best.accuracy,
                                      accuracySpread: best.accuracySpread)
            html = report.html(recommendedRules: model.rules, plan: plan, recommendedID: id + 1)
        } else {
            html = report.html()
        }
        let json = try JSONOutput.string(report, what: "\(folder)/tradeoff.json")
        let contents = [report.csv, json, report.markdown, html]
        return zip(Self.reportFiles, contents).map { (name: $0, data: Data($1.utf8)) }
    }

    func writeFolder(_ files: [(name: String, data: Data)], at folder: String) throws {
        try AtomicFile.writeFolder(files, at: folder, what: Self.what, inputs: inputs)
    }

    func writeIndex(_ written: [(name: String, report: TradeOffReport)]) throws {
        let html = reportIndexHTML(written.map { (folder: $0.name, report: $0.report) })
        try AtomicFile.makeFolder(root, what: "the index")
        try AtomicFile.write(Data(html.utf8), to: indexPath, what: "the index", inputs: inputs)
    }
}
