import Foundation

/// A fast path for reading model files: the combinations, nearly all of a model file's bytes,
/// are read by a strict scanner of the exact form `jsonData()` writes, straight into the
/// model's types; everything else goes through `JSONDecoder` as before (a document with
/// the combinations left out is small). Anything the scanner does not expect (escapes,
/// other keys, repeated keys, numbers out of its range, a damaged file) gives nil, and the
/// caller decodes the whole file with `JSONDecoder`: the same model, or the same error.
enum ModelFileReader {
    static func decode(_ data: Data) -> ASONNModel? {
        data.withUnsafeBytes { raw -> ASONNModel? in
            let bytes = raw.bindMemory(to: UInt8.self)
            var scanner = JSONScanner(bytes: bytes)
            // Keys are written sorted, so the attributes and classes come before the
            // combinations: those are then read in the same pass instead of skipped first.
            var early: (combinations: [Combination], attributes: [ModelAttribute], classes: [String])?
            let found = scanner.topLevelValue(named: "combinations") { scanner, seen in
                guard let attributes = seen["attributes"].flatMap({ decodeSpan([ModelAttribute].self, bytes, $0) }),
                      let classes = seen["classes"].flatMap({ decodeSpan([String].self, bytes, $0) }),
                      let read = scanner.combinations(classes: classes, attributes: attributes) else { return false }
                early = (read, attributes, classes)
                return true
            }
            guard let span = found else { return nil }
            var rest = Data(bytes[0..<span.lowerBound])
            rest.append(contentsOf: Array("[]".utf8))
            rest.append(contentsOf: bytes[span.upperBound...])
            // The scanner refuses a repeated key among the combinations; this, in the rest.
            guard JSONDiagnosis.duplicateKey(in: rest) == nil else { return nil }
            guard var model = try? JSONDecoder().decode(ASONNModel.self, from: rest) else { return nil }
            if let early {
                guard early.attributes == model.attributes, early.classes == model.classes else { return nil }
                model.combinations = early.combinations
                return model
            }
            var combinations = JSONScanner(bytes: bytes, at: span.lowerBound)
            guard let read = combinations.combinations(classes: model.classes, attributes: model.attributes),
                  combinations.index == span.upperBound else { return nil }
            model.combinations = read
            return model
        }
    }

    /// `type` decoded from the bytes in `span` alone (nil when they are not one).
    private static func decodeSpan<T: Decodable>(_ type: T.Type, _ bytes: UnsafeBufferPointer<UInt8>,
                                                 _ span: Range<Int>) -> T? {
        try? JSONDecoder().decode(type, from: Data(bytes[span]))
    }
}

/// The keys of a stored combination and range, told apart by their bytes.
private enum Key {
    case `class`, represented, ambiguous, ranges, attribute, lower, upper, categories, weight, seeds, weeds, other

    /// The names by their first byte: each key is read once per range, so one comparison.
    private static let byFirstByte: [[(bytes: [UInt8], key: Key)]] = {
        let names: [(String, Key)] = [
            ("class", .class), ("represented", .represented), ("ambiguous", .ambiguous), ("ranges", .ranges),
            ("attribute", .attribute), ("lower", .lower), ("upper", .upper), ("categories", .categories),
            ("weight", .weight), ("seeds", .seeds), ("weeds", .weeds),
        ]
        var table = [[(bytes: [UInt8], key: Key)]](repeating: [], count: 256)
        for (name, key) in names { table[Int(name.utf8.first ?? 0)].append((Array(name.utf8), key)) }
        return table
    }()

    init(_ bytes: UnsafeBufferPointer<UInt8>.SubSequence) {
        guard let first = bytes.first else {
            self = .other
            return
        }
        self = Self.byFirstByte[Int(first)].first { bytesEqual($0.bytes, bytes) }?.key ?? .other
    }
}

/// Whether `bytes` hold exactly `name`'s bytes (memcmp, not a generic sequence walk).
private func bytesEqual(_ name: [UInt8], _ bytes: UnsafeBufferPointer<UInt8>.SubSequence) -> Bool {
    guard name.count == bytes.count else { return false }
    guard let base = bytes.base.baseAddress else { return name.isEmpty }
    return name.withUnsafeBufferPointer { own in
        guard let ownBase = own.baseAddress else { return true }
        return memcmp(ownBase, base + bytes.startIndex, name.count) == 0
    }
}

/// The first attribute of each name, found by the name's bytes; ranges come mostly in
/// attribute order, so the search starts after the last one found.
private struct NameIndex {
    private let names: [[UInt8]]
    private let unique: Bool
    private var last = 0

