import ASONN
import Foundation

/// `text` as one word of a POSIX shell command line that a user copies: unchanged when
/// every character is plainly safe, else in single quotes (a quote inside as '\''). A
/// control character or bidirectional control, which cannot be shown as it is, makes it
/// bash's $'...' form with the character escaped.
public func shellWord(_ text: String) -> String {
    guard !text.isEmpty else { return "''" }
    if text.unicodeScalars.allSatisfy(isPlainlySafe) { return text }
    let escaped = { (scalar: Unicode.Scalar) in scalar.properties.generalCategory == .control || isBidiControl(scalar) }
    guard text.unicodeScalars.contains(where: escaped) else {
        return "'" + text.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }
    var word = "$'"
    for scalar in text.unicodeScalars {
        switch scalar {
        case "\\": word += "\\\\"
        case "'": word += "\\'"
        case "\n": word += "\\n"
        case "\r": word += "\\r"
        case "\t": word += "\\t"
        case _ where escaped(scalar):
            let hex = String(scalar.value, radix: 16, uppercase: true)
            word += "\\u" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
        default: word.unicodeScalars.append(scalar)
        }
    }
    return word + "'"
}

/// Letters, digits and the punctuation no shell gives a meaning to in a word.
private func isPlainlySafe(_ scalar: Unicode.Scalar) -> Bool {
    switch scalar {
    case "a"..."z", "A"..."Z", "0"..."9", "/", ".", "_", "-", "+", ":", ",", "@", "%", "=": true
    default: false
    }
}
