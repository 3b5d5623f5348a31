import Foundation
import Testing
@testable import ASONN

/// Collects the temporary paths a write passes through.
final class SeenPaths: @unchecked Sendable {
    private let lock = NSLock()
    private var paths: [String] = []
    func add(_ path: String) { lock.lock(); paths.append(path); lock.unlock() }
    var all: [String] { lock.lock(); defer { lock.unlock() }; return paths }
}

struct InjectedFault: Error {}

/// The one atomic writer behind every file and folder the library and the tool write.
struct AtomicFileTests {
    func temporaryFolder() throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("asonn-files-\(UUID())").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    func listing(_ folder: String) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: folder).sorted()
    }

    @Test func aFolderFailingAtRenameLeavesTheEarlierFolderAndNoTemporaryOne() throws {
        let root = try temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let folder = "\(root)/report"
        func files(_ version: String) -> [(name: String, data: Data)] {
            [("a.txt", Data("\(version) a".utf8)), ("b.txt", Data("\(version) b".utf8))]
        }
        try AtomicFile.writeFolder(files("old"), at: folder, what: "r")
        let seen = SeenPaths()
        let target = try AtomicFile.folderTarget(folder, what: "r", names: ["a.txt", "b.txt"])
        defer { AtomicFile.faults.set(target, nil) }
        AtomicFile.faults.set(target) { temporary in
            // What the new folder holds when its rename is to happen.
            let contents = (try? FileManager.default.contentsOfDirectory(atPath: temporary)) ?? []
            seen.add(contents.sorted().joined(separator: ","))
            throw InjectedFault()
        }
        #expect(throws: FileWriteError.self) {
            try AtomicFile.writeFolder(files("new"), at: folder, what: "r")
        }
        #expect(seen.all == ["a.txt,b.txt"], "the new folder was complete when its rename failed")
        #expect(!seen.all.isEmpty, "the fault was reached")
        #expect(try listing(root) == ["report"], "no temporary sibling left")
        #expect(try String(contentsOfFile: "\(folder)/a.txt", encoding: .utf8) == "old a")
        #expect(try String(contentsOfFile: "\(folder)/b.txt", encoding: .utf8) == "old b")
    }

    @Test func aFolderHoldingOtherFilesIsNeverReplaced() throws {
        let root = try temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: root) }
        try Data("mine".utf8).write(to: URL(fileURLWithPath: "\(root)/notes.txt"))
        #expect(throws: FileWriteError.self) { try AtomicFile.writeFolder([("a.txt", Data())], at: root, what: "r") }
        #expect(try listing(root) == ["notes.txt"])
    }

    @Test func writingOverAnInputIsRefusedThroughLinksOfEitherKind() throws {
        let root = try temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let input = "\(root)/data.csv"
        try Data("x,c\n".utf8).write(to: URL(fileURLWithPath: input))
        try FileManager.default.createSymbolicLink(atPath: "\(root)/soft.csv", withDestinationPath: "data.csv")
        try FileManager.default.linkItem(atPath: input, toPath: "\(root)/hard.csv")
        for output in [input, "\(root)/soft.csv", "\(root)/hard.csv", "\(root)/./data.csv"] {
            #expect(throws: FileWriteError.self, "\(output)") {
                try AtomicFile.write(Data("m".utf8), to: output, what: "m", inputs: [input])
            }
        }
        #expect(try String(contentsOfFile: input, encoding: .utf8) == "x,c\n")
    }
}
