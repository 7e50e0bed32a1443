extension PayloadError {
    /// Translates what `JSONDecoder` reports into a ``PayloadError`` naming the field.
    init(_ error: DecodingError) {
        switch error {
        case .keyNotFound(let key, let context):
            self = .missing(FieldPath.string(context.codingPath, key))
        case .valueNotFound(let type, let context):
            self.init(.wrongType, "\(Self.subject(context.codingPath)) must be \(Self.jsonKind(of: type)), not null")
        case .typeMismatch(let type, let context):
            self.init(.wrongType, "\(Self.subject(context.codingPath)) must be \(Self.jsonKind(of: type))")
        case .dataCorrupted(let context) where context.codingPath.isEmpty:
            self.init(.invalidJSON, "the payload is not valid JSON")
        case .dataCorrupted(let context):
            self.init(.invalidValue, "\(Self.subject(context.codingPath)) is invalid: \(context.debugDescription)")
        @unknown default:
            self.init(.invalidJSON, "the payload could not be decoded: \(error)")
        }
    }

    /// "field 'a.b'", or "the payload" for the top level.
    private static func subject(_ codingPath: [any CodingKey]) -> String {
        codingPath.isEmpty ? "the payload" : "field '\(FieldPath.string(codingPath))'"
    }

    /// How a Swift type the decoder expected reads in JSON terms: "a number", "a string"…
    private static func jsonKind(of type: Any.Type) -> String {
        switch type {
        case is Bool.Type: "true or false"
        case is Int.Type, is Int64.Type, is Int32.Type, is UInt.Type, is UInt64.Type: "a whole number"
        case is Double.Type, is Float.Type: "a number"
        case is String.Type: "a string"
        case is [Any].Type: "an array"
        case is [String: Any].Type: "an object"
        default: "a \(type)"
        }
    }
}
