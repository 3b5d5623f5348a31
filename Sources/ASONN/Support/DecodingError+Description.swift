extension DecodingError {
    /// A one-line account of a JSON decoding failure, with the path to the bad field.
    var readableDescription: String {
        func path(_ context: DecodingError.Context) -> String {
            let keys = context.codingPath.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined()
            return keys.isEmpty ? "" : " at \(keys)"
        }
        switch self {
        case .dataCorrupted(let context):
            if context.codingPath.isEmpty { return "the file is not JSON" }
            return context.debugDescription + path(context)
        case .keyNotFound(let key, let context): return "missing field '\(key.stringValue)'\(path(context))"
        case .typeMismatch(_, let context), .valueNotFound(_, let context): return context.debugDescription + path(context)
        @unknown default: return "\(self)"
        }
    }
}
