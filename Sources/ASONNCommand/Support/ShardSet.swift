import ASONN
import Foundation

/// A complete, consistent set of partial results: one file for each shard of one batch, each
/// holding exactly its share. Built only by `check`, which names the offending file on any
/// fault, so merge writes nothing from an incomplete, mixed or damaged set.
struct ShardSet {
    var key: ShardBatchKey
    /// Per study of the batch: the panel search and every configuration's result, in order.
    var studies: [(panelSearch: [PanelStep], results: [TradeOffResult])]

    /// The partial files among `inputs`: a folder gives its shard-K-of-N.json files, a file itself.
    static func files(in inputs: [String]) throws -> [String] {
        var files: [String] = []
        for input in inputs {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: input, isDirectory: &isDirectory) else {
                throw CommandError("\(input): no such file or folder")
            }
            guard isDirectory.boolValue else {
                files.append(input)
                continue
            }
            let names = (try? FileManager.default.contentsOfDirectory(atPath: input)) ?? []
            let shards = names.filter { $0.range(of: #"^shard-[0-9]+-of-[0-9]+\.json$"#, options: .regularExpression)
                != nil }
            guard !shards.isEmpty else {
                throw CommandError("\(input): holds no partial results (shard-K-of-N.json files)")
            }
            files += shards.sorted { $0.localizedStandardCompare($1) == .orderedAscending }.map { "\(input)/\($0)" }
        }
        return files
    }

    static func check(_ paths: [String]) throws -> ShardSet {
        let files = try paths.map { (path: $0, file: try ShardFile.read($0)) }
        guard let first = files.first else { throw CommandError("no partial results given") }
        let key = first.file.batch
        guard (1...StudyShard.maximumCount).contains(key.shards), !key.studies.isEmpty,
              key.studyRows.map(OptionRange.studyRows.contains) ?? true,
              key.repeats.map(OptionRange.studyRepeats.contains) ?? true,
              key.studies.allSatisfy({ $0.attributes >= 0 && $0.rows >= 0 && $0.configurations >= 0
                                       && $0.configurations <= StudyShard.maximumConfigurations }) else {
            throw CommandError("\(first.path): a batch of \(key.shards) shards over \(key.studies.count) data sets "
                               + "cannot be merged")
        }
        var byShard: [Int: String] = [:]
        for (path, file) in files {
            if let difference = key.difference(from: file.batch) {
                throw CommandError("\(path): from another batch than \(first.path): they differ in \(difference)")
            }
            guard (1...key.shards).contains(file.shard) else {
                throw CommandError("\(path): shard \(file.shard) of \(key.shards) does not exist")
            }
            if let other = byShard[file.shard] {
                throw CommandError("\(path): shard \(file.shard)/\(key.shards) is given twice (also \(other))")
            }
            byShard[file.shard] = path
        }
        if let missing = (1...key.shards).first(where: { byShard[$0] == nil }) {
            throw CommandError("\(ShardFile.name(index: missing, count: key.shards)): shard \(missing)/\(key.shards) "
                               + "is missing (\(files.count) of \(key.shards) given, the first \(first.path))")
        }
        var studies = key.studies.map { _ in (panelSearch: [PanelStep]?.none, results: [TradeOffResult]()) }
        // Files in shard order, so that each study's results come in configuration order.
        for (path, file) in files.sorted(by: { $0.file.shard < $1.file.shard }) {
            let share = try key.share(of: file.shard)
            let expected = share.enumerated().filter { !$0.element.isEmpty }.map { $0.offset }
            guard file.parts.map(\.study) == expected,
                  zip(file.parts, expected).allSatisfy({ $0.part.configurations == share[$1] }) else {
                throw CommandError("\(path): does not hold shard \(file.shard)'s share of the batch")
            }
            for part in file.parts {
                try check(part.part, of: key.studies[part.study], key: key, path: path,
                          search: &studies[part.study].panelSearch)
                studies[part.study].results += part.part.results
            }
        }
        return ShardSet(key: key, studies: studies.map { ($0.panelSearch ?? [], $0.results) })
    }

    /// Checks one part against the configurations its panel search implies (the same in every
    /// shard that ran it), so that no index a report looks up is out of range.
    private static func check(_ part: TradeOffPart, of study: ShardBatchKey.Study, key: ShardBatchKey, path: String,
                              search: inout [PanelStep]?) throws {
        let fail = { (what: String) in CommandError("\(path): \(study.data): \(what)") }
        if part.configurations.upperBound > 2 {
            guard let steps = part.panelSearch else { throw fail("the panel search is missing") }
            let attributes = 0..<study.attributes
            guard steps.allSatisfy({ step in
                (step.panel + step.added).allSatisfy(attributes.contains)
                    && step.panel == Array(Set(step.panel)).sorted()
            }) else {
                throw fail("the panel search names attributes the data does not have")
            }
            if let earlier = search, earlier != steps {
                throw fail("the panel search differs from another shard's")
            }
            search = steps
        } else if part.panelSearch != nil {
            throw fail("a panel search where the share needs none")
        }
        let configurations = TradeOff.configurations(steps: search ?? [], attributeCount: study.attributes,
                                                     settings: key.settings)
        guard part.configurations.upperBound <= 2 || configurations.count == study.configurations else {
            throw fail("the panel search has the wrong number of steps")
        }
        guard part.results.count == part.configurations.count,
              zip(part.configurations, part.results).allSatisfy({ index, result in
                  configurations.indices.contains(index) && configurations[index] == result.configuration
              }) else {
            throw fail("the results do not match configurations \(part.configurations.lowerBound + 1)-"
                       + "\(part.configurations.upperBound)")
        }
        for (index, result) in zip(part.configurations, part.results) {
            if let field = result.impossibleFigure {
                throw fail("configuration \(index + 1) has an impossible \(field)")
            }
        }
    }
}
