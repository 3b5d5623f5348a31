import Testing
@testable import CSVReader

/// Collects a stream's fields as text, like `CSVReader.parse`.
private final class Collector: CSVFieldHandler {
    var records: [CSVRecord] = []
    var fields: [String] = []

    override func field(_ bytes: UnsafeBufferPointer<UInt8>, index: Int, line: Int) -> Bool {
        fields.append(String(decoding: bytes, as: UTF8.self))
        return true
    }

    override func endRecord(fieldCount: Int, line: Int) -> Bool {
        #expect(fieldCount == fields.count)
        records.append(CSVRecord(fields: fields, line: line))
        fields = []
        return true
    }
}

/// The input in pieces of `size` bytes, fed one after the other.
private func inPieces(_ bytes: [UInt8], size: Int, delimiter: UInt8 = UInt8(ascii: ",")) throws -> [CSVRecord] {
    let stream = try CSVStream(delimiter: delimiter)
    let collector = Collector()
    var start = 0
    while start < bytes.count {
        let piece = Array(bytes[start..<min(bytes.count, start + size)])
        _ = try piece.withUnsafeBufferPointer { try stream.feed($0, to: collector) }
        start += size
    }
    try stream.finish(to: collector)
    return collector.records
}

@Suite struct CSVStreamTests {
    static let inputs: [[UInt8]] = [
        Array("a,b\n1,2\n".utf8),
        [0xEF, 0xBB, 0xBF] + Array("a,b\r\n1,2\r\n\r\n3,\"x\r\ny\"\r\n".utf8),
        Array("a,b\r1,2\r3,4".utf8),
        Array("\n\na,\"q\"\"uote\"\n \n\"multi\nline\n\",z\n".utf8),
        Array("ab".utf8),
        [0xEF, 0xBB, 0xBF, 0xEF, 0xBB, 0xBF] + Array("a\n".utf8),
        Array("x,\(String(repeating: "y", count: 5000))\n1,2".utf8),
    ]

    @Test(arguments: inputs.indices)
    func piecesOfAnySizeParseAsTheWhole(_ index: Int) throws {
        let bytes = Self.inputs[index]
        let whole = try CSVReader.parse(bytes, delimiter: UInt8(ascii: ","))
        for size in [1, 2, 3, 4, 5, 7, 11, 64, 4096] {
            #expect(try inPieces(bytes, size: size) == whole, "pieces of \(size)")
        }
    }

    @Test func malformedQuotingIsReportedOnItsLineInAnyPieces() throws {
        let bytes = Array("a,b\n1,2\n3,x\"y\n".utf8)
        let whole = try #require(throws: CSVReadError.self) { try CSVReader.parse(bytes) }
        #expect(whole.line == 3)
        for size in [1, 2, 5, 100] {
            let error = try #require(throws: CSVReadError.self) { try inPieces(bytes, size: size) }
            #expect(error == whole, "pieces of \(size)")
        }
    }

    @Test func aDecidedDelimiterNeedsTheWholeFirstLine() {
        #expect(CSVReader.decidedDelimiter(Array("a;b;c".utf8)) == nil)
        #expect(CSVReader.decidedDelimiter(Array("\n\"a\nb\";c".utf8)) == nil)
        #expect(CSVReader.decidedDelimiter(Array("a;b;c\n1,2".utf8)) == UInt8(ascii: ";"))
        #expect(CSVReader.decidedDelimiter(Array("a\tb\r".utf8)) == UInt8(ascii: "\t"))
    }

    @Test func aFieldLongerThanTheLimitIsAnErrorOnItsRecordsLine() throws {
        // A field of exactly the limit is read, in pieces or in one line; one byte more is
        // refused, in pieces or within one line (the whole-table reader passes whole lines).
        let stream = try CSVStream(delimiter: UInt8(ascii: ","), maximumFieldBytes: 100)
        let collector = Collector()
        let x = [UInt8](repeating: UInt8(ascii: "x"), count: 100)
        for piece in [Array("a,b\n1,".utf8), x, Array("\n1,".utf8) + x + Array("\n".utf8)] {
            _ = try piece.withUnsafeBufferPointer { try stream.feed($0, to: collector) }
        }
        #expect(collector.records.map { $0.fields.last?.count } == [1, 100, 100])
        let start = Array("2,".utf8) + [UInt8](repeating: UInt8(ascii: "y"), count: 60)
        _ = try start.withUnsafeBufferPointer { try stream.feed($0, to: collector) }
        let rest = [UInt8](repeating: UInt8(ascii: "y"), count: 41)
        let error = try #require(throws: CSVReadError.self) {
            try rest.withUnsafeBufferPointer { try stream.feed($0, to: collector) }
        }
        #expect(error == CSVReadError(line: 4, field: 2, message: "a field longer than 100 bytes: not CSV data"))
        let whole = try CSVStream(delimiter: UInt8(ascii: ","), maximumFieldBytes: 100)
        let line = Array("a,b\n1,".utf8) + x + Array("y\n2,3\n".utf8)
        let inLine = try #require(throws: CSVReadError.self) {
            try line.withUnsafeBufferPointer { try whole.feed($0, to: Collector()) }
        }
        #expect(inLine == CSVReadError(line: 2, field: 2, message: "a field longer than 100 bytes: not CSV data"))
        #expect(CSVStream.defaultMaximumFieldBytes == 64 << 20)
    }
}