    init(_ names: [String]) {
        self.names = names.map { Array($0.utf8) }
        unique = Set(names).count == names.count
    }

    mutating func index(of bytes: UnsafeBufferPointer<UInt8>.SubSequence) -> Int? {
        guard !names.isEmpty else { return nil }
        for step in 0..<names.count {
            let candidate = (last + step) % names.count
            if bytesEqual(names[candidate], bytes) {
                // A repeated name resolves to its first attribute, as `firstIndex(where:)` does.
                guard let first = unique ? candidate : names.firstIndex(where: { bytesEqual($0, bytes) })
                else { return nil }
                last = first
                return first
            }
        }
        return nil
    }
}

/// Reads JSON bytes; every method gives nil (or false) on anything it does not expect.
private struct JSONScanner {
    let bytes: UnsafeBufferPointer<UInt8>
    var index = 0

    init(bytes: UnsafeBufferPointer<UInt8>, at index: Int = 0) {
        self.bytes = bytes
        self.index = index
    }

    /// The byte range of the value of top-level key `name`, which must occur exactly once.
    /// At that value, `read` may read it in place, given the spans of the keys before it
    /// (by name); when it returns false the value is skipped instead.
    mutating func topLevelValue(named name: String,
                                read: (inout JSONScanner, [String: Range<Int>]) -> Bool) -> Range<Int>? {
        let wanted = Array(name.utf8)
        var found: Range<Int>?
        var seen: [String: Range<Int>] = [:]
        guard take(UInt8(ascii: "{")) else { return nil }
        if take(UInt8(ascii: "}")) { return nil }
        repeat {
            guard let raw = rawString(), let key = String(validating: raw, as: UTF8.self) else { return nil }
            guard take(UInt8(ascii: ":")) else { return nil }
            skipSpace()
            let start = index
            let isWanted = raw.elementsEqual(wanted)
            if isWanted && found == nil {
                var inPlace = self
                if read(&inPlace, seen) {
                    self = inPlace
                } else {
                    guard skipValue() else { return nil }
                }
            } else {
                guard skipValue() else { return nil }
            }
            if isWanted {
                guard found == nil else { return nil }
                found = start..<index
            }
            seen[key] = start..<index
        } while take(UInt8(ascii: ","))
        return take(UInt8(ascii: "}")) ? found : nil
    }

    /// The combinations array, resolved against the model's classes and attributes as
    /// `ASONNModel.init(from:)` does.
    mutating func combinations(classes: [String], attributes: [ModelAttribute]) -> [Combination]? {
        var classIndex: [String: Int] = [:]
        for (index, name) in classes.enumerated() where classIndex[name] == nil { classIndex[name] = index }
        var attributeIndex = NameIndex(attributes.map(\.name))
        let categoryIndex = attributes.map { attribute in
            var map: [String: Int] = [:]
            for (index, name) in (attribute.categories ?? []).enumerated() where map[name] == nil { map[name] = index }
            return map
        }
        let numeric = attributes.map(\.numeric)
        var result: [Combination] = []
        guard take(UInt8(ascii: "[")) else { return nil }
        if take(UInt8(ascii: "]")) { return result }
        repeat {
            guard let combination = combination(classIndex, &attributeIndex, categoryIndex, numeric) else { return nil }
            result.append(combination)
        } while take(UInt8(ascii: ","))
        guard take(UInt8(ascii: "]")) else { return nil }
        return result
    }

    private mutating func combination(_ classIndex: [String: Int], _ attributeIndex: inout NameIndex,
                                      _ categoryIndex: [[String: Int]], _ numeric: [Bool]) -> Combination? {
        var className: String?, represented: Int?, ambiguous: Bool?, ranges: [RangeNeuron]?
        guard take(UInt8(ascii: "{")) else { return nil }
        repeat {
            guard let key = rawString(), take(UInt8(ascii: ":")) else { return nil }
            switch Key(key) {
            case .class where className == nil: className = string()
            case .represented where represented == nil: represented = integer()
            case .ambiguous where ambiguous == nil: ambiguous = boolean()
            case .ranges where ranges == nil: ranges = rangeList(&attributeIndex, categoryIndex, numeric)
            default: return nil
            }
        } while take(UInt8(ascii: ","))
        guard take(UInt8(ascii: "}")), let className, let represented, let ambiguous, let ranges,
              let index = classIndex[className] else { return nil }
        return Combination(classIndex: index, ranges: ranges, represented: represented, ambiguous: ambiguous)
    }

