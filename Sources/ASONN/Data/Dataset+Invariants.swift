extension Dataset {
    /// Checks what construction and prediction rely on: one value per row and attribute,
    /// one source line per row, every label a class, class and attribute names distinct
    /// (and none the target's), and every categorical value missing or one of its
    /// attribute's categories. The public initialiser runs this; tests call it too.
    public func checkInvariants() throws(DataError) {
        func fail(_ message: String) -> DataError { DataError(file: name, message: message) }
        guard values.count == labels.count * attributes.count else {
            throw fail("\(values.count) values do not fill \(labels.count) rows of \(attributes.count) attributes "
                       + "(\(labels.count * attributes.count) values)")
        }
        guard lines.count == labels.count else {
            throw fail("\(lines.count) source lines for \(labels.count) rows")
        }
        if let row = labels.firstIndex(where: { !classes.indices.contains($0) }) {
            throw fail("row \(row + 1) has label \(labels[row]); the \(classes.count) classes are numbered from 0")
        }
        try requireDistinct(classes, what: "class")
        try requireDistinct(attributes.map(\.name) + [targetName], what: "column")
        for (a, attribute) in attributes.enumerated() where !attribute.isNumeric {
            let count = attribute.categories.count
            for row in 0..<rowCount {
                let x = value(row, a)
                guard x.isNaN || (x >= 0 && x < Double(count) && x == x.rounded()) else {
                    throw fail("row \(row + 1): \(x) is not a category of \(quoted(attribute.name)) "
                               + "(0 to \(count - 1), or NaN for missing)")
                }
            }
        }
    }

    private func requireDistinct(_ names: [String], what: String) throws(DataError) {
        var seen = Set<String>()
        for duplicate in names where !seen.insert(duplicate).inserted {
            throw DataError(file: name, message: "the \(what) name \(quoted(duplicate)) is used twice")
        }
    }
}
