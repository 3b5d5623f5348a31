import Foundation

/// How an attribute's values are read.
public enum AttributeKind: Equatable, Sendable {
    /// Finite numbers; ranges are intervals.
    case numeric
    /// Named categories, in the order listed; ranges are sets of categories.
    case categorical(categories: [String])
}

/// One input column of the model.
public struct Attribute: Equatable, Sendable {
    public var name: String
    public var kind: AttributeKind

    public init(name: String, kind: AttributeKind) {
        self.name = name
        self.kind = kind
    }

    public var isNumeric: Bool { kind == .numeric }

    public var categories: [String] {
        if case .categorical(let categories) = kind { return categories }
        return []
    }
}

/// Options for turning a `DataTable` into a `Dataset`.
public struct DataOptions: Sendable {
    /// The target column by name or 1-based number; `nil` is the last column.
    public var target: String?
    /// Values read as missing, compared case-insensitively after trimming spaces.
    /// The empty field is always missing.
    public var missingTokens: [String]
    /// Columns forced to be numeric (a value that is not a finite number is then an error).
    public var numericColumns: [String]
    /// Columns forced to be categorical even when every value is a number.
    public var categoricalColumns: [String]

    public static let defaultMissingTokens = ["?", "NA", "NaN"]

    public init(target: String? = nil, missingTokens: [String] = DataOptions.defaultMissingTokens,
                numericColumns: [String] = [], categoricalColumns: [String] = []) {
        self.target = target
        self.missingTokens = missingTokens
        self.numericColumns = numericColumns
        self.categoricalColumns = categoricalColumns
    }

    func isMissing(_ text: String) -> Bool {
        let trimmed = trimmedSpaces(text)
        if trimmed.isEmpty { return true }
        return missingTokens.contains { $0.caseInsensitiveCompare(trimmed) == .orderedSame }
    }
}

/// Labelled data ready for the classifier: attribute values as a flat row-major array of
/// doubles (a categorical value is its category's index, a missing value is NaN) and one
/// class index per row.
public struct Dataset: Sendable {
    public var name: String
    public var attributes: [Attribute]
    public var targetName: String
    public var classes: [String]
    /// Row-major, `rowCount * attributeCount` values; NaN means missing.
    public var values: [Double]
    public var labels: [Int]
    /// The source line each row starts on (for messages).
    public var lines: [Int]

    /// A data set of `labels.count` rows. `lines` gives each row's source line (default:
    /// line 2 on, as below a header).
    /// - Throws: `DataError` naming `name` unless the values fill every row and attribute,
    ///   every label is a class, and the rest holds (see `checkInvariants()`): a data set
    ///   that would trap inside construction is refused here.
    public init(name: String, attributes: [Attribute], targetName: String, classes: [String],
                values: [Double], labels: [Int], lines: [Int]? = nil) throws(DataError) {
        self.init(unchecked: name, attributes: attributes, targetName: targetName, classes: classes,
                  values: values, labels: labels, lines: lines)
        try checkInvariants()
    }

    /// A data set made from one already valid (a subset, a masked copy): no checks.
    init(unchecked name: String, attributes: [Attribute], targetName: String, classes: [String],
         values: [Double], labels: [Int], lines: [Int]? = nil) {
        self.name = name
        self.attributes = attributes
        self.targetName = targetName
        self.classes = classes
        self.values = values
        self.labels = labels
        self.lines = lines ?? labels.indices.map { $0 + 2 }
    }

    public var rowCount: Int { labels.count }
    public var attributeCount: Int { attributes.count }

    @inline(__always)
    public func value(_ row: Int, _ attribute: Int) -> Double { values[row * attributes.count + attribute] }

    public func row(_ row: Int) -> ArraySlice<Double> {
        values[(row * attributes.count)..<((row + 1) * attributes.count)]
    }

    /// The rows at `indices`, in that order, with the same attributes and classes.
    public func subset(_ indices: [Int]) -> Dataset {
        var subsetValues: [Double] = []
        subsetValues.reserveCapacity(indices.count * attributeCount)
        for index in indices { subsetValues.append(contentsOf: row(index)) }
        return Dataset(unchecked: name, attributes: attributes, targetName: targetName, classes: classes,
                       values: subsetValues, labels: indices.map { labels[$0] }, lines: indices.map { lines[$0] })
    }

    /// `count` rows spread evenly over the data (row i x rows / count for i below count), or
    /// the data itself when it has at most `count` rows.
    public func evenlySpread(_ count: Int) -> Dataset {
        guard count > 0, rowCount > count else { return self }
        return subset((0..<count).map { $0 * rowCount / count })
    }

