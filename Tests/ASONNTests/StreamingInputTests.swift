import Foundation
import Testing
@testable import ASONN

// Reading a CSV file for a model block by block (`ModelInputReader`) must give exactly what
// reading the whole table as text and encoding it (`ASONNModel.input(from:)`) gives: the same
// values bit for bit, labels, lines and counts, and the same error for a bad file.

/// A small model with a numeric and a categorical attribute, trained on tidy rows.
private let mixedModel: ASONNModel = {
    var text = "size,colour,class\n"
    for index in 0..<40 {
        let colour = ["red", "green", "blue"][index % 3]
        text += "\(Double(index) * 0.5),\(colour),\(index < 20 ? "small" : "large")\n"
    }
    do {
        let data = try DataTable.parse(Array(text.utf8), file: "train.csv").labelledDataset().dataset
        return try ASONNClassifier().fit(data)
    } catch {
        preconditionFailure("the training rows are valid: \(error)")
    }
}()

/// A fresh file holding `bytes`, removed by the caller with its folder.
private func file(_ bytes: [UInt8]) throws -> URL {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("asonn-stream-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    let url = folder.appendingPathComponent("rows.csv")
    try Data(bytes).write(to: url)
    return url
}

/// Every block of the file, joined into one `ModelInput`.
private func streamed(_ model: ASONNModel, _ path: String, missing: [String] = DataOptions.defaultMissingTokens,
                      blockRows: Int, pieceBytes: Int) throws(DataError) -> ModelInput {
    let reader = try ModelInputReader(model: model, path: path, missingTokens: missing, blockRows: blockRows,
                                      pieceBytes: pieceBytes)
    var values: [Double] = [], labels: [String?] = [], lines: [Int] = [], rows = 0, unknown = 0
    while let block = try reader.next() {
        #expect(block.rowCount >= 1)
        values += block.values
        labels += block.labels ?? []
        lines += block.lines
        rows += block.rowCount
        unknown += block.unknownCategories
    }
    #expect(unknown == reader.unknownCategories)
    return ModelInput(file: path, values: values, rowCount: rows, labels: reader.hasLabels ? labels : nil,
                      lines: lines, absentAttributes: reader.absentAttributes, unknownCategories: unknown)
}

private func whole(_ model: ASONNModel, _ path: String,
                   missing: [String] = DataOptions.defaultMissingTokens) throws(DataError) -> ModelInput {
    try model.input(from: DataTable.read(contentsOf: path), missingTokens: missing)
}

private func sameBits(_ a: [Double], _ b: [Double]) -> Bool {
    a.count == b.count && zip(a, b).allSatisfy { $0.bitPattern == $1.bitPattern || ($0.isNaN && $1.isNaN) }
}

private let blockSizes = [1, 2, 3, 1000]
private let pieceSizes = [1, 2, 3, 7, 64, 1 << 20]

@Suite struct StreamingInputTests {
    static let awkwardFiles: [(name: String, bytes: [UInt8])] = [
        ("quoted numbers and spaces", Array("size,colour,class\n\"1.5\",red,small\n  2.5 ,\" green \",large\n".utf8)),
        ("CRLF and BOM", [0xEF, 0xBB, 0xBF] + Array("size,colour,class\r\n1,red,small\r\n2,blue,large\r\n".utf8)),
        ("lone CR", Array("size,colour,class\r3,red,small\r4,green,large\r".utf8)),
        ("embedded newlines",
         Array("size,colour,class\n1,\"re\nd\",small\n\"2\",blue,\"lar\r\nge\"\n5,red,small".utf8)),
        ("missing values", Array("size,colour,class\n,red,small\n?,NA,\nnan,,large\n NaN ,?,small\n".utf8)),
        ("number forms", Array("size,colour,class\n-0,red,a\n+.5e-3,red,a\n1E+2,red,a\n5.,red,a\n00012,red,a\n".utf8)
            + Array("1e22,red,a\n9007199254740993,red,a\n0.1234567890123456789,red,a\n1e-400,red,a\n".utf8)
            + Array("4.9e-324,red,a\n123456789012345678901234567890,red,a\n".utf8)),
        ("hexadecimal, not a number", Array("size,colour,class\n1,red,a\n0x1p3,red,a\n".utf8)),
        ("columns reordered and extra", Array("extra,class,colour,size\n\"a,b\",small,teal,1\nx,large,red,2\n".utf8)),
        ("blank lines and empty last line", Array("\n\nsize,colour,class\n\n1,red,small\n \n2,red,large\n\n".utf8)),
        ("very long field", Array("size,colour,class\n1,\(String(repeating: "r", count: 100_000)),small\n".utf8)),
        ("no target column", Array("colour,size\nred,1\nblue,2\ngreen,3\n".utf8)),
        ("no column the model uses", Array("class,colour\nsmall,red\n".utf8)),
    ]

    @Test(arguments: awkwardFiles.indices)
    func blocksEqualTheWholeTable(_ index: Int) throws {
        let (name, bytes) = Self.awkwardFiles[index]
        let url = try file(bytes)
        defer { try? FileManager.default.removeItem(at: url.deletingLastPathComponent()) }
        let outcome = Result { () throws(DataError) in try whole(mixedModel, url.path) }
        for blockRows in blockSizes {
            for pieceBytes in pieceSizes {
                let context = "\(name), blocks of \(blockRows), pieces of \(pieceBytes)"
                let got: ModelInput, expected: ModelInput
                switch (outcome, Result { () throws(DataError) in
                    try streamed(mixedModel, url.path, blockRows: blockRows, pieceBytes: pieceBytes)
                }) {
                case let (.success(old), .success(new)): (expected, got) = (old, new)
                case let (.failure(old), .failure(new)):
                    #expect(old == new, "\(context)")
                    continue
                default:
                    Issue.record("one reading failed, the other did not: \(context)")
                    continue
                }
                #expect(sameBits(got.values, expected.values), "\(context)")
                #expect(got.rowCount == expected.rowCount, "\(context)")
                #expect(got.labels == expected.labels, "\(context)")
                #expect(got.lines == expected.lines, "\(context)")
                #expect(got.absentAttributes == expected.absentAttributes, "\(context)")
                #expect(got.unknownCategories == expected.unknownCategories, "\(context)")
            }
        }
    }

    @Test func numericMissingTokensAreMissingOnTheFastPath() throws {
        let url = try file(Array("size,colour,class\n-999,red,a\n1E5,red,b\n1e5,red,c\n7,red,d\n".utf8))
        defer { try? FileManager.default.removeItem(at: url.deletingLastPathComponent()) }
        let tokens = ["-999", "1e5"]
        let expected = try whole(mixedModel, url.path, missing: tokens)
        let got = try streamed(mixedModel, url.path, missing: tokens, blockRows: 2, pieceBytes: 5)
        #expect(sameBits(got.values, expected.values))
        #expect(got.values[0].isNaN && got.values[2].isNaN && got.values[4].isNaN && got.values[6] == 7)
    }

    static let badFiles: [String] = [
        "size,colour,class\n1,red,small\n2,blue\n",
        "size,colour,class\n1,red,small\nabc,blue,large\n",
        "size,colour,class\n1,red,small\ninf,blue,large\n",
        "size,colour,class\n1,red,small\n1e400,blue,large\n",
        "size,colour,class\n1,red,small\n2,bl\0ue,large\n",
        "size,colour,class\n1,red,small\n2,\"blue,large\n",
        "size,colour,class\n1,red,small\n2,bl\"ue,large\n",
        "size,colour,class\n",
        "",
        "size,size,class\n1,2,a\n",
        "size,,class\n1,2,a\n",
        "size,colour,class\n1,red,small\n-nan,red,small\n",
        "size,colour,class\n\(String(repeating: "1,red,small\n", count: 30))x,red,small\n",
    ]

    @Test(arguments: badFiles.indices)
    func badFilesGiveTheSameError(_ index: Int) throws {
        let url = try file(Array(Self.badFiles[index].utf8))
        defer { try? FileManager.default.removeItem(at: url.deletingLastPathComponent()) }
        let expected = try #require(throws: DataError.self) { try whole(mixedModel, url.path) }
        for blockRows in [1, 4] {
            for pieceBytes in [1, 3, 1 << 20] {
                let got = try #require(throws: DataError.self) {
                    try streamed(mixedModel, url.path, blockRows: blockRows, pieceBytes: pieceBytes)
                }
                #expect(got == expected, "blocks of \(blockRows), pieces of \(pieceBytes)")
            }
        }
    }

    @Test func invalidUTF8IsRefusedWhereItIs() throws {
        let url = try file(Array("size,colour,class\n1,red,small\n2,".utf8) + [0xFF] + Array(",large\n".utf8))
        defer { try? FileManager.default.removeItem(at: url.deletingLastPathComponent()) }
        let expected = try #require(throws: DataError.self) { try whole(mixedModel, url.path) }
        let got = try #require(throws: DataError.self) {
            try streamed(mixedModel, url.path, blockRows: 1, pieceBytes: 2)
        }
        #expect(got == expected)
        #expect(got.line == 3 && got.columnNumber == 2)
    }

    @Test func plainDecimalsConvertAsDoubleFromText() {
        var texts = ["0", "-0", "+0", "0.0", "1", "-1", "1.5", ".5", "5.", "1e5", "1E-5", "+1e+5", "007", "1e22",
                     "1e23", "9007199254740992", "9007199254740993", "0.1", "0.30000000000000004", "123.456e-20",
                     "1e-22", "4.9e-324", "1e0000", "1e99999", "1.", "-.0", "", ".", "-", "e5", "1e", "1e+", "--1",
                     "1.2.3", " 1", "1 ", "0x10", "inf", "nan", "1_0", "١"]
        var generator = SeededGenerator(seed: 5)
        for _ in 0..<5000 {
            let value = Double.random(in: -1e6...1e6, using: &generator)
            texts.append(String(format: "%.\(Int.random(in: 0...17, using: &generator))f", value))
            texts.append(String(format: "%.\(Int.random(in: 0...16, using: &generator))e", value))
            texts.append("\(value)")
        }
        var fast = 0
        for text in texts {
            let bytes = Array(text.utf8)
            guard let value = bytes.withUnsafeBufferPointer({ PlainDecimal.value($0) }) else { continue }
            fast += 1
            let expected = Dataset.number(text)
            #expect(expected?.bitPattern == value.bitPattern, "\(text)")
        }
        // Most everyday numbers take the fast path.
        #expect(fast > 10_000)
    }

    /// Random files over an alphabet of awkward bytes: the same values or the same error,
    /// in random pieces and blocks.
    @Test func randomFilesReadAsTheWholeTable() throws {
        let alphabet = Array("0123456789.e-+,\"\n\r ?NAna".utf8) + [0, 0xFF, 0xC3, 0xA9]
        var generator = SeededGenerator(seed: 11)
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("asonn-random-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        var agreedOnValues = 0
        for round in 0..<300 {
            var bytes = Array("size,colour,class\n".utf8)
            for _ in 0..<Int.random(in: 1...12, using: &generator) {
                // Mostly well-formed rows, a few bytes of noise in some, so that many files read.
                var row = Array("\(Double.random(in: -5...25, using: &generator)),red,small\n".utf8)
                if Int.random(in: 0..<8, using: &generator) == 0 {
                    for _ in 0..<Int.random(in: 1...3, using: &generator) {
                        row.insert(alphabet[Int.random(in: 0..<alphabet.count, using: &generator)],
                                   at: Int.random(in: 0..<row.count, using: &generator))
                    }
                }
                bytes += row
            }
            let url = folder.appendingPathComponent("\(round).csv")
            try Data(bytes).write(to: url)
            let outcome = Result { () throws(DataError) in try whole(mixedModel, url.path) }
            let blockRows = Int.random(in: 1...4, using: &generator)
            let pieceBytes = Int.random(in: 1...40, using: &generator)
            let got = Result { () throws(DataError) in
                try streamed(mixedModel, url.path, blockRows: blockRows, pieceBytes: pieceBytes)
            }
            switch (outcome, got) {
            case let (.success(old), .success(new)):
                agreedOnValues += 1
                #expect(sameBits(new.values, old.values) && new.labels == old.labels && new.lines == old.lines,
                        "file \(round)")
                #expect(new.unknownCategories == old.unknownCategories, "file \(round)")
            case let (.failure(old), .failure(new)):
                // Block by block, the first problem in file order is reported: never after
                // the one the whole reading reports (which checks all rows' syntax first).
                #expect((new.line ?? 0) <= (old.line ?? 0), "file \(round): \(new) against \(old)")
            default:
                Issue.record("file \(round): one reading failed, the other did not")
            }
        }
        #expect(agreedOnValues > 20)
    }

    @Test func aFirstLineWithoutABreakPastTheFieldLimitIsAnErrorNotAWait() throws {
        // No line break in the first 64 MiB (a binary file, /dev/zero through a pipe): the
        // reader stops waiting for the header's end and the stream refuses the field.
        // (A line break and a row follow: the field must be refused before its line ends.)
        let url = try file([UInt8](repeating: 0, count: (64 << 20) + 1) + Array("\n1,red,small\n".utf8))
        defer { try? FileManager.default.removeItem(at: url.deletingLastPathComponent()) }
        let error = try #require(throws: DataError.self) {
            try streamed(mixedModel, url.path, blockRows: 4, pieceBytes: 1 << 20)
        }
        #expect(error.line == 1)
        #expect(error.message == "a field longer than 64 MiB: not CSV data")
    }

    @Test func aNamedPipeIsReadAndADeviceIsRefused() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("asonn-pipe-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let pipe = folder.appendingPathComponent("rows.csv").path
        try #require(mkfifo(pipe, 0o600) == 0)
        let text = "size,colour,class\n1.5,red,small\n19,blue,large\n"
        // Both readings open the pipe; each gets the text from a writer of its own.
        func writeOnce() {
            let writer = Thread {
                if let handle = FileHandle(forWritingAtPath: pipe) {
                    try? handle.write(contentsOf: Data(text.utf8))
                    try? handle.close()
                }
            }
            writer.start()
        }
        writeOnce()
        let whole = try InputFile.contents(of: pipe) { DataError(file: pipe, message: $0) }
        #expect(whole == Data(text.utf8))
        // A pipe that gives more than the limit stops with an error, not with memory filled.
        // (Each reading on a pipe of its own: bytes left unread in one could reach the next.)
        func freshPipe(_ name: String) throws -> String {
            let path = folder.appendingPathComponent(name).path
            try #require(mkfifo(path, 0o600) == 0)
            let writer = Thread {
                if let handle = FileHandle(forWritingAtPath: path) {
                    try? handle.write(contentsOf: Data(text.utf8))
                    try? handle.close()
                }
            }
            writer.start()
            return path
        }
        let over = try freshPipe("over.csv")
        let endless = try #require(throws: DataError.self) {
            try InputFile.contents(of: over, pipeLimit: 20) { DataError(file: over, message: $0) }
        }
        #expect(endless.message.hasPrefix("gave more than 20 bytes through a pipe"))
        let full = try freshPipe("full.csv")
        let exact = try InputFile.contents(of: full, pipeLimit: text.utf8.count) { DataError(file: full, message: $0) }
        #expect(exact == Data(text.utf8), "exactly the limit is read")
        #expect(InputFile.pipeLimit > 0 && UInt64(InputFile.pipeLimit) <= ProcessInfo.processInfo.physicalMemory / 4)
        writeOnce()
        let blocks = try streamed(mixedModel, pipe, blockRows: 1, pieceBytes: 7)
        #expect(blocks.rowCount == 2 && blocks.labels == ["small", "large"] && blocks.lines == [2, 3])

        for device in ["/dev/zero", "/dev/null"] {
            let error = try #require(throws: DataError.self) {
                try InputFile.contents(of: device) { DataError(file: device, message: $0) }
            }
            #expect(error.message == "is a device, not a file or pipe")
            let streaming = try #require(throws: DataError.self) {
                try ModelInputReader(model: mixedModel, path: device)
            }
            #expect(streaming.message == "is a device, not a file or pipe")
        }
    }

    @Test func aNameThatWasNotUTF8SaysSoInsteadOfOnlyNoSuchFile() throws {
        // How the command line hands over a name with the bytes FF FE.
        let mangled = FileManager.default.temporaryDirectory.appendingPathComponent("bad\u{FFFD}\u{FFFD}.csv").path
        let error = try #require(throws: DataError.self) {
            try InputFile.contents(of: mangled) { DataError(file: mangled, message: $0) }
        }
        #expect(error.message.hasPrefix("no such file (its name is not valid UTF-8"), "\(error.message)")
        let plain = try #require(throws: DataError.self) {
            try InputFile.contents(of: "/nonexistent/x.csv") { DataError(file: "x", message: $0) }
        }
        #expect(plain.message == "no such file")
    }
}
