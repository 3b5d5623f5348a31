import Foundation
import Testing
@testable import ASONN

// MARK: - Helpers (file-private so they cannot clash with other test files)

private func table(_ text: String, file: String = "data.csv", delimiter: Character? = nil) throws -> DataTable {
    try DataTable.parse(Array(text.utf8), file: file, delimiter: delimiter)
}

private func tableError(_ bytes: [UInt8], file: String = "data.csv", delimiter: Character? = nil,
                        sourceLocation: SourceLocation = #_sourceLocation) throws -> DataError {
    try #require(throws: DataError.self, sourceLocation: sourceLocation) {
        try DataTable.parse(bytes, file: file, delimiter: delimiter)
    }
}

private func tableError(_ text: String, file: String = "data.csv", delimiter: Character? = nil,
                        sourceLocation: SourceLocation = #_sourceLocation) throws -> DataError {
    try tableError(Array(text.utf8), file: file, delimiter: delimiter, sourceLocation: sourceLocation)
}

private func load(_ text: String, file: String = "data.csv",
                  options: DataOptions = DataOptions()) throws -> LoadedDataset {
    try DataTable.parse(Array(text.utf8), file: file).labelledDataset(options: options)
}

private func loadError(_ text: String, file: String = "data.csv", options: DataOptions = DataOptions(),
                       sourceLocation: SourceLocation = #_sourceLocation) throws -> DataError {
    let parsed = try DataTable.parse(Array(text.utf8), file: file)
    return try #require(throws: DataError.self, sourceLocation: sourceLocation) {
        try parsed.labelledDataset(options: options)
    }
}

/// The values of one attribute column, NaN for missing.
private func column(_ data: Dataset, _ attribute: Int) -> [Double] {
    (0..<data.rowCount).map { data.value($0, attribute) }
}

/// Equal, treating NaN as equal to NaN.
private func same(_ a: [Double], _ b: [Double]) -> Bool {
    a.count == b.count && zip(a, b).allSatisfy { $0.isNaN ? $1.isNaN : $0 == $1 }
}

/// A fresh temporary folder, removed by the caller.
private func temporaryDirectory() throws -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("asonn-ingest-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
}

private let bom: [UInt8] = [0xEF, 0xBB, 0xBF]

// MARK: - CSV syntax through DataTable

@Suite struct IngestionTests {
    @Test func quotedFieldsWithDelimiterDoubledQuotesAndNewlines() throws {
        let parsed = try table("name,note,class\n\"Smith, J\",\"said \"\"hi\"\"\",a\n"
                               + "\"x\",\"two\nlines\",b\nlast,plain,a\n")
        #expect(parsed.header == ["name", "note", "class"])
        #expect(parsed.rows == [["Smith, J", "said \"hi\"", "a"], ["x", "two\nlines", "b"], ["last", "plain", "a"]])
        // The multi-line record starts on line 3; the next one is on line 5.
        #expect(parsed.lines == [2, 3, 5])
        #expect(parsed.rowCount == 3)
    }

    @Test func recordLinesAfterSeveralMultiLineFieldsAndBlankLines() throws {
        let parsed = try table("a,b\n\"1\n\n2\",x\n\n3,\"y\r\nz\"\n4,w")
        #expect(parsed.rows == [["1\n\n2", "x"], ["3", "y\r\nz"], ["4", "w"]])
        #expect(parsed.lines == [2, 6, 8])
    }

    @Test func byteOrderMarkIsStrippedFromTheHeader() throws {
        let parsed = try DataTable.parse(bom + Array("id,class\n1,a\n".utf8), file: "bom.csv")
        #expect(parsed.header == ["id", "class"])
        #expect(parsed.header[0].unicodeScalars.count == 2)
        #expect(try parsed.columnIndex(of: "id") == 0)
    }

    @Test func crlfLFAndNoTrailingNewlineGiveTheSameTable() throws {
        let lf = try table("a,b\n1,x\n2,y\n")
        let crlf = try table("a,b\r\n1,x\r\n2,y\r\n")
        let noNewline = try table("a,b\n1,x\n2,y")
        let crlfNoNewline = try table("a,b\r\n1,x\r\n2,y")
        for other in [crlf, noNewline, crlfNoNewline] {
            #expect(other.header == lf.header)
            #expect(other.rows == lf.rows)
            #expect(other.lines == [2, 3])
        }
        #expect(lf.rows == [["1", "x"], ["2", "y"]])
    }

