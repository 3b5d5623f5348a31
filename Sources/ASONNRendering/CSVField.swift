/// A CSV field, quoted when it holds a delimiter, quote or line break (RFC 4180); other
/// fields are written as they are, so plain numbers and names stay unquoted.
public func csvField(_ text: String) -> String {
    // On the UTF-8 bytes: faster than by Character, and a "\r\n" pair (one Character) is seen.
    if text.utf8.contains(where: { $0 == 0x2C || $0 == 0x22 || $0 == 0x0A || $0 == 0x0D }) {
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
    return text
}

/// One CSV line of `cells`, each quoted as `csvField` does.
public func csvLine(_ cells: [String]) -> String {
    cells.map(csvField).joined(separator: ",")
}
