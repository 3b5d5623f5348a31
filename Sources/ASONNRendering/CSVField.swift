/// A CSV field, quoted when it holds a delimiter, quote or line break (RFC 4180); other
/// fields are written as they are, so plain numbers and names stay unquoted.
public func csvField(_ text: String) -> String {
    if needsQuotes(text) {
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
    return text
}

/// One CSV line of `cells`, each quoted as `csvField` does.
public func csvLine(_ cells: [String]) -> String {
    cells.map(csvField).joined(separator: ",")
}

/// `csvField(text)` appended to `bytes` as UTF-8 (no copy when it needs no quotes).
func appendCSVField(_ text: String, to bytes: inout [UInt8]) {
    bytes.append(contentsOf: needsQuotes(text) ? csvField(text).utf8 : text.utf8)
}

/// Whether `text` holds a delimiter, quote or line break. On the UTF-8 bytes: faster than
/// by Character, and a "\r\n" pair (one Character) is seen.
private func needsQuotes(_ text: String) -> Bool {
    text.utf8.contains(where: { $0 == 0x2C || $0 == 0x22 || $0 == 0x0A || $0 == 0x0D })
}

/// The decimal digits of `value` appended to `bytes`, as `String(value)` writes them.
func appendDecimal(_ value: Int, to bytes: inout [UInt8]) {
    guard value != 0 else {
        bytes.append(UInt8(ascii: "0"))
        return
    }
    if value < 0 { bytes.append(UInt8(ascii: "-")) }
    // Digits from the last, of the magnitude (Int.min's included, through its digits' signs).
    let start = bytes.count
    var rest = value
    while rest != 0 {
        let digit = rest % 10
        bytes.append(UInt8(ascii: "0") + UInt8(digit < 0 ? -digit : digit))
        rest /= 10
    }
    bytes[start...].reverse()
}
