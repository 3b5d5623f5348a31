import ASONN
import Foundation

/// The version of the tool, written into partial results: shards of different versions
/// could compute different figures, so they are not merged.
enum ToolVersion {
    static let current = "0.12.0"
}

/// What every shard of one batch must share: the data sets (with their files' fingerprints),
/// the study settings, the CSV reading options and the shard count. Merge compares it whole.
struct ShardBatchKey: Codable, Equatable {
    struct Study: Codable, Equatable {
        var data: String
        var profile: String?
        var dataFingerprint: String
        var profileFingerprint: String?
        var attributes: Int
        /// The rows: each of the study's configurations weighs the square of the rows it is
        /// cross-validated on in the split, as construction's work grows about with that square.
        var rows: Int
        var configurations: Int
    }
    struct Reading: Codable, Equatable {
        var target: String?
        var delimiter: String?
        var missing: String
        var numeric: String?
        var categorical: String?

        init(_ options: DataFileOptions) {
            target = options.target
            delimiter = options.csv.delimiter
            missing = options.csv.missing
            numeric = options.numeric
            categorical = options.categorical
        }

        /// The options as they were given, for merge to read the data sets the same way.
        func options() throws -> DataFileOptions {
            let given = [("--target", target), ("--delimiter", delimiter), ("--missing", missing),
                         ("--numeric", numeric), ("--categorical", categorical)]
            return try DataFileOptions.parse(given.flatMap { name, value in value.map { [name, $0] } ?? [] })
        }
    }
    var toolVersion: String
    var shards: Int
    var manifest: String?
    var studies: [Study]
    var reading: Reading
    var lambdas: [Double]
    var pruneModes: [PruneMode]
    var folds: Int
    var seed: UInt64
    var repeats: Int?
    var base: ASONNParameters
    var largeDataRows: Int?
    var studyRows: Int?
    var recordsTimes: Bool

    init(toolVersion: String, shards: Int, manifest: String?, studies: [Study], reading: Reading,
         settings: TradeOffSettings) {
        self.toolVersion = toolVersion
        self.shards = shards
        self.manifest = manifest
        self.studies = studies
        self.reading = reading
        lambdas = settings.lambdas
        pruneModes = settings.pruneModes
        folds = settings.folds
        seed = settings.seed
        repeats = settings.repeats
        base = settings.base
        largeDataRows = settings.largeDataRows
        studyRows = settings.studyRows
        recordsTimes = settings.recordsTimes
    }

    var settings: TradeOffSettings {
        var settings = TradeOffSettings()
        settings.lambdas = lambdas
        settings.pruneModes = pruneModes
        settings.folds = folds
        settings.seed = seed
        settings.repeats = repeats
        settings.base = base
        settings.largeDataRows = largeDataRows
        settings.studyRows = studyRows
        settings.recordsTimes = recordsTimes
        return settings
    }

    /// The share of shard `index` (1-based) of every study.
    func share(of index: Int) throws -> [Range<Int>] {
        try StudyShard(index: index, count: shards).share(studies.map { study in
            let studied = studyRows.map { min($0, study.rows) } ?? study.rows  // about; a weight needs no more
            let rows = min(max(studied, 0), 1 << 20)
            return (study.configurations, rows * rows)
        })
    }

    /// The first field in which two keys differ, in words, for merge's message.
    func difference(from other: ShardBatchKey) -> String? {
        let fields: [(String, Bool)] = [
            ("the tool version (\(toolVersion) and \(other.toolVersion))", toolVersion == other.toolVersion),
            ("the shard count (\(shards) and \(other.shards))", shards == other.shards),
            ("the data sets", studies.map { [$0.data, $0.profile] } == other.studies.map { [$0.data, $0.profile] }),
            ("the contents of a data or cost profile file", studies == other.studies),
            ("the manifest", manifest == other.manifest),
            ("the CSV reading options", reading == other.reading),
            ("--lambdas", lambdas == other.lambdas),
            ("--prune", pruneModes == other.pruneModes),
            ("--folds", folds == other.folds),
            ("--seed (\(seed) and \(other.seed))", seed == other.seed),
            ("--repeats", repeats == other.repeats),
            ("the construction options", base == other.base),
            ("--exact", largeDataRows == other.largeDataRows),
            ("--study-rows", studyRows == other.studyRows),
            ("--no-timings", recordsTimes == other.recordsTimes),
        ]
        return fields.first { !$0.1 }?.0
    }
}

/// The partial results of one shard: `asonn tradeoff --shard K/N` writes one, `asonn
/// tradeoff merge` reads them all. Read as hostile input: every field is checked.
struct ShardFile: Codable {
    static let formatName = "asonn tradeoff shard"
    static let formatVersion = 1

    struct Part: Codable, Equatable {
        /// The study's place in the batch.
        var study: Int
        var part: TradeOffPart
    }
    var format: String
    var version: Int
    var batch: ShardBatchKey
    var shard: Int
    var parts: [Part]

    static func name(index: Int, count: Int) -> String { "shard-\(index)-of-\(count).json" }

    /// Reads and decodes one partial file; every failure names the file.
    static func read(_ path: String) throws -> ShardFile {
        let bytes = try InputFile.contents(of: path) {
            CommandError("\(path): cannot read the partial results: \($0)")
        }
        let file: ShardFile
        do {
            file = try JSONDecoder().decode(ShardFile.self, from: bytes)
        } catch let error as DecodingError {
            throw CommandError("\(path): not a complete partial result of 'asonn tradeoff --shard' "
                               + "(\(error.readableDescription(of: bytes, as: ShardFile.self)))")
        }
        if let message = JSONDiagnosis.duplicateKeyMessage(in: bytes) {
            throw CommandError("\(path): not a complete partial result of 'asonn tradeoff --shard' (\(message))")
        }
        guard file.format == formatName, file.version == formatVersion else {
            throw CommandError("\(path): not a partial result of this version of 'asonn tradeoff --shard' "
                               + "(format '\(file.format)' version \(file.version))")
        }
        return file
    }
}

/// A 64-bit FNV-1a fingerprint of a file's bytes, so merge can tell that a data set or cost
/// profile changed after the shards ran (a check against mistakes, not against forgery).
func fileFingerprint(_ path: String) throws -> String {
    let bytes = try InputFile.contents(of: path) { CommandError("\(path): \($0)") }
    var hash: UInt64 = 0xcbf2_9ce4_8422_2325
    for byte in bytes {
        hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01b3
    }
    return String(format: "%016llx", hash)
}
