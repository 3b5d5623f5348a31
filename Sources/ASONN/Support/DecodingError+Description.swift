import Foundation

extension DecodingError {
    /// A one-line account of a JSON decoding failure, with the path to the bad field.
    public var readableDescription: String {
        func path(_ context: DecodingError.Context) -> String {
            let keys = context.codingPath.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined()
            return keys.isEmpty ? "" : " at \(keys)"
        }
        switch self {
        case .dataCorrupted(let context):
            if context.codingPath.isEmpty { return "the file is not JSON" }
            // The decoder's own words for a value outside an enumeration name a Swift type.
            let said = context.debugDescription
            if said.hasPrefix("Cannot initialize "),
               let value = said.range(of: " value ").map({ said[$0.upperBound...] }) {
                return "'\(value.prefix(60))' is not one of the accepted values" + path(context)
            }
            if said.hasPrefix("Cannot initialize Range") {
                return "a range whose lower end is above its upper end" + path(context)
            }
            return context.debugDescription + path(context)
        case .keyNotFound(let key, let context): return "missing field '\(key.stringValue)'\(path(context))"
        case .typeMismatch(let type, let context):
            return "expected \(Self.kind(of: type))" + path(context)
        case .valueNotFound(let type, let context):
            return "null where \(Self.kind(of: type)) belongs" + path(context)
        @unknown default: return "\(self)"
        }
    }

    /// What a JSON value of `type` is called in a message: an object, a list, text, a number.
    static func kind(of type: Any.Type) -> String {
        let name = String(describing: type)
        if name.hasPrefix("Dictionary") { return "an object" }
        if name.hasPrefix("Array") { return "a list" }
        if name.hasPrefix("String") { return "text" }
        if name.hasPrefix("Bool") { return "true or false" }
        if ["Int", "UInt", "Double", "Float"].contains(where: name.hasPrefix) { return "a number" }
        return "a value of another kind"
    }

    /// `readableDescription`, with the cause looked up in `data` (which failed to decode as
    /// `type`) where the decoder only says that the file is not JSON: it says so for numbers
    /// out of range and for a fraction where a whole number belongs too.
    public func readableDescription<T: Decodable>(of data: Data, as type: T.Type) -> String {
        guard case .dataCorrupted(let context) = self, context.codingPath.isEmpty else { return readableDescription }
        return JSONDiagnosis.problem(in: data, as: type)
    }
}

