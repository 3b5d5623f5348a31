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
            func trimmed(_ part: String) -> String { part.trimmingCharacters(in: .whitespaces) }
            let pair = FileManager.default.fileExists(atPath: resolve(line)) ? nil
                : split(line) { FileManager.default.fileExists(atPath: resolve(trimmed($0))) }
            let parts = pair.map { [trimmed($0.data), trimmed($0.profile)] } ?? [line]
            guard !parts[0].isEmpty, parts.count == 1 || !parts[1].isEmpty else {
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
    /// file whole (a file named "a=b.csv" needs no escape); otherwise it splits as `split` does.
    static func parse(argument: String, costs: String?) -> Job {
        if isDataFile(argument) { return Job(data: argument, profile: costs) }
        guard let pair = split(argument, isFile: isDataFile) else { return Job(data: argument, profile: costs) }
        return Job(data: pair.data, profile: pair.profile)
    }

    /// DATA=PROFILE split at the first "=" whose left part names an existing file, so that a
    /// data file named "a=b.csv" can take a profile ("a=b.csv=a.json"); at the first "=" when
    /// none does. Nil without an "=".
    static func split(_ text: String, isFile: (String) -> Bool) -> (data: String, profile: String)? {
        let cuts = text.indices.filter { text[$0] == "=" }
        guard let first = cuts.first else { return nil }
        let cut = cuts.first { isFile(String(text[..<$0])) } ?? first
        return (String(text[..<cut]), String(text[text.index(after: cut)...]))
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