    private mutating func rangeList(_ attributeIndex: inout NameIndex, _ categoryIndex: [[String: Int]],
                                    _ numeric: [Bool]) -> [RangeNeuron]? {
        var ranges: [RangeNeuron] = []
        guard take(UInt8(ascii: "[")) else { return nil }
        if take(UInt8(ascii: "]")) { return ranges }
        repeat {
            guard let range = range(&attributeIndex, categoryIndex, numeric) else { return nil }
            ranges.append(range)
        } while take(UInt8(ascii: ","))
        return take(UInt8(ascii: "]")) ? ranges : nil
    }

    /// One range; `numeric` tells per attribute whether it needs bounds.
    private mutating func range(_ attributeIndex: inout NameIndex, _ categoryIndex: [[String: Int]],
                                _ numeric: [Bool]) -> RangeNeuron? {
        var attribute: Int?, weight: Double?, seeds: Int?, weeds: Int?
        var lower: Double??, upper: Double??, categories: [String]??
        guard take(UInt8(ascii: "{")) else { return nil }
        repeat {
            guard let key = rawString(), take(UInt8(ascii: ":")) else { return nil }
            switch Key(key) {
            case .attribute where attribute == nil:
                guard let name = rawString(), let index = attributeIndex.index(of: name) else { return nil }
                attribute = index
            case .lower where lower == nil:
                guard let value = optional({ $0.double() }) else { return nil }
                lower = value
            case .upper where upper == nil:
                guard let value = optional({ $0.double() }) else { return nil }
                upper = value
            case .categories where categories == nil:
                guard let value = optional({ $0.stringList() }) else { return nil }
                categories = value
            case .weight where weight == nil: weight = double()
            case .seeds where seeds == nil: seeds = integer()
            case .weeds where weeds == nil: weeds = integer()
            default: return nil
            }
        } while take(UInt8(ascii: ","))
        guard take(UInt8(ascii: "}")), let attribute, let weight, let seeds, let weeds else { return nil }
        var indexes: [Int] = []
        if let names = categories ?? nil {
            for name in names {
                guard let category = categoryIndex[attribute][name] else { return nil }
                indexes.append(category)
            }
        }
        let low = lower ?? nil, high = upper ?? nil
        if numeric[attribute] && (low == nil || high == nil) { return nil }
        return RangeNeuron(attribute: attribute, lower: low ?? 0, upper: high ?? 0, categories: indexes,
                           weight: weight, seeds: seeds, weeds: weeds)
    }

    // MARK: - Values

    /// `null` as .some(nil), else the value read by `read` (nil when that fails).
    private mutating func optional<T>(_ read: (inout JSONScanner) -> T?) -> T?? {
        skipSpace()
        if literal(Self.null) { return .some(nil) }
        guard let value = read(&self) else { return nil }
        return .some(value)
    }

    private mutating func stringList() -> [String]? {
        var list: [String] = []
        guard take(UInt8(ascii: "[")) else { return nil }
        if take(UInt8(ascii: "]")) { return list }
        repeat {
            guard let text = string() else { return nil }
            list.append(text)
        } while take(UInt8(ascii: ","))
        return take(UInt8(ascii: "]")) ? list : nil
    }

    private mutating func boolean() -> Bool? {
        skipSpace()
        if literal(Self.yes) { return true }
        if literal(Self.no) { return false }
        return nil
    }

    /// A string without escapes, as valid UTF-8 text.
    private mutating func string() -> String? {
        guard let raw = rawString() else { return nil }
        return String(validating: raw, as: UTF8.self)
    }

