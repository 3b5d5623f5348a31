import ASONN
import Foundation

/// One data set of a trade-off run, with its cost profile.
struct Job: Equatable {
    var data: String
    var profile: String?

    /// Reads a manifest: one DATA[=PROFILE] per line, relative to the manifest's folder.
    static func read(manifest: String) throws -> [Job] {
        let bytes = try InputFile.contents(of: manifest) { ManifestError(description: "\(manifest): \($0)") }
        guard let text = String(data: bytes, encoding: .utf8) else {
            throw ManifestError(description: "\(manifest): not UTF-8 text")
        }
        let base = URL(fileURLWithPath: manifest).deletingLastPathComponent()
        func resolve(_ path: String) -> String {
            path.hasPrefix("/") ? path : base.appendingPathComponent(path).path
        }
        var jobs: [Job] = []
        for (index, raw) in text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline).enumerated() {
            let line = withoutComment(raw).trimmingCharacters(in: .whitespacesAndNewlines)
            if line.isEmpty { continue }
            let parts = FileManager.default.fileExists(atPath: resolve(line)) ? [line]
                : line.split(separator: "=", omittingEmptySubsequences: false)
                    .map { $0.trimmingCharacters(in: .whitespaces) }
            guard parts.count <= 2, !parts[0].isEmpty, parts.count == 1 || !parts[1].isEmpty else {
                throw ManifestError(description: "\(manifest):\(index + 1): expected DATA.csv or "
                                    + "DATA.csv=PROFILE.json, found '\(line)'")
            }
            let job = Job(data: resolve(parts[0]), profile: parts.count == 2 ? resolve(parts[1]) : nil)
            for path in [job.data] + (job.profile.map { [$0] } ?? [])
            where !FileManager.default.fileExists(atPath: path) {
                throw ManifestError(description: "\(manifest):\(index + 1): no such file \(path)")
            }
            jobs.append(job)
        }
        if jobs.isEmpty { throw ManifestError(description: "\(manifest): lists no data set") }
        return jobs
    }

    /// A manifest line up to its comment: a `#` at the start or after a space or tab (so
    /// that a file named "run#2.csv" can be listed).
    static func withoutComment(_ line: Substring) -> Substring {
        var previous: Character = " "
        for index in line.indices {
            if line[index] == "#", previous == " " || previous == "\t" { return line[..<index] }
            previous = line[index]
        }
        return line
    }

    /// A command-line DATA or DATA=PROFILE: an argument that names an existing file is a data
    /// file whole (a file named "a=b.csv" needs no escape); otherwise it splits at the first "=".
    static func parse(argument: String, costs: String?) -> Job {
        if isDataFile(argument) { return Job(data: argument, profile: costs) }
        let parts = argument.split(separator: "=", maxSplits: 1).map(String.init)
        return Job(data: parts.first ?? argument, profile: parts.count > 1 ? parts[1] : costs)
    }

    /// Whether the argument is a DATA=PROFILE pair rather than one file's name.
    static func isPair(_ argument: String) -> Bool { argument.contains("=") && !isDataFile(argument) }

    private static func isDataFile(_ argument: String) -> Bool {
        argument == "-" || FileManager.default.fileExists(atPath: argument)
    }
}

struct ManifestError: Error, CustomStringConvertible {
    var description: String
}
