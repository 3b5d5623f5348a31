import Foundation

/// How error messages quote a value from a user's file: in single quotes, with control
/// characters escaped (a NUL or an escape sequence must not reach the terminal), and cut
/// to `limit` characters (Unicode scalars) with an ellipsis and the full length when longer, so that a
/// megabyte-long field gives a short one-line message.
func quoted(_ value: some StringProtocol, limit: Int = 60) -> String {
    let (text, isCut) = escapedPrefix(value, limit: limit)
    return isCut ? "'\(text)...' (\(value.utf8.count) bytes)" : "'\(text)'"
}

/// A list of names for a message, comma-separated, each cut like `quoted` and at most
/// `limit` of them.
func listed(_ names: [String], limit: Int = 20) -> String {
    let shown = names.prefix(limit).map { name in
        let (text, isCut) = escapedPrefix(name, limit: 60)
        return isCut ? "\(text)... (\(name.utf8.count) bytes)" : text
    }
    return shown.joined(separator: ", ") + (names.count > limit ? ", ... (\(names.count) in all)" : "")
}

/// The first `limit` Unicode scalars of `value` with control characters escaped, and
/// whether there was more. Scalars, not characters: one character can hold any number of
/// combining marks. Reads only those scalars (`utf8.count` above is constant time).
private func escapedPrefix(_ value: some StringProtocol, limit: Int) -> (text: String, isCut: Bool) {
    let scalars = value.unicodeScalars
    let end = scalars.index(scalars.startIndex, offsetBy: limit, limitedBy: scalars.endIndex) ?? scalars.endIndex
    var prefix = String.UnicodeScalarView()
    prefix.append(contentsOf: scalars[..<end])
    return (escapingControls(String(prefix)), end != scalars.endIndex)
}

/// Whether `scalar` is a bidirectional formatting control (a mark, an embedding, an
/// override or an isolate). One in a name reorders the text shown after it: a rule's
/// "<= 1.6 (represents 47 cases)" drawn backwards. Right-to-left letters are not controls.
public func isBidiControl(_ scalar: Unicode.Scalar) -> Bool {
    switch scalar.value {
    case 0x061C, 0x200E, 0x200F, 0x202A...0x202E, 0x2066...0x2069: return true
    default: return false
    }
}

/// `text` with every bidirectional control written as the visible escape \u{202e}, for
/// reports and summaries that show names from a user's files.
public func showingBidiControls(_ text: String) -> String {
    escapingScalars(text, where: isBidiControl)
}

/// `text` with every control character and bidirectional control written as an escape
/// (`escapingScalars`): a name from a user's file shown on one line that cannot act on
/// the terminal or reorder what follows it.
public func escapingControls(_ text: String) -> String {
    escapingScalars(text) { $0.properties.generalCategory == .control || isBidiControl($0) }
}

/// `text` with each scalar for which `escape` holds written as an escape: \0, \n, \r and
/// \t for those, \u{hex} for any other.
public func escapingScalars(_ text: String, where escape: (Unicode.Scalar) -> Bool) -> String {
    guard text.unicodeScalars.contains(where: escape) else { return text }
    var out = String.UnicodeScalarView()
    for scalar in text.unicodeScalars {
        guard escape(scalar) else {
            out.append(scalar)
            continue
        }
        let shown = switch scalar {
        case "\0": "\\0"
        case "\n": "\\n"
        case "\r": "\\r"
        case "\t": "\\t"
        default: "\\u{\(String(scalar.value, radix: 16))}"
        }
        out.append(contentsOf: shown.unicodeScalars)
    }
    return String(out)
}

/// The text without leading and trailing spaces and tabs (`CharacterSet.whitespaces`, as
/// Foundation's `trimmingCharacters(in: .whitespaces)`), reading only the ends: Foundation
/// reads the whole value through UTF-16, which made a long field slow to reject.
func trimmedSpaces(_ text: String) -> String {
    let scalars = text.unicodeScalars
    var start = scalars.startIndex, end = scalars.endIndex
    while start < end, CharacterSet.whitespaces.contains(scalars[start]) { start = scalars.index(after: start) }
    while end > start, CharacterSet.whitespaces.contains(scalars[scalars.index(before: end)]) {
        end = scalars.index(before: end)
    }
    if start == scalars.startIndex && end == scalars.endIndex { return text }
    return String(scalars[start..<end])
}
