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

/// `csvField(text)` appended to `bytes` as UTF-8 (no copy when it needs no quotes).
func appendCSVField(_ text: String, to bytes: inout [UInt8]) {
    let utf8 = text.utf8
    if utf8.contains(where: { $0 == 0x2C || $0 == 0x22 || $0 == 0x0A || $0 == 0x0D }) {
        bytes.append(contentsOf: csvField(text).utf8)
    } else {
        bytes.append(contentsOf: utf8)
    }
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