    /// The bytes of a string without escapes or control characters.
    private mutating func rawString() -> UnsafeBufferPointer<UInt8>.SubSequence? {
        guard take(UInt8(ascii: "\"")) else { return nil }
        let start = index
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") {
                index += 1
                return bytes[start..<(index - 1)]
            }
            guard byte != UInt8(ascii: "\\"), byte >= 0x20 else { return nil }
            index += 1
        }
        return nil
    }

    /// A JSON number in an integer's form (no fraction or exponent) that fits in 18 digits.
    private mutating func integer() -> Int? {
        // At most 18 digits (and a sign): the value then fits in an Int whatever it is.
        guard let span = numberSpan(), span.count - (bytes[span.lowerBound] == UInt8(ascii: "-") ? 1 : 0) <= 18
        else { return nil }
        var value = 0
        var negative = false
        for byte in bytes[span] {
            if byte == UInt8(ascii: "-") {
                negative = true
                continue
            }
            guard byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") else { return nil }
            value = value * 10 + Int(byte - UInt8(ascii: "0"))
        }
        return negative ? -value : value
    }

    /// A JSON number as the correctly rounded double (as `JSONDecoder` reads it); finite only.
    private mutating func double() -> Double? {
        guard let span = numberSpan() else { return nil }
        let digits = UnsafeBufferPointer(rebasing: bytes[span])
        if let value = PlainDecimal.value(digits) { return value }
        // strtod, as Foundation's reader, on a NUL-terminated copy in stack memory: strtod
        // must not read past the span (a number locale may take more bytes as digits).
        guard span.count < 64 else { return nil }
        return withUnsafeTemporaryAllocation(of: CChar.self, capacity: span.count + 1) { text -> Double? in
            guard let base = text.baseAddress else { return nil }
            for (offset, byte) in digits.enumerated() { text[offset] = CChar(bitPattern: byte) }
            text[span.count] = 0
            var end: UnsafeMutablePointer<CChar>?
            let value = strtod(base, &end)
            guard let end, end - base == span.count, value.isFinite else { return nil }
            return value
        }
    }

    /// The bytes of a number in JSON's grammar: -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)?
    private mutating func numberSpan() -> Range<Int>? {
        skipSpace()
        let start = index
        _ = takeByte(UInt8(ascii: "-"))
        if takeByte(UInt8(ascii: "0")) {
            // No leading zeros.
        } else {
            guard digitRun() else { return nil }
        }
        if takeByte(UInt8(ascii: ".")) { guard digitRun() else { return nil } }
        if takeByte(UInt8(ascii: "e")) || takeByte(UInt8(ascii: "E")) {
            if !takeByte(UInt8(ascii: "+")) { _ = takeByte(UInt8(ascii: "-")) }
            guard digitRun() else { return nil }
        }
        return start..<index
    }

    private mutating func digitRun() -> Bool {
        let start = index
        while index < bytes.count && bytes[index] >= UInt8(ascii: "0") && bytes[index] <= UInt8(ascii: "9") {
            index += 1
        }
        return index > start
    }

    // MARK: - Structure

    /// Passes over any one value (checked only as far as finding its end: the caller's
    /// `JSONDecoder` reads it).
    private mutating func skipValue() -> Bool {
        skipSpace()
        guard index < bytes.count else { return false }
        var depth = 0
        let structural = Self.structural
        repeat {
            // Numbers, names and space make up most of a value: pass them in a tight loop.
            while depth > 0 && index < bytes.count && !structural[Int(bytes[index])] { index += 1 }
            guard index < bytes.count else { return false }
            let byte = bytes[index]
            switch byte {
            case UInt8(ascii: "\""):
                index += 1
                while index < bytes.count && bytes[index] != UInt8(ascii: "\"") {
                    index += bytes[index] == UInt8(ascii: "\\") ? 2 : 1
                }
                guard index < bytes.count else { return false }
                index += 1
            case UInt8(ascii: "{"), UInt8(ascii: "["):
                depth += 1
                index += 1
            case UInt8(ascii: "}"), UInt8(ascii: "]"):
                guard depth > 0 else { return true }
                depth -= 1
                index += 1
            case UInt8(ascii: ","):
                guard depth > 0 else { return true }
                index += 1
            default:
                index += 1
            }
        } while depth > 0 || !(index >= bytes.count || isEndOfScalar(bytes[index]))
        return true
    }

    private func isEndOfScalar(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: ",") || byte == UInt8(ascii: "}") || byte == UInt8(ascii: "]") || isSpace(byte)
    }

    private func isSpace(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\n") || byte == UInt8(ascii: "\r")
            || byte == UInt8(ascii: "\t")
    }

    private mutating func skipSpace() {
        while index < bytes.count && isSpace(bytes[index]) { index += 1 }
    }

    /// Skips space, then takes `byte` if it is next.
    private mutating func take(_ byte: UInt8) -> Bool {
        skipSpace()
        return takeByte(byte)
    }

    private mutating func takeByte(_ byte: UInt8) -> Bool {
        guard index < bytes.count && bytes[index] == byte else { return false }
        index += 1
        return true
    }

    private mutating func literal(_ word: [UInt8]) -> Bool {
        guard index + word.count <= bytes.count else { return false }
        for offset in 0..<word.count where bytes[index + offset] != word[offset] { return false }
        index += word.count
        return true
    }

    /// The bytes `skipValue` stops at inside a container: quotes, brackets and commas.
    private static let structural: [Bool] = (0..<256).map { byte in
        "\"{}[],".utf8.contains(UInt8(byte))
    }

    private static let null = Array("null".utf8), yes = Array("true".utf8), no = Array("false".utf8)
}