    /// Rows per class, indexed like `classes`.
    public var classCounts: [Int] {
        var counts = [Int](repeating: 0, count: classes.count)
        for label in labels { counts[label] += 1 }
        return counts
    }
}

/// The outcome of loading a training file: the data and what the user should be told.
public struct LoadedDataset: Sendable {
    public var dataset: Dataset
    public var warnings: [String]
}

extension Dataset {
    /// Reads a CSV training file (see `DataTable.read`) and infers column types.
    public static func load(contentsOf path: String, delimiter: Character? = nil,
                            options: DataOptions = DataOptions()) throws(DataError) -> LoadedDataset {
        try DataTable.read(contentsOf: path, delimiter: delimiter).labelledDataset(options: options)
    }
}

extension DataTable {
    /// Builds a labelled data set: the target column gives the classes, every other
    /// column is an attribute, numeric when every present value is a finite number.
    /// Rows with a missing label are skipped and counted in a warning.
    public func labelledDataset(options: DataOptions = DataOptions()) throws(DataError) -> LoadedDataset {
        guard header.count >= 2 else {
            throw DataError(file: file, message: "need at least one attribute column and a target column, found "
                                + "\(header.count) column")
        }
        let target = try options.target.map { (selector) throws(DataError) in try columnIndex(of: selector) }
            ?? header.count - 1
        for name in options.numericColumns + options.categoricalColumns {
            _ = try columnIndex(of: name)
        }

        // Labels first: rows without one are skipped.
        var keptRows: [Int] = []
        var skippedLines: [Int] = []
        for index in rows.indices {
            if options.isMissing(rows[index][target]) {
                skippedLines.append(lines[index])
            } else {
                keptRows.append(index)
            }
        }
        var warnings: [String] = []
        if !skippedLines.isEmpty {
            let shown = skippedLines.prefix(10).map(String.init).joined(separator: ", ")
            let plural = skippedLines.count == 1 ? "" : "s"
            let more = skippedLines.count > 10 ? ", ..." : ""
            warnings.append("\(file): skipped \(skippedLines.count) row(s) with a missing value in target column "
                            + "\(quoted(header[target])) (line\(plural) \(shown)\(more))")
        }
        let labelTexts = keptRows.map { trimmedSpaces(rows[$0][target]) }
        let classes = Dataset.orderedClasses(Set(labelTexts))
        guard classes.count >= 2 else {
            // A missing-value token that is also a class (--missing B) hides that class.
            let skipped = skippedLines.isEmpty ? "" : "; \(skippedLines.count) row(s) were skipped as missing (the "
                + "missing-value tokens are \(listed(options.missingTokens.map { quoted($0) }))"
                + ", compared without case)"
            throw DataError(file: file, column: header[target], columnNumber: target + 1,
                            message: "the target column needs at least two classes, found \(classes.count)"
                                + (classes.first.map { " (\(quoted($0)))" } ?? "") + skipped)
        }
        let classIndex = Dictionary(uniqueKeysWithValues: classes.enumerated().map { ($1, $0) })

        var attributes: [Attribute] = []
        var columns: [[Double]] = []
        for column in header.indices where column != target {
            let name = header[column]
            let declaredNumeric = options.numericColumns.contains { (try? columnIndex(of: $0)) == column }
            let declaredCategorical = options.categoricalColumns.contains { (try? columnIndex(of: $0)) == column }
            if declaredNumeric && declaredCategorical {
                throw DataError(file: file, column: name, columnNumber: column + 1,
                                message: "declared both numeric and categorical")
            }
            let (attribute, encoded, note) = try inferColumn(column, rows: keptRows, options: options,
                                                             declaredNumeric: declaredNumeric,
                                                             declaredCategorical: declaredCategorical)
            if let note { warnings.append(note) }
            attributes.append(attribute)
            columns.append(encoded)
        }
        var values = [Double](repeating: .nan, count: keptRows.count * attributes.count)
        for (a, column) in columns.enumerated() {
            for r in column.indices { values[r * attributes.count + a] = column[r] }
        }
        let name = URL(fileURLWithPath: file).deletingPathExtension().lastPathComponent
        let dataset = try Dataset(name: name, attributes: attributes, targetName: header[target], classes: classes,
                              values: values, labels: labelTexts.map { classIndex[$0] ?? 0 },
                              lines: keptRows.map { lines[$0] })
        return LoadedDataset(dataset: dataset, warnings: warnings)
    }