/// Why a JSON text was refused: a syntax error with its line and column, a number no
/// Double holds, an integer past the 64-bit range, or a key given twice in one object.
public enum JSONDiagnosis {
    static func problem<T: Decodable>(in data: Data, as type: T.Type) -> String {
        do {
            _ = try JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed])
        } catch {
            let detail = (error as NSError).userInfo[NSDebugDescriptionErrorKey] as? String ?? ""
            if let token = between("Number ", " is not representable", in: detail) {
                return "number \(token.prefix(60)) \(place(of: token, in: data)) is out of range "
                    + "(a number must be within about ±1.8e308)"
            }
            if let offset = between("around character ", ".", in: detail).flatMap({ Int($0) }) {
                let (line, column) = position(ofByte: offset, in: data)
                if detail.hasPrefix("Too many nested") {
                    return "the file nests lists or objects too deeply (at line \(line), column \(column))"
                }
                return "the file is not JSON: invalid syntax at line \(line), column \(column)"
            }
            if data.allSatisfy({ [0x20, 0x09, 0x0A, 0x0D].contains($0) }) { return "the file is empty" }
            if detail.hasPrefix("Unexpected end of file") {
                let (line, _) = position(ofByte: data.count, in: data)
                return "the file is not JSON: it ends at line \(line) inside an unfinished value (cut short?)"
            }
            return "the file is not JSON"
        }
        if let (token, offset) = firstNumber(in: data, where: { token in
            !token.contains(where: { ".eE".contains($0) }) && Int(token) == nil
        }) {
            let (line, column) = position(ofByte: offset, in: data)
            return "number \(token.prefix(60)) at line \(line), column \(column) is out of range for a whole-number "
                + "field (at most \(Int.max))"
        }
        // The decoder refuses a number too small for a Double (1e-400) rather than read it as 0.
        if let (token, offset) = firstNumber(in: data, where: { token in
            let mantissa = token.prefix { $0 != "e" && $0 != "E" }
            return Double(token) == 0 && mantissa.contains(where: { "123456789".contains($0) })
        }) {
            let (line, column) = position(ofByte: offset, in: data)
            return "number \(token.prefix(60)) at line \(line), column \(column) is too small to hold "
                + "(below about 5e-324); write 0 if that is meant"
        }
        return fractionForWholeNumber(in: data, as: type)
            ?? "a field holds a value of the wrong kind (such as a fraction where a whole number belongs)"
    }

    /// Where `data` has a number with a fraction or an exponent in a field that takes whole
    /// numbers only, which the decoder reports only as "not JSON". Found by decoding again
    /// with such numbers written as 0, which every number field takes: the first k of them
    /// replaced, k found by halving, until the decoder gets past the place (the last such
    /// place when there are several). Nil when replacing them all does not help, and for a
    /// file over `fractionSearchBytes` (the search decodes it again about log2(numbers) times).
    static func fractionForWholeNumber<T: Decodable>(in data: Data, as type: T.Type) -> String? {
        guard data.count <= fractionSearchBytes else { return nil }
        let bytes = [UInt8](data)
        var candidates: [(token: String, offset: Int)] = []
        var from = 0
        while let (token, offset) = firstNumber(in: bytes, from: from, where: { $0.contains { ".eE".contains($0) } }) {
            candidates.append((token, offset))
            from = offset + token.utf8.count
        }
        // Whether the decoder still fails as on the file itself with the first `count` replaced.
        func failsAsBefore(replacing count: Int) -> Bool {
            var edited: [UInt8] = []
            edited.reserveCapacity(bytes.count)
            var copied = 0
            for (token, offset) in candidates.prefix(count) {
                edited += bytes[copied..<offset]
                edited.append(UInt8(ascii: "0"))
                copied = offset + token.utf8.count
            }
            edited += bytes[copied...]
            do {
                _ = try JSONDecoder().decode(type, from: Data(edited))
                return false
            } catch DecodingError.dataCorrupted(let context) {
                return context.codingPath.isEmpty
            } catch {
                return false
            }
        }
        guard !candidates.isEmpty, failsAsBefore(replacing: 0), !failsAsBefore(replacing: candidates.count) else {
            return nil
        }
        var failing = 0, passing = candidates.count
        while passing - failing > 1 {
            let middle = (failing + passing) / 2
            if failsAsBefore(replacing: middle) { failing = middle } else { passing = middle }
        }
        let (token, offset) = candidates[passing - 1]
        let (line, column) = position(ofByte: offset, in: data)
        let field = key(before: offset, in: bytes).map { ", field \(quoted($0))" } ?? ""
        return "a whole number belongs where the file has \(token.prefix(60)) (line \(line), column \(column)\(field))"
    }

    /// 16 MiB: about 20 decodes of magic's 4 MB model took 1.3 s in all.
    static let fractionSearchBytes = 16 << 20

    /// The key of the object member whose value starts at `offset` (`"key": value`), or nil
    /// (a list's item, or a key with an escape).
    private static func key(before offset: Int, in bytes: [UInt8]) -> String? {
        var i = offset - 1
        func skipSpaces() { while i >= 0, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[i]) { i -= 1 } }
        skipSpaces()
        guard i >= 0, bytes[i] == UInt8(ascii: ":") else { return nil }
        i -= 1
        skipSpaces()
        guard i >= 0, bytes[i] == UInt8(ascii: "\"") else { return nil }
        let end = i
        i -= 1
        while i >= 0, bytes[i] != UInt8(ascii: "\"") {
            if bytes[i] == UInt8(ascii: "\\") { return nil }
            i -= 1
        }
        guard i >= 0 else { return nil }
        return String(decoding: bytes[(i + 1)..<end], as: UTF8.self)
    }

    private static func between(_ start: String, _ end: String, in text: String) -> String? {
        guard let from = text.range(of: start), let to = text.range(of: end, range: from.upperBound..<text.endIndex)
        else { return nil }
        return String(text[from.upperBound..<to.lowerBound])
    }

    /// "at line L, column C" of the first occurrence of `token`, or "" when it is not found.
    private static func place(of token: String, in data: Data) -> String {
        let bytes = [UInt8](data), needle = [UInt8](token.utf8)
        guard !needle.isEmpty, bytes.count >= needle.count else { return "" }
        for start in 0...(bytes.count - needle.count)
        where bytes[start..<(start + needle.count)].elementsEqual(needle) {
            let (line, column) = position(ofByte: start, in: data)
            return "at line \(line), column \(column)"
        }
        return ""
    }

    /// 1-based line and column of a byte offset; CR, LF and CRLF each end a line.
    static func position(ofByte offset: Int, in data: Data) -> (line: Int, column: Int) {
        var line = 1, column = 1, previous: UInt8 = 0
        for byte in data.prefix(max(offset, 0)) {
            if byte == UInt8(ascii: "\n") && previous == UInt8(ascii: "\r") {
                // The LF of a CRLF: the CR already ended the line.
            } else if byte == UInt8(ascii: "\n") || byte == UInt8(ascii: "\r") {
                line += 1
                column = 1
            } else {
                column += 1
            }
            previous = byte
        }
        return (line, column)
    }

    /// The first number literal outside strings for which `test` holds, with its offset.
    private static func firstNumber(in data: Data, where test: (String) -> Bool) -> (String, Int)? {
        firstNumber(in: [UInt8](data), from: 0, where: test)
    }

    /// `firstNumber(in:where:)` from byte `start`, which is outside any string.
    private static func firstNumber(in bytes: [UInt8], from start: Int,
                                    where test: (String) -> Bool) -> (String, Int)? {
        var i = start, inString = false
        while i < bytes.count {
            let byte = bytes[i]
            if inString {
                if byte == UInt8(ascii: "\\") { i += 1 } else if byte == UInt8(ascii: "\"") { inString = false }
                i += 1
                continue
            }
            if byte == UInt8(ascii: "\"") { inString = true; i += 1; continue }
            guard byte == UInt8(ascii: "-") || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) else {
                i += 1
                continue
            }
            let start = i
            while i < bytes.count, "+-0123456789.eE".utf8.contains(bytes[i]) { i += 1 }
            let token = String(decoding: bytes[start..<i], as: UTF8.self)
            if test(token) { return (token, start) }
        }
        return nil
    }
}

