import Testing
@testable import CSVReader

// Hostile CSV syntax: line ends of every kind must give the right line numbers.

private func records(_ text: String) throws -> [CSVRecord] {
    try CSVReader.parse(Array(text.utf8))
}

@Suite struct HostileCSVTests {
    @Test func crOnlyLineEndsNumberEveryRecord() throws {
        #expect(try records("a,b\r1,2\r3,4\r") == [
            CSVRecord(fields: ["a", "b"], line: 1),
            CSVRecord(fields: ["1", "2"], line: 2),
            CSVRecord(fields: ["3", "4"], line: 3),
        ])
    }

    @Test func mixedLineEndsEachCountOnce() throws {
        // LF, CRLF, CR, a blank CR line, then LF: CRLF is one line end, not two.
        let parsed = try records("a,b\n1,2\r\n3,4\r\r5,6\n")
        #expect(parsed.map(\.line) == [1, 2, 3, 5])
        #expect(parsed.map(\.fields) == [["a", "b"], ["1", "2"], ["3", "4"], ["5", "6"]])
    }

    @Test func anErrorAfterCROnlyLinesNamesItsLine() throws {
        let bytes = Array("a,b\r1,2\r3,4\r5,\"x\"y\r".utf8)
        let error = try #require(throws: CSVReadError.self) { try CSVReader.parse(bytes) }
        #expect(error.line == 4)
    }

    @Test func aQuotedFieldSpanningCROnlyLinesStartsWhereItStarts() throws {
        let parsed = try records("a,b\r\"x\ry\",2\r3,4\r")
        #expect(parsed.map(\.line) == [1, 2, 4])
        #expect(parsed[1].fields == ["x\ry", "2"])
    }
}
