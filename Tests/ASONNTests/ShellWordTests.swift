import ASONNRendering
import Foundation
import Testing

/// `shellWord`: the command lines the tool suggests (`asonn plan`'s `asonn predict MODEL`)
/// give the shell back the very path, whatever it holds.
struct ShellWordTests {
    /// What bash makes of `word`: its one argument, printed as it is.
    private func bashReads(_ word: String) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/bash")
        process.arguments = ["-c", "printf '%s' " + word]
        let out = Pipe()
        process.standardOutput = out
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: data, as: UTF8.self)
    }

    @Test func aPlainPathIsLeftAsItIs() {
        #expect(shellWord("models/heart-plan_2.json") == "models/heart-plan_2.json")
        #expect(shellWord("") == "''")
    }

    @Test(arguments: ["my model.json", "it's.json", "a$b`c`(d).json", "*?[x].json", "~/m.json", "é plan.json",
                      "line\nbreak.json", "tab\tand 'quote'.json", "back\\slash\r.json", "\u{202E}nosj.json",
                      "bell\u{7}.json", "-", "a;b|c&d>e<f"])
    func theShellReadsBackTheSamePath(_ path: String) throws {
        let word = shellWord(path)
        #expect(try bashReads(word) == path, "\(word)")
        // Shown on one line: no raw control character.
        #expect(!word.unicodeScalars.contains { $0.properties.generalCategory == .control }, "\(word)")
    }
}