    @Test func blankLinesAreSkipped() throws {
        let parsed = try table("\na,b\n\n1,x\n\r\n\n2,y\n\n")
        #expect(parsed.header == ["a", "b"])
        #expect(parsed.rows == [["1", "x"], ["2", "y"]])
        #expect(parsed.lines == [4, 7])
    }

    @Test func whitespaceOnlyLinesAreSkippedAndDoNotShiftLines() throws {
        let parsed = try table("a,b\n1,x\n   \n2,y\n")
        #expect(parsed.rows == [["1", "x"], ["2", "y"]])
        #expect(parsed.lines == [2, 4])
    }

    @Test(arguments: [(",", "a,b,c\n1,2,3\n"), (";", "a;b;c\n1,5;2,5;3\n"), ("\t", "a\tb\tc\n1,5\t2;5\t3\n")])
    func delimiterIsDetected(name: String, text: String) throws {
        let parsed = try table(text)
        #expect(parsed.header == ["a", "b", "c"])
        #expect(parsed.rows[0].count == 3)
        if name != "," { #expect(parsed.rows[0][0] == "1,5") }
    }

    @Test func explicitDelimiter() throws {
        let text = "a;b,c\n1;2,3\n"
        #expect(try table(text).header == ["a;b", "c"])
        let semicolon = try table(text, delimiter: ";")
        #expect(semicolon.header == ["a", "b,c"])
        #expect(semicolon.rows == [["1", "2,3"]])
        #expect(try table("a|b\n1|2\n", delimiter: "|").rows == [["1", "2"]])
        #expect(try table("a\tb\n1\t2\n", delimiter: "\t").rows == [["1", "2"]])
    }

    @Test(arguments: ["\"", "\n", "\r", "\r\n", "é", "😀"] as [Character])
    func invalidDelimiterIsAnError(delimiter: Character) throws {
        let error = try tableError("a,b\n1,2\n", file: "in.csv", delimiter: delimiter)
        #expect(error.file == "in.csv")
        #expect(error.message.contains("delimiter"))
        #expect(error.description.contains("in.csv"))
    }

    @Test func invalidUTF8NamesLineAndField() throws {
        let bytes = Array("a,b,class\n1,2,x\n3,".utf8) + [0xC3, 0x28] + Array(",y\n".utf8)
        let error = try tableError(bytes, file: "bad.csv")
        #expect(error.file == "bad.csv")
        #expect(error.line == 3)
        #expect(error.columnNumber == 2)
        #expect(error.message.contains("UTF-8"))
        #expect(error.description.contains("bad.csv:3:"))
        #expect(error.description.contains("column 2"))
    }

    @Test func malformedQuotingNamesTheLine() throws {
        let error = try tableError("h1,h2,h3\nx,y,z\na,\"b\"c,d\n", file: "q.csv")
        #expect(error.line == 3)
        #expect(error.columnNumber == 2)
        #expect(error.description.contains("q.csv:3:"))
    }

    @Test func quoteInsideUnquotedFieldIsAnError() throws {
        let error = try tableError("h1,h2\nab\"c,d\n")
        #expect(error.line == 2)
    }

    @Test func unterminatedQuoteAtEndOfFileNamesTheLineItStartsOn() throws {
        let error = try tableError("a,b\n1,2\n3,\"open\nstill open\n", file: "open.csv")
        #expect(error.line == 3)
        #expect(error.description.contains("open.csv:3:"))
    }

    // MARK: - DataTable structure

    @Test func emptyFileIsAnError() throws {
        for text in ["", "\n\n", "\r\n"] {
            let error = try tableError(text, file: "empty.csv")
            #expect(error.file == "empty.csv")
            #expect(error.message.contains("empty"))
        }
        let bomOnly = try tableError(bom, file: "empty.csv")
        #expect(bomOnly.message.contains("empty"))
    }

    @Test func headerOnlyFileIsAnError() throws {
        let error = try tableError("a,b,class\n\n", file: "h.csv")
        #expect(error.line == 1)
        #expect(error.message.contains("no data rows"))
        #expect(error.description.contains("h.csv:1:"))
        #expect(try tableError("a,b,class").line == 1)
    }

    @Test func duplicateHeaderNameIsAnError() throws {
        let error = try tableError("a,b,a,class\n1,2,3,x\n", file: "dup.csv")
        #expect(error.line == 1)
        #expect(error.column == "a")
        #expect(error.columnNumber == 3)
        #expect(error.message.contains("column 1"))
        #expect(error.description.contains("dup.csv:1:"))
        #expect(error.description.contains("'a'"))
    }

    @Test func duplicateHeaderAfterTrimmingIsAnError() throws {
        let error = try tableError("size,\" size \",class\n1,2,x\n")
        #expect(error.line == 1)
        #expect(error.column == "size")
        #expect(error.columnNumber == 2)
    }

    @Test func emptyHeaderNameIsAnError() throws {
        let error = try tableError("a,,class\n1,2,x\n", file: "e.csv")
        #expect(error.line == 1)
        #expect(error.columnNumber == 2)
        #expect(error.message.contains("empty column name"))
        let quotedBlank = try tableError("a,\"  \",class\n1,2,x\n")
        #expect(quotedBlank.columnNumber == 2)
    }

    @Test func headerNamesAreTrimmed() throws {
        #expect(try table("\" a \", b ,class\n1,2,x\n").header == ["a", "b", "class"])
    }

    @Test func raggedRowNamesLineAndCounts() throws {
        let tooMany = try tableError("a,b,class\n1,2,x\n3,4,y,extra\n", file: "r.csv")
        #expect(tooMany.line == 3)
        #expect(tooMany.message.contains("expected 3"))
        #expect(tooMany.message.contains("found 4"))
        #expect(tooMany.description.contains("r.csv:3:"))

        let tooFew = try tableError("a,b,class\n1,2,x\n\n\n3,y\n")
        #expect(tooFew.line == 5)
        #expect(tooFew.message.contains("expected 3"))
        #expect(tooFew.message.contains("found 2"))
    }

    @Test func raggedRowAfterAMultiLineFieldNamesItsOwnLine() throws {
        let error = try tableError("a,b\n\"x\ny\",1\n2\n")
        #expect(error.line == 4)
        #expect(error.message.contains("found 1"))
    }

    @Test func columnIndexByNameAndNumber() throws {
        let parsed = try table("alpha,beta,class\n1,2,x\n")
        #expect(try parsed.columnIndex(of: "alpha") == 0)
        #expect(try parsed.columnIndex(of: "class") == 2)
        #expect(try parsed.columnIndex(of: "1") == 0)
        #expect(try parsed.columnIndex(of: "3") == 2)
    }

    @Test func columnNameTakesPrecedenceOverNumber() throws {
        // A column literally named "1" is found by name even though it is column 2.
        let parsed = try table("x,1,class\n1,2,y\n")
        #expect(try parsed.columnIndex(of: "1") == 1)
        #expect(try parsed.columnIndex(of: "2") == 1)
    }

    @Test(arguments: ["0", "4", "-1", "99"])
    func columnNumberOutOfRange(selector: String) throws {
        let parsed = try table("alpha,beta,class\n1,2,x\n", file: "cols.csv")
        let error = try #require(throws: DataError.self) { try parsed.columnIndex(of: selector) }
        #expect(error.file == "cols.csv")
        #expect(error.message.contains("out of range"))
        #expect(error.message.contains(selector))
        #expect(error.message.contains("3 columns"))
    }

    @Test func unknownColumnNameListsTheColumns() throws {
        let parsed = try table("alpha,beta,class\n1,2,x\n", file: "cols.csv")
        let error = try #require(throws: DataError.self) { try parsed.columnIndex(of: "gamma") }
        #expect(error.file == "cols.csv")
        #expect(error.message.contains("'gamma'"))
        #expect(error.message.contains("alpha, beta, class"))
        // Names are case-sensitive.
        #expect(throws: DataError.self) { try parsed.columnIndex(of: "Alpha") }
    }

    // MARK: - Dataset: types, missing values, target

    @Test func typeInference() throws {
        let loaded = try load("x,y,colour,code,class\n1,2.5,red,7,a\n2,-3e2,blue,x9,b\n3.25,0,red,8,a\n")
        let data = loaded.dataset
        #expect(loaded.warnings.isEmpty)
        #expect(data.attributes.map(\.name) == ["x", "y", "colour", "code"])
        #expect(data.attributes[0].kind == .numeric)
        #expect(data.attributes[1].kind == .numeric)
        #expect(data.attributes[2].kind == .categorical(categories: ["blue", "red"]))
        // One non-number makes the whole column categorical, sorted as text.
        #expect(data.attributes[3].kind == .categorical(categories: ["7", "8", "x9"]))
        #expect(column(data, 0) == [1, 2, 3.25])
        #expect(column(data, 1) == [2.5, -300, 0])
        #expect(column(data, 2) == [1, 0, 1])
        #expect(column(data, 3) == [0, 2, 1])
        #expect(data.classes == ["a", "b"])
        #expect(data.labels == [0, 1, 0])
        #expect(data.targetName == "class")
        #expect(data.lines == [2, 3, 4])
        #expect(data.rowCount == 3)
        #expect(data.attributeCount == 4)
    }

    @Test func categoriesAreSortedNumericallyWhenAllAreNumbers() throws {
        let data = try load("c,class\n10,a\n2,b\n1.5,a\n", options: DataOptions(categoricalColumns: ["c"])).dataset
        #expect(data.attributes[0].kind == .categorical(categories: ["1.5", "2", "10"]))
        #expect(column(data, 0) == [2, 1, 0])
    }

    @Test(arguments: ["", "?", "NA", "NaN", "na", "nan", "NAN", " NA ", "\"  \""])
    func defaultMissingTokens(token: String) throws {
        let data = try load("x,colour,class\n1,red,a\n\(token),\(token),b\n3,blue,a\n").dataset
        #expect(data.attributes[0].kind == .numeric)
        #expect(same(column(data, 0), [1, .nan, 3]))
        #expect(data.attributes[1].kind == .categorical(categories: ["blue", "red"]))
        #expect(same(column(data, 1), [1, .nan, 0]))
    }

    @Test func customMissingTokens() throws {
        let options = DataOptions(missingTokens: ["-", "unknown"])
        let data = try load("x,y,class\n1,-,a\nUNKNOWN,2,b\n,3,a\n", options: options).dataset
        #expect(data.attributes[0].kind == .numeric)
        #expect(data.attributes[1].kind == .numeric)
        #expect(same(column(data, 0), [1, .nan, .nan]))  // the empty field is always missing
        #expect(same(column(data, 1), [.nan, 2, 3]))

        // With custom tokens "?" is an ordinary value, so the column is categorical.
        let withQuestion = try load("x,class\n1,a\n?,b\n", options: options).dataset
        #expect(withQuestion.attributes[0].kind == .categorical(categories: ["1", "?"]))
    }

    @Test func nanThatIsNotAMissingTokenIsAnError() throws {
        let options = DataOptions(missingTokens: ["-"])
        let error = try loadError("size,class\n1,a\nnan,b\n", file: "n.csv", options: options)
        #expect(error.line == 3)
        #expect(error.column == "size")
        #expect(error.message.contains("not a finite number"))
    }

    @Test(arguments: ["inf", "-inf", "Infinity", "1e999", "-1e400"])
    func infiniteValueInANumericColumnIsAnError(value: String) throws {
        let error = try loadError("id,size,class\n1,2,a\n2,\(value),b\n3,4,a\n", file: "dir/sizes.csv")
        #expect(error.file == "dir/sizes.csv")
        #expect(error.line == 3)
        #expect(error.column == "size")
        #expect(error.columnNumber == 2)
        #expect(error.message.contains(value))
        #expect(error.description.contains("dir/sizes.csv"))
        #expect(error.description.contains(":3:"))
        #expect(error.description.contains("'size'"))
    }

    @Test func infiniteValueLineAfterMultiLineRecordAndSkippedRows() throws {
        let error = try loadError("note,size,class\n\"a\nb\",1,x\nn,2,?\nm,inf,y\n")
        #expect(error.line == 5)
        #expect(error.column == "size")
    }

    @Test func infiniteValueInAColumnThatIsNotNumericAnywayIsACategory() throws {
        let data = try load("v,class\ninf,a\nred,b\n").dataset
        #expect(data.attributes[0].kind == .categorical(categories: ["inf", "red"]))
    }

    @Test func declaredNumericColumnWithANonNumberIsAnError() throws {
        let text = "id,size,class\n1,2,a\n\n2,big,b\n"
        for selector in ["size", "2"] {
            let error = try loadError(text, file: "n.csv", options: DataOptions(numericColumns: [selector]))
            #expect(error.line == 4)
            #expect(error.column == "size")
            #expect(error.columnNumber == 2)
            #expect(error.message.contains("big"))
            #expect(error.description.contains("n.csv:4:"))
            #expect(error.description.contains("'size'"))
        }
    }

    @Test func declaredNumericColumnAcceptsMissingValues() throws {
        let data = try load("size,class\n1,a\n?,b\n", options: DataOptions(numericColumns: ["size"])).dataset
        #expect(data.attributes[0].kind == .numeric)
        #expect(same(column(data, 0), [1, .nan]))
    }

    @Test func categoricalColumnsForcesCategorical() throws {
        let data = try load("zip,age,class\n10,30,a\n2,40,b\n10,50,a\n?,60,b\n",
                            options: DataOptions(categoricalColumns: ["zip"])).dataset
        #expect(data.attributes[0].kind == .categorical(categories: ["2", "10"]))
        #expect(same(column(data, 0), [1, 0, 1, .nan]))
        #expect(data.attributes[1].kind == .numeric)
    }

    @Test func columnDeclaredBothNumericAndCategoricalIsAnError() throws {
        let error = try loadError("a,b,class\n1,2,x\n3,4,y\n",
                                  options: DataOptions(numericColumns: ["b"], categoricalColumns: ["2"]))
        #expect(error.column == "b")
        #expect(error.columnNumber == 2)
    }

    @Test func unknownDeclaredColumnIsAnError() throws {
        let error = try loadError("a,b,class\n1,2,x\n3,4,y\n", options: DataOptions(numericColumns: ["c"]))
        #expect(error.message.contains("'c'"))
        #expect(error.message.contains("a, b, class"))
    }

    @Test func targetDefaultsToTheLastColumn() throws {
        let data = try load("a,b,kind\n1,x,p\n2,y,q\n").dataset
        #expect(data.targetName == "kind")
        #expect(data.classes == ["p", "q"])
        #expect(data.attributes.map(\.name) == ["a", "b"])
    }

    @Test func targetByNameAndByNumber() throws {
        let text = "a,kind,b\n1,p,x\n2,q,y\n3,p,z\n"
        for selector in ["kind", "2"] {
            let data = try load(text, options: DataOptions(target: selector)).dataset
            #expect(data.targetName == "kind")
            #expect(data.classes == ["p", "q"])
            #expect(data.labels == [0, 1, 0])
            #expect(data.attributes.map(\.name) == ["a", "b"])
            #expect(column(data, 0) == [1, 2, 3])
            #expect(data.attributes[1].kind == .categorical(categories: ["x", "y", "z"]))
        }
        let first = try load(text, options: DataOptions(target: "1")).dataset
        #expect(first.targetName == "a")
        #expect(first.classes == ["1", "2", "3"])
    }

    @Test func unknownOrOutOfRangeTargetIsAnError() throws {
        let text = "a,b,class\n1,2,x\n3,4,y\n"
        #expect(try loadError(text, options: DataOptions(target: "nope")).message.contains("'nope'"))
        #expect(try loadError(text, options: DataOptions(target: "4")).message.contains("out of range"))
    }

    @Test func rowsWithAMissingLabelAreSkippedWithAWarning() throws {
        let loaded = try load("x,class\n1,a\n2,?\n3,b\n4,\n5,NA\n6,a\n", file: "skip.csv")
        let data = loaded.dataset
        #expect(data.rowCount == 3)
        #expect(column(data, 0) == [1, 3, 6])
        #expect(data.lines == [2, 4, 7])
        #expect(data.labels == [0, 1, 0])
        try #require(loaded.warnings.count == 1)
        let warning = loaded.warnings[0]
        #expect(warning.contains("skip.csv"))
        #expect(warning.contains("skipped 3 row"))
        #expect(warning.contains("3, 5, 6"))
        #expect(warning.contains("'class'"))
    }

    @Test func skippedRowsDoNotContributeCategoriesOrTypes() throws {
        // The only non-number in x is on a skipped row, so x stays numeric.
        let data = try load("x,c,class\n1,red,a\nfoo,green,?\n2,blue,b\n").dataset
        #expect(data.attributes[0].kind == .numeric)
        #expect(data.attributes[1].kind == .categorical(categories: ["blue", "red"]))
    }

    @Test func oneWarningLineListsAtMostTenLines() throws {
        var text = "x,class\n1,a\n2,b\n"
        for i in 0..<12 { text += "\(i),?\n" }
        let loaded = try load(text)
        try #require(loaded.warnings.count == 1)
        #expect(loaded.warnings[0].contains("skipped 12 row"))
        #expect(loaded.warnings[0].contains("..."))
        // Lines 4...13 are listed; 14 and 15 (the 11th and 12th skipped rows) are not.
        #expect(loaded.warnings[0].contains("4, 5, 6, 7, 8, 9, 10, 11, 12, 13, ..."))
        #expect(!loaded.warnings[0].contains("14"))
        #expect(!loaded.warnings[0].contains("15"))
    }

    @Test func fewerThanTwoClassesIsAnError() throws {
        let one = try loadError("x,label\n1,a\n2,a\n3,?\n", file: "one.csv")
        #expect(one.file == "one.csv")
        #expect(one.column == "label")
        #expect(one.columnNumber == 2)
        #expect(one.message.contains("'a'"))
        #expect(one.description.contains("one.csv"))
        #expect(one.description.contains("'label'"))

        let none = try loadError("x,label\n1,?\n2,\n")
        #expect(none.column == "label")
        #expect(none.message.contains("found 0"))
    }

    @Test func singleColumnIsAnError() throws {
        let error = try loadError("class\na\nb\n", file: "single.csv")
        #expect(error.file == "single.csv")
        #expect(error.message.contains("1 column"))
    }

    @Test func classOrderIsNumericAware() throws {
        let numeric = try load("x,class\n1,10\n2,2\n3,1.5\n4,-1\n5,10\n").dataset
        #expect(numeric.classes == ["-1", "1.5", "2", "10"])
        #expect(numeric.labels == [3, 2, 1, 0, 3])

        let text = try load("x,class\n1,b\n2,10\n3,2\n4,B\n").dataset
        #expect(text.classes == ["10", "2", "B", "b"])
    }

    @Test func orderedClassesPutsNumbersInNumericOrder() {
        #expect(Dataset.orderedClasses(["2", "10"]) == ["2", "10"])
        #expect(Dataset.orderedClasses(["10", "9", "100"]) == ["9", "10", "100"])
        #expect(Dataset.orderedClasses(["2", "10", "x"]) == ["10", "2", "x"])
        #expect(Dataset.orderedClasses([]) == [])
    }

    @Test func labelsAreTrimmed() throws {
        let data = try load("x,class\n1,\" a \"\n2,a\n3,b\n").dataset
        #expect(data.classes == ["a", "b"])
        #expect(data.labels == [0, 0, 1])
    }

    @Test func datasetNameComesFromTheFileName() throws {
        #expect(try load("x,class\n1,a\n2,b\n", file: "/some/where/iris.data.csv").dataset.name == "iris.data")
        #expect(try load("x,class\n1,a\n2,b\n", file: "plain").dataset.name == "plain")
    }

    @Test func dataErrorDescriptionNamesFileLineAndColumn() {
        let full = DataError(file: "train.csv", line: 7, column: "colour", columnNumber: 3, message: "bad value")
        #expect(full.description.contains("train.csv"))
        #expect(full.description.contains(":7:"))
        #expect(full.description.contains("colour"))
        #expect(full.description.contains("3"))
        #expect(full.description.contains("bad value"))
        #expect(full.description.hasPrefix("train.csv:7:"))

        let nameOnly = DataError(file: "t.csv", column: "age", message: "m").description
        #expect(nameOnly.contains("t.csv"))
        #expect(nameOnly.contains("'age'"))
        let numberOnly = DataError(file: "t.csv", line: 2, columnNumber: 5, message: "m").description
        #expect(numberOnly.contains("t.csv:2:"))
        #expect(numberOnly.contains("column 5"))
        let fileOnly = DataError(file: "t.csv", message: "no such file").description
        #expect(fileOnly.contains("t.csv"))
        #expect(fileOnly.contains("no such file"))
        #expect(!fileOnly.contains("column"))
    }

    // MARK: - Files

    @Test func fixtureWithBOMAndCRLF() throws {
        let folder = try #require(Bundle.module.url(forResource: "Fixtures", withExtension: nil))
        let path = folder.appendingPathComponent("bom_crlf.csv").path
        let parsed = try DataTable.read(contentsOf: path)
        #expect(parsed.file == path)
        #expect(parsed.header == ["length", "colour", "class"])
        #expect(parsed.lines == [2, 4, 5, 6, 8])
        #expect(parsed.rows[1] == ["4.9", "dark, blue", "versicolor"])
        #expect(parsed.rows[3] == ["6.3", "multi\r\nline", "virginica"])

        let loaded = try Dataset.load(contentsOf: path)
        let data = loaded.dataset
        #expect(data.name == "bom_crlf")
        #expect(data.classes == ["setosa", "versicolor", "virginica"])
        #expect(data.labels == [0, 1, 0, 2])
        #expect(data.lines == [2, 4, 5, 6])
        #expect(data.attributes[0].kind == .numeric)
        #expect(same(column(data, 0), [5.1, 4.9, .nan, 6.3]))
        // "blue" only occurs on the skipped row.
        #expect(data.attributes[1].kind == .categorical(categories: ["dark, blue", "multi\r\nline", "red"]))
        try #require(loaded.warnings.count == 1)
        #expect(loaded.warnings[0].contains("skipped 1 row"))
        #expect(loaded.warnings[0].contains("line 8"))
    }

    @Test func aColumnOfNumbersWithAStrayTextIsNotedAndAColumnOfWordsIsNot() throws {
        let folder = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let url = folder.appendingPathComponent("stray.csv")
        var text = "x,colour,half,class\n"
        for i in 0..<10 {
            let x = i == 7 ? "abc" : String(Double(i) + 0.5), half = i % 2 == 0 ? "p" : "1"
            text += "\(x),c\(i % 3),\(half),k\(i % 2)\n"
        }
        try Data(text.utf8).write(to: url)
        let loaded = try Dataset.load(contentsOf: url.path)
        #expect(loaded.dataset.attributes[0].kind == .categorical(categories: loaded.dataset.attributes[0].categories))
        try #require(loaded.warnings.count == 1, "\(loaded.warnings)")
        #expect(loaded.warnings[0].contains("column 'x' is read as categorical: 'abc' at line 9 is not a number "
                                            + "(1 of 10 values are not)"), "\(loaded.warnings[0])")
    }

    @Test func aClassHiddenByAMissingValueTokenIsExplainedInTheError() throws {
        let folder = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let url = folder.appendingPathComponent("two.csv")
        try Data("x,class\n1,A\n2,B\n3,A\n4,B\n".utf8).write(to: url)
        do {
            _ = try Dataset.load(contentsOf: url.path, options: DataOptions(missingTokens: ["b"]))
            Issue.record("loaded with one class")
        } catch {
            #expect(error.description.contains("found 1 ('A'); 2 row(s) were skipped as missing"), "\(error)")
            #expect(error.description.contains("'b'"), "\(error)")
        }
    }

    @Test func temporaryFilesWithEachDelimiter() throws {
        let folder = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        for (name, separator) in [("comma", ","), ("semicolon", ";"), ("tab", "\t")] {
            let url = folder.appendingPathComponent("\(name).csv")
            let text = ["a", "b", "class"].joined(separator: separator) + "\r\n"
                + ["1.5", "x", "p"].joined(separator: separator) + "\r\n"
                + ["2", "y", "q"].joined(separator: separator)
            try Data(text.utf8).write(to: url)
            let loaded = try Dataset.load(contentsOf: url.path)
            #expect(loaded.dataset.name == name)
            #expect(loaded.dataset.attributes.map(\.name) == ["a", "b"])
            #expect(column(loaded.dataset, 0) == [1.5, 2])
            #expect(loaded.dataset.classes == ["p", "q"])
            let explicit = try Dataset.load(contentsOf: url.path, delimiter: Character(separator))
            #expect(explicit.dataset.labels == [0, 1])
        }
    }

    @Test func errorsFromAFileNameThePath() throws {
        let folder = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let url = folder.appendingPathComponent("broken.csv")
        try Data("a,b\n1,2\n3,4,5\n".utf8).write(to: url)
        let error = try #require(throws: DataError.self) { try DataTable.read(contentsOf: url.path) }
        #expect(error.file == url.path)
        #expect(error.line == 3)
        #expect(error.description.contains("broken.csv:3:"))
    }

    @Test func missingFileAndDirectoryAreErrors() throws {
        let folder = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let missingPath = folder.appendingPathComponent("nothing.csv").path
        let missing = try #require(throws: DataError.self) { try DataTable.read(contentsOf: missingPath) }
        #expect(missing.file == missingPath)
        #expect(missing.message.contains("no such file"))
        let directory = try #require(throws: DataError.self) { try DataTable.read(contentsOf: folder.path) }
        #expect(directory.file == folder.path)
        #expect(directory.line == nil)
    }
}

