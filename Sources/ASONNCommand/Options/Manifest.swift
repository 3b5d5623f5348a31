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
            let line = raw.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false).first.map(String.init)?
                .trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
            if line.isEmpty { continue }
            let parts = line.split(separator: "=", omittingEmptySubsequences: false)
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
}

struct ManifestError: Error, CustomStringConvertible {
    var description: String
}