extension JSONDiagnosis {
    /// What to tell a user whose file gives a key twice in one object (see `duplicateKey(in:)`);
    /// nil when no object does.
    public static func duplicateKeyMessage(in data: Data) -> String? {
        duplicateKey(in: data).map { key, line, column in
            "the key \(quoted(key)) appears twice in one object (again at line \(line), column \(column)); keep one"
        }
    }

    /// The first key that one object of `data` holds twice, with its place: JSON leaves
    /// duplicates undefined, and tools differ on which copy they keep (the decoder keeps the
    /// first, Python the last), so a file with one means different things to different
    /// readers. Keys are compared by the text they spell, escapes decoded. Nil when there is none (or
    /// the text is not JSON, which the decoder reports).
    static func duplicateKey(in data: Data) -> (key: String, line: Int, column: Int)? {
        guard data.contains(UInt8(ascii: "{")) else { return nil }
        let bytes = [UInt8](data)
        // Per open object its keys so far and whether a key comes next; nil for a list.
        var frames: [(keys: Set<[UInt8]>, expectsKey: Bool)?] = []
        var i = 0
        while i < bytes.count {
            switch bytes[i] {
            case UInt8(ascii: "{"): frames.append((keys: [], expectsKey: true))
            case UInt8(ascii: "["): frames.append(nil)
            case UInt8(ascii: "}"), UInt8(ascii: "]"): if !frames.isEmpty { frames.removeLast() }
            case UInt8(ascii: ","):
                if let last = frames.indices.last, frames[last] != nil { frames[last]?.expectsKey = true }
            case UInt8(ascii: "\""):
                let start = i
                i += 1
                while i < bytes.count && bytes[i] != UInt8(ascii: "\"") {
                    i += bytes[i] == UInt8(ascii: "\\") ? 2 : 1
                }
                // Compared as the text it spells: "a\u005fb" and "a_b" are the same key. Only
                // a key with an escape needs decoding (a model file has many thousand keys).
                let raw = bytes[start..<min(i + 1, bytes.count)]
                let key = !raw.contains(UInt8(ascii: "\\")) ? Array(raw.dropFirst().dropLast())
                    : Array(((try? JSONSerialization.jsonObject(with: Data(raw), options: [.fragmentsAllowed]))
                        as? String ?? String(decoding: raw, as: UTF8.self)).utf8)
                if let last = frames.indices.last, let frame = frames[last], frame.expectsKey {
                    if frame.keys.contains(key) {
                        let (line, column) = position(ofByte: start, in: data)
                        return (String(decoding: key, as: UTF8.self), line, column)
                    }
                    frames[last]?.keys.insert(key)
                    frames[last]?.expectsKey = false
                }
            default: break
            }
            i += 1
        }
        return nil
    }
}