/// The public initialiser refuses data that construction could not use (they would trap).
struct DatasetInvariantTests {
    func make(values: [Double] = [0, 1, 2, 3], labels: [Int] = [0, 1], lines: [Int]? = nil,
              attributes: [Attribute] = [Attribute(name: "x", kind: .numeric), Attribute(name: "y", kind: .numeric)],
              classes: [String] = ["a", "b"], target: String = "class") throws(DataError) -> Dataset {
        try Dataset(name: "t", attributes: attributes, targetName: target, classes: classes, values: values,
                    labels: labels, lines: lines)
    }

    func message(_ body: () throws -> Dataset) -> String? {
        do { _ = try body(); return nil } catch { return "\(error)" }
    }

    @Test func validDataPasses() throws {
        let data = try make()
        #expect(data.rowCount == 2 && data.lines == [2, 3])
        try data.checkInvariants()
        try bundled("iris").checkInvariants()
    }

    @Test func badShapesAndLabelsAreRefused() {
        #expect(message { try make(values: [0, 1, 2]) }?
            .contains("3 values do not fill 2 rows of 2 attributes") == true)
        #expect(message { try make(labels: [0, 2]) }?.contains("row 2 has label 2") == true)
        #expect(message { try make(labels: [-1, 0]) }?.contains("row 1 has label -1") == true)
        #expect(message { try make(lines: [2]) }?.contains("1 source lines for 2 rows") == true)
    }

    @Test func duplicateNamesAreRefused() {
        #expect(message { try make(classes: ["a", "a"]) }?.contains("class name 'a' is used twice") == true)
        let twice = [Attribute(name: "x", kind: .numeric), Attribute(name: "x", kind: .numeric)]
        #expect(message { try make(attributes: twice) }?.contains("column name 'x' is used twice") == true)
        #expect(message { try make(target: "y") }?.contains("column name 'y' is used twice") == true)
    }

    @Test func categoricalValuesMustBeCategories() {
        let colour = [Attribute(name: "colour", kind: .categorical(categories: ["red", "blue"])),
                      Attribute(name: "y", kind: .numeric)]
        #expect((try? make(values: [0, 1, .nan, 3], attributes: colour)) != nil, "NaN is missing")
        #expect(message { try make(values: [2, 1, 0, 3], attributes: colour) }?
            .contains("row 1: 2.0 is not a category of 'colour'") == true)
        #expect(message { try make(values: [0.5, 1, 0, 3], attributes: colour) } != nil)
    }
}
