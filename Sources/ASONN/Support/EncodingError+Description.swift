extension EncodingError {
    /// A one-line account of a JSON encoding failure: which field held what (JSON has no
    /// infinity or NaN, so a non-finite number is the usual cause).
    public var readableDescription: String {
        switch self {
        case .invalidValue(let value, let context):
            let keys = context.codingPath.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined()
            let field = keys.hasPrefix(".") ? String(keys.dropFirst()) : keys
            return "\(field.isEmpty ? "a value" : field) is \(value), not a finite number"
        @unknown default: return "\(self)"
        }
    }
}