    /// The column's attribute and values, and a note when a column of numbers is read as
    /// categorical for a few values that are not numbers (a typo, a decimal comma).
    private func inferColumn(_ column: Int, rows selected: [Int], options: DataOptions, declaredNumeric: Bool,
                             declaredCategorical: Bool) throws(DataError) -> (Attribute, [Double], String?) {
        let name = header[column]
        var numbers = [Double](repeating: .nan, count: selected.count)
        var allNumeric = !declaredCategorical
        var firstText: (text: String, line: Int)?
        if allNumeric {
            for (r, index) in selected.enumerated() {
                let text = rows[index][column]
                if options.isMissing(text) { continue }
                guard let number = Dataset.number(trimmedSpaces(text)) else {
                    if declaredNumeric {
                        throw DataError(file: file, line: lines[index], column: name, columnNumber: column + 1,
                                        message: "\(quoted(text)) is not a number, but the column is declared numeric")
                    }
                    allNumeric = false
                    firstText = (text, lines[index])
                    break
                }
                if number.isNaN {
                    // "nan" that is not a missing token: never let it pass as a number.
                    throw DataError(file: file, line: lines[index], column: name, columnNumber: column + 1,
                                    message: "\(quoted(text)) is not a finite number; add it to the missing-value "
                                        + "tokens to read it as missing")
                }
                numbers[r] = number
            }
        }
        if allNumeric {
            // A column of numbers with an infinite one is an error, not a categorical column.
            for (r, index) in selected.enumerated() where numbers[r].isInfinite {
                throw DataError(file: file, line: lines[index], column: name, columnNumber: column + 1,
                                message: "\(quoted(rows[index][column])) is infinite; values must be finite numbers")
            }
            return (Attribute(name: name, kind: .numeric), numbers, nil)
        }
        var texts: [String?] = []
        texts.reserveCapacity(selected.count)
        for index in selected {
            let text = rows[index][column]
            texts.append(options.isMissing(text) ? nil : trimmedSpaces(text))
        }
        let categories = Dataset.orderedClasses(Set(texts.compactMap { $0 }))
        let categoryIndex = Dictionary(uniqueKeysWithValues: categories.enumerated().map { ($1, $0) })
        let encoded = texts.map { $0.flatMap { categoryIndex[$0] }.map(Double.init) ?? .nan }
        return (Attribute(name: name, kind: .categorical(categories: categories)), encoded,
                firstText.flatMap { mostlyNumbersNote(column: column, texts: texts, first: $0) })
    }

    /// The note for a column read as categorical although at least 90% of its present values
    /// are numbers; nil otherwise.
    private func mostlyNumbersNote(column: Int, texts: [String?], first: (text: String, line: Int)) -> String? {
        let present = texts.compactMap { $0 }
        let numbers = present.filter { Dataset.number($0).map(\.isFinite) == true }.count
        let others = present.count - numbers
        guard numbers > 0, Double(numbers) >= 0.9 * Double(present.count) else { return nil }
        return "\(file): column \(quoted(header[column])) is read as categorical: \(quoted(first.text)) at line "
            + "\(first.line) is not a number (\(others) of \(present.count) values are not); add such values to "
            + "the missing-value tokens, or declare the column numeric to have each one refused"
    }
}

extension Dataset {
    /// Class and category order: numerically when every name is a number other than NaN
    /// (equal numbers such as "1" and "1.0" by text), else by text. Sorting makes the model
    /// independent of row order. NaN ("-nan", "snan") compares false with everything, which
    /// would make the order, and so the model bytes, depend on the set's iteration order
    /// (different in every run); text order is total.
    static func orderedClasses(_ names: Set<String>) -> [String] {
        var numbers: [(name: String, value: Double)] = []
        numbers.reserveCapacity(names.count)
        for name in names {
            guard let value = number(name), !value.isNaN else { return names.sorted() }
            numbers.append((name, value))
        }
        return numbers.sorted { $0.value != $1.value ? $0.value < $1.value : $0.name < $1.name }.map(\.name)
    }

    /// The number `text` spells (trimmed by the caller), or nil. Swift's `Double(_:)` reads
    /// a C string and stops at a NUL byte, so "50\0xyz" would be 50: text with a NUL is
    /// never a number. It also reads hexadecimal ("0x10" as 16, "0x1p3" as 8), which in a
    /// data file is far more often a code or an identifier than a measurement: text with
    /// an x is not a number either.
    static func number(_ text: String) -> Double? {
        text.utf8.contains { $0 == 0 || $0 == UInt8(ascii: "x") || $0 == UInt8(ascii: "X") } ? nil : Double(text)
    }
}
