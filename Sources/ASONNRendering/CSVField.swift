/// A CSV field, quoted when it holds a delimiter, quote or line break (RFC 4180); other
/// fields are written as they are, so plain numbers and names stay unquoted.
public func csvField(_ text: String) -> String {
    if text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) {
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
    return text
}

/// One CSV line of `cells`, each quoted as `csvField` does.
public func csvLine(_ cells: [String]) -> String {
    cells.map(csvField).joined(separator: ",")
}
