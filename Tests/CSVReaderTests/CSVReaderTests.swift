import Testing
@testable import CSVReader

private func utf8(_ text: String) -> [UInt8] { Array(text.utf8) }

private let comma = UInt8(ascii: ",")
private let semicolon = UInt8(ascii: ";")
private let tab = UInt8(ascii: "\t")
private let byteOrderMark: [UInt8] = [0xEF, 0xBB, 0xBF]

/// Parses and returns the records as (fields, line) pairs, which read well in failures.
private func records(_ text: String, delimiter: UInt8? = nil) throws -> [CSVRecord] {
    try CSVReader.parse(utf8(text), delimiter: delimiter)
}

private func parseError(_ bytes: [UInt8], delimiter: UInt8? = nil,
                        sourceLocation: SourceLocation = #_sourceLocation) throws -> CSVReadError {
    try #require(throws: CSVReadError.self, sourceLocation: sourceLocation) {
        try CSVReader.parse(bytes, delimiter: delimiter)
    }
}

@Suite struct CSVReaderParsingTests {
    @Test func simpleLFRecordsWithLineNumbers() throws {
        let parsed = try records("a,b,c\n1,2,3\n4,5,6\n")
        #expect(parsed == [
            CSVRecord(fields: ["a", "b", "c"], line: 1),
            CSVRecord(fields: ["1", "2", "3"], line: 2),
            CSVRecord(fields: ["4", "5", "6"], line: 3),
        ])
    }

    @Test func crlfLineEndsLeaveNoCarriageReturnInFields() throws {
        let parsed = try records("a,b\r\n1,2\r\n3,4\r\n")
        #expect(parsed == [
            CSVRecord(fields: ["a", "b"], line: 1),
            CSVRecord(fields: ["1", "2"], line: 2),
            CSVRecord(fields: ["3", "4"], line: 3),
        ])
        for record in parsed {
            for field in record.fields { #expect(!field.contains("\r")) }
        }
    }

    @Test func lastRecordWithoutTrailingNewline() throws {
        #expect(try records("a,b\n1,2") == [CSVRecord(fields: ["a", "b"], line: 1),
                                            CSVRecord(fields: ["1", "2"], line: 2)])
        #expect(try records("a,b\r\n1,2") == [CSVRecord(fields: ["a", "b"], line: 1),
                                              CSVRecord(fields: ["1", "2"], line: 2)])
        // A quoted last field without a newline is completed by csv_fini.
        #expect(try records("a,b\n1,\"x,y\"") == [CSVRecord(fields: ["a", "b"], line: 1),
                                                  CSVRecord(fields: ["1", "x,y"], line: 2)])
    }

    @Test func emptyInputHasNoRecords() throws {
        #expect(try records("").isEmpty)
        #expect(try records("\n\n\r\n").isEmpty)
        #expect(try CSVReader.parse(byteOrderMark).isEmpty)
    }

    @Test func blankLinesAreSkippedAndLinesStillCounted() throws {
        let parsed = try records("\n\na,b\n\n1,2\n\n\n3,4\n\n")
        #expect(parsed == [
            CSVRecord(fields: ["a", "b"], line: 3),
            CSVRecord(fields: ["1", "2"], line: 5),
            CSVRecord(fields: ["3", "4"], line: 8),
        ])
    }

    @Test func blankCRLFLinesAreSkippedAndLinesStillCounted() throws {
        let parsed = try records("a,b\r\n\r\n1,2\r\n\r\n\r\n3,4")
        #expect(parsed == [
            CSVRecord(fields: ["a", "b"], line: 1),
            CSVRecord(fields: ["1", "2"], line: 3),
            CSVRecord(fields: ["3", "4"], line: 6),
        ])
    }

    /// libcsv skips a line holding only spaces or tabs (it ignores leading blanks and then
    /// does not report an empty row), so the next record must still get its own line.
    @Test func whitespaceOnlyLinesAreSkippedWithoutShiftingLineNumbers() throws {
        let parsed = try records("a,b\n1,2\n   \n3,4\n \t \r\n5,6\n")
        #expect(parsed == [
            CSVRecord(fields: ["a", "b"], line: 1),
            CSVRecord(fields: ["1", "2"], line: 2),
            CSVRecord(fields: ["3", "4"], line: 4),
            CSVRecord(fields: ["5", "6"], line: 6),
        ])
    }

    /// With tab as the delimiter a tab-only line is a record of empty fields, not blank.
    @Test func tabOnlyLineIsARecordWhenTabIsTheDelimiter() throws {
        let parsed = try records("a\tb\n\t\n1\t2\n", delimiter: tab)
        #expect(parsed == [
            CSVRecord(fields: ["a", "b"], line: 1),
            CSVRecord(fields: ["", ""], line: 2),
            CSVRecord(fields: ["1", "2"], line: 3),
        ])
    }

    @Test func emptyFieldsAreKept() throws {
        let parsed = try records("a,b,c\n,,\n1,,3\n1,2,\n")
        #expect(parsed.map(\.fields) == [["a", "b", "c"], ["", "", ""], ["1", "", "3"], ["1", "2", ""]])
    }

    @Test func quotedFieldWithEmbeddedDelimiter() throws {
        let parsed = try records("name,value\n\"Smith, John\",1\n\"a,b,c\",\",\"\n")
        #expect(parsed.map(\.fields) == [["name", "value"], ["Smith, John", "1"], ["a,b,c", ","]])
    }

    @Test func doubledQuotesInAQuotedField() throws {
        let parsed = try records("a,b\n\"say \"\"hi\"\"\",\"\"\"\"\n\"\",x\n")
        #expect(parsed.map(\.fields) == [["a", "b"], ["say \"hi\"", "\""], ["", "x"]])
    }

    @Test func quotedFieldKeepsSpacesThatUnquotedFieldsLose() throws {
        // libcsv trims blanks around unquoted fields; quoted ones are kept verbatim.
        let parsed = try records("a,b\n  x  ,\"  y  \"\n")
        #expect(parsed[1].fields == ["x", "  y  "])
    }

    @Test func embeddedNewlineRecordStartsOnItsFirstLine() throws {
        let parsed = try records("id,text\n1,\"first\nsecond\nthird\"\n2,plain\n3,\"x\ny\"\n4,end")
        #expect(parsed == [
            CSVRecord(fields: ["id", "text"], line: 1),
            CSVRecord(fields: ["1", "first\nsecond\nthird"], line: 2),
            CSVRecord(fields: ["2", "plain"], line: 5),
            CSVRecord(fields: ["3", "x\ny"], line: 6),
            CSVRecord(fields: ["4", "end"], line: 8),
        ])
    }

    @Test func embeddedCRLFAndBlankLineInsideQuotedField() throws {
        let parsed = try records("id,text\r\n1,\"a\r\n\r\nb\"\r\n2,c\r\n")
        #expect(parsed == [
            CSVRecord(fields: ["id", "text"], line: 1),
            CSVRecord(fields: ["1", "a\r\n\r\nb"], line: 2),
            CSVRecord(fields: ["2", "c"], line: 5),
        ])
    }

    @Test func multiLineFieldInTheFirstColumn() throws {
        let parsed = try records("a,b\n\"x\ny\",1\n\n2,3\n")
        #expect(parsed == [
            CSVRecord(fields: ["a", "b"], line: 1),
            CSVRecord(fields: ["x\ny", "1"], line: 2),
            CSVRecord(fields: ["2", "3"], line: 5),
        ])
    }

    @Test func byteOrderMarkIsStripped() throws {
        let parsed = try CSVReader.parse(byteOrderMark + utf8("name,class\r\n1,a\r\n"))
        #expect(parsed == [CSVRecord(fields: ["name", "class"], line: 1), CSVRecord(fields: ["1", "a"], line: 2)])
        #expect(parsed[0].fields[0].unicodeScalars.first == "n")
        #expect(!parsed[0].fields[0].contains("\u{FEFF}"))
    }

    @Test func byteOrderMarkOnlyAtTheStartIsStripped() throws {
        // A BOM later in the data is ordinary text (U+FEFF), not removed.
        let parsed = try CSVReader.parse(utf8("a,b\n") + byteOrderMark + utf8("x,y\n"))
        #expect(parsed[1].fields[0] == "\u{FEFF}x")
    }

    @Test func byteOrderMarkBeforeAQuotedHeader() throws {
        let parsed = try CSVReader.parse(byteOrderMark + utf8("\"a;b\";c\n1;2\n"))
        #expect(parsed.map(\.fields) == [["a;b", "c"], ["1", "2"]])
    }

    @Test func multibyteUTF8IsPreserved() throws {
        let parsed = try records("città,名前\nÉcole,日本語 🙂\n")
        #expect(parsed.map(\.fields) == [["città", "名前"], ["École", "日本語 🙂"]])
    }

    @Test func explicitDelimiterOverridesDetection() throws {
        // Detection would choose ',' (two commas against one semicolon).
        let text = "a;b,c,d\n1;2,3,4\n"
        #expect(try records(text).map(\.fields) == [["a;b", "c", "d"], ["1;2", "3", "4"]])
        #expect(try records(text, delimiter: semicolon).map(\.fields) == [["a", "b,c,d"], ["1", "2,3,4"]])
        #expect(try records("a|b\n1|2\n", delimiter: UInt8(ascii: "|")).map(\.fields) == [["a", "b"], ["1", "2"]])
    }

    @Test(arguments: [
        (",", "a,b,c\n1,2,3\n"),
        (";", "a;b;c\n1,5;2,5;3\n"),
        ("\t", "a\tb\tc\n1,5\t2;5\t3\n"),
    ])
    func detectedDelimiterIsUsedForParsing(delimiter: String, text: String) throws {
        let parsed = try records(text)
        #expect(parsed.count == 2)
        #expect(parsed[0].fields == ["a", "b", "c"])
        #expect(parsed[1].fields.count == 3)
        if delimiter == ";" { #expect(parsed[1].fields == ["1,5", "2,5", "3"]) }
        if delimiter == "\t" { #expect(parsed[1].fields == ["1,5", "2;5", "3"]) }
    }
}

@Suite struct DelimiterDetectionTests {
    @Test func detectsComma() {
        #expect(CSVReader.detectDelimiter(utf8("a,b,c\n1;2;3;4;5\n")) == comma)
    }

    @Test func detectsSemicolon() {
        #expect(CSVReader.detectDelimiter(utf8("a;b;c\n1,5;2,5;3\n")) == semicolon)
    }

    @Test func detectsTab() {
        #expect(CSVReader.detectDelimiter(utf8("a\tb\tc\n")) == tab)
        #expect(CSVReader.detectDelimiter(utf8("a,b\tc\td\n")) == tab)
    }

    @Test func delimitersInsideQuotesAreIgnored() {
        #expect(CSVReader.detectDelimiter(utf8("\"a,b,c,d\";x;y\n")) == semicolon)
        #expect(CSVReader.detectDelimiter(utf8("\"x;y;z\"\t\"p;q\"\tr\n")) == tab)
    }

    @Test func onlyTheFirstNonBlankLineCounts() {
        #expect(CSVReader.detectDelimiter(utf8("\n\r\na;b\n1,2,3,4,5\n")) == semicolon)
    }

    @Test func quotedNewlineInTheFirstRecordDoesNotEndIt() {
        // The header's quoted field spans two lines; the semicolons after it still count.
        #expect(CSVReader.detectDelimiter(utf8("\"a,b,c\nd,e,f\";x;y\n1,2\n")) == semicolon)
    }

    @Test func byteOrderMarkIsIgnored() {
        #expect(CSVReader.detectDelimiter(byteOrderMark + utf8("a;b\n")) == semicolon)
    }

    @Test func tiesAndAbsencePreferComma() {
        #expect(CSVReader.detectDelimiter(utf8("a,b;c\n")) == comma)
        #expect(CSVReader.detectDelimiter(utf8("a;b\tc\n")) == semicolon)
        #expect(CSVReader.detectDelimiter(utf8("single\n")) == comma)
        #expect(CSVReader.detectDelimiter([]) == comma)
    }

    @Test func candidatesAreCommaSemicolonTab() {
        #expect(CSVReader.candidateDelimiters == [comma, semicolon, tab])
    }
}

@Suite struct CSVReaderErrorTests {
    @Test func invalidUTF8NamesLineAndField() throws {
        let bytes = utf8("a,b,c\n1,2,3\nx,") + [0xC3, 0x28] + utf8(",z\n")
        let error = try parseError(bytes)
        #expect(error.line == 3)
        #expect(error.field == 2)
        #expect(error.message.contains("UTF-8"))
        #expect(error.description.contains("line 3"))
        #expect(error.description.contains("field 2"))
    }

    @Test func invalidUTF8InFirstFieldAndLastFieldWithoutNewline() throws {
        let first = try parseError(utf8("a,b\n") + [0xFF] + utf8(",1\n"))
        #expect(first.line == 2)
        #expect(first.field == 1)
        let last = try parseError(utf8("a,b\n1,2\n3,") + [0x80])
        #expect(last.line == 3)
        #expect(last.field == 2)
    }

    @Test func invalidUTF8InAMultiLineFieldNamesTheLineTheRecordStartsOn() throws {
        let bytes = utf8("a,b\n1,\"ok\nstill ") + [0xFE] + utf8("\"\n")
        let error = try parseError(bytes)
        #expect(error.line == 2)
        #expect(error.field == 2)
    }

    @Test func invalidUTF8InTheHeader() throws {
        let error = try parseError(utf8("a,") + [0xED, 0xA0, 0x80] + utf8("\n1,2\n"))  // an encoded surrogate
        #expect(error.line == 1)
        #expect(error.field == 2)
    }

    @Test func textAfterAClosingQuoteIsAnError() throws {
        let error = try parseError(utf8("h1,h2,h3\nx,y,z\na,\"b\"c,d\n"))
        #expect(error.line == 3)
        #expect(error.field == 2)
        #expect(error.description.contains("line 3"))
    }

    @Test func quoteInsideAnUnquotedFieldIsAnError() throws {
        let error = try parseError(utf8("h1,h2\nab\"c,d\n"))
        #expect(error.line == 2)
        #expect(error.field == 1)
    }

    @Test func unterminatedQuoteAtEndOfInputNamesTheLineTheRecordStartsOn() throws {
        let error = try parseError(utf8("a,b\n1,2\n3,\"never closed\nmore text\nand more"))
        #expect(error.line == 3)
        #expect(error.field == 2)
        #expect(error.description.contains("line 3"))
    }

    @Test func unterminatedQuoteOnTheLastLineWithNewline() throws {
        let error = try parseError(utf8("a,b\n1,\"open\n"))
        #expect(error.line == 2)
    }

    @Test func malformedQuotingAfterAMultiLineRecordReportsThePhysicalLine() throws {
        let error = try parseError(utf8("a,b\n1,\"x\ny\"\n2,\"p\"q\n"))
        #expect(error.line == 4)
        #expect(error.field == 2)
    }

    @Test func errorDescriptionFormat() {
        #expect(CSVReadError(line: 4, field: 2, message: "boom").description == "line 4, field 2: boom")
        #expect(CSVReadError(line: 9, field: nil, message: "boom").description == "line 9: boom")
    }
}
