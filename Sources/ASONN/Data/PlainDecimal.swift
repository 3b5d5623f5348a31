/// Numbers read straight from a CSV field's bytes, without making text of them.
enum PlainDecimal {
    /// The value of `bytes` when they are a plain decimal that converts exactly the same
    /// way as `Double(String)` by one correctly rounded operation: an optional sign, digits
    /// with an optional point, an optional exponent; at most 19 significant digits, a
    /// mantissa up to 2^53 and a power of ten up to 10^22 (both exact as doubles, so one
    /// multiplication or division rounds correctly, as strtod does). Nil for anything else
    /// (spaces, inf, nan, hex, long mantissas, large exponents): the caller then takes
    /// the general path through text, so what is accepted and refused does not change.
    static func value(_ bytes: UnsafeBufferPointer<UInt8>) -> Double? {
        let count = bytes.count
        guard count > 0 && count <= 64 else { return nil }
        var index = 0
        var negative = false
        if bytes[0] == UInt8(ascii: "-") || bytes[0] == UInt8(ascii: "+") {
            negative = bytes[0] == UInt8(ascii: "-")
            index = 1
        }
        var mantissa: UInt64 = 0
        var significant = 0
        var sawDigit = false
        var scale = 0
        var afterPoint = false
        while index < count {
            let byte = bytes[index]
            if byte == UInt8(ascii: ".") && !afterPoint {
                afterPoint = true
            } else if byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") {
                let digit = UInt64(byte - UInt8(ascii: "0"))
                if mantissa != 0 || digit != 0 { significant += 1 }
                guard significant <= 19 else { return nil }
                mantissa = mantissa * 10 + digit
                sawDigit = true
                if afterPoint { scale -= 1 }
            } else {
                break
            }
            index += 1
        }
        guard sawDigit else { return nil }
        if index < count && (bytes[index] == UInt8(ascii: "e") || bytes[index] == UInt8(ascii: "E")) {
            index += 1
            var exponentNegative = false
            if index < count && (bytes[index] == UInt8(ascii: "-") || bytes[index] == UInt8(ascii: "+")) {
                exponentNegative = bytes[index] == UInt8(ascii: "-")
                index += 1
            }
            var exponent = 0
            var exponentDigits = 0
            while index < count, bytes[index] >= UInt8(ascii: "0") && bytes[index] <= UInt8(ascii: "9") {
                exponent = exponent * 10 + Int(bytes[index] - UInt8(ascii: "0"))
                exponentDigits += 1
                guard exponentDigits <= 4 else { return nil }
                index += 1
            }
            guard exponentDigits > 0 else { return nil }
            scale += exponentNegative ? -exponent : exponent
        }
        guard index == count else { return nil }
        if mantissa == 0 { return negative ? -0.0 : 0.0 }
        guard mantissa <= 1 << 53 && scale >= -22 && scale <= 22 else { return nil }
        var value = Double(mantissa)
        value = scale < 0 ? value / powersOfTen[-scale] : value * powersOfTen[scale]
        return negative ? -value : value
    }

    /// Whether `bytes` spell `token` up to ASCII case (the missing-value tokens are compared
    /// case-insensitively).
    static func equalsIgnoringCase(_ bytes: UnsafeBufferPointer<UInt8>, _ token: [UInt8]) -> Bool {
        guard bytes.count == token.count else { return false }
        for index in 0..<token.count where asciiLower(bytes[index]) != token[index] { return false }
        return true
    }

    static func asciiLower(_ byte: UInt8) -> UInt8 {
        byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z") ? byte + 32 : byte
    }

    /// 10^0 ... 10^22, every one exact as a double.
    private static let powersOfTen: [Double] = [
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16,
        1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
    ]
}
