import Foundation

/// Rows of a CSV file encoded for a model: values in the model's attribute order, plus the
/// true labels where the file has the target column.
public struct ModelInput: Sendable {
    public var file: String
    /// Row-major, one value per model attribute; NaN is missing.
    public var values: [Double]
    public var rowCount: Int
    /// The target column's text per row, when the file has that column (nil for a missing label).
    public var labels: [String?]?
    public var lines: [Int]
    /// Attributes the model uses that have no column in the file (treated as missing for
    /// every row). Attributes no rule uses may be absent without notice.
    public var absentAttributes: [String]
    /// Categorical values never seen in training, treated as missing.
    public var unknownCategories: Int

    public func row(_ index: Int, attributeCount: Int) -> ArraySlice<Double> {
        values[(index * attributeCount)..<((index + 1) * attributeCount)]
    }
}

extension ASONNModel {
    /// Encodes a table for this model, matching columns by header name in any order.
    /// Extra columns are ignored; an absent attribute column is missing in every row, but a
    /// table with none of the columns the model uses is an error.
    public func input(from table: DataTable,
                      missingTokens: [String] = DataOptions.defaultMissingTokens) throws(DataError) -> ModelInput {
        let options = DataOptions(missingTokens: missingTokens)
        let columns = attributes.map { table.header.firstIndex(of: $0.name) }
        var values = [Double](repeating: .nan, count: table.rowCount * attributes.count)
        var unknown = 0
        for (a, column) in columns.enumerated() {
            guard let column else { continue }
            let attribute = attributes[a]
            let categoryIndex = Dictionary(uniqueKeysWithValues: (attribute.categories ?? []).enumerated()
                .map { ($1, $0) })
            for r in 0..<table.rowCount {
                let text = table.rows[r][column]
                if options.isMissing(text) { continue }
                let trimmed = trimmedSpaces(text)
                if attribute.numeric {
                    guard let number = Dataset.number(trimmed), number.isFinite else {
                        throw Self.notNumberError(text, attribute: attribute.name, column: column,
                                                  line: table.lines[r], file: table.file)
                    }
                    values[r * attributes.count + a] = number
                } else if let category = categoryIndex[trimmed] {
                    values[r * attributes.count + a] = Double(category)
                } else {
                    unknown += 1
                }
            }
        }
        var labels: [String?]?
        if let target = table.header.firstIndex(of: targetName) {
            labels = table.rows.map { options.isMissing($0[target]) ? nil : trimmedSpaces($0[target]) }
        }
        let used = Set(usedAttributes)
        let absent = attributes.indices.filter { columns[$0] == nil && used.contains($0) }.map { attributes[$0].name }
        if let error = Self.noColumnError(absent: absent, used: used.count, file: table.file) { throw error }
        return ModelInput(file: table.file, values: values, rowCount: table.rowCount, labels: labels,
                          lines: table.lines, absentAttributes: absent, unknownCategories: unknown)
    }

    /// The error for a file with a column for none of the `used` attributes the model uses:
    /// every row would be classified on no values at all, surely not what was meant.
    static func noColumnError(absent: [String], used: Int, file: String) -> DataError? {
        guard used > 0 && absent.count == used else { return nil }
        let names = absent.prefix(5).map { quoted($0) }.joined(separator: ", ") + (absent.count > 5 ? ", ..." : "")
        return DataError(file: file, message: "no column is named after any attribute the model uses (\(names)); "
                         + "is this the data the model was trained for?")
    }

    static func notNumberError(_ text: String, attribute: String, column: Int, line: Int, file: String) -> DataError {
        DataError(file: file, line: line, column: attribute, columnNumber: column + 1,
                  message: "\(quoted(text)) is not a finite number, but the model's attribute \(quoted(attribute)) "
                    + "is numeric")
    }
}
