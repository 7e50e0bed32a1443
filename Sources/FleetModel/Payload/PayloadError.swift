/// Why a JSON payload was refused: a short machine-readable ``code`` and a human sentence
/// (``detail``) that names the offending field, e.g. "field 'cpu_percent' must be a number".
///
/// A server answers it as ``ErrorBody`` (`{"error": code, "detail": detail}`) with 4.00 Bad
/// Request, or 4.13 Request Entity Too Large for ``Code/tooLarge``.
public struct PayloadError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The category of a ``PayloadError``; its raw value is the wire `error` code.
    public enum Code: String, Sendable, CaseIterable {
        /// The bytes are not JSON (or are empty).
        case invalidJSON = "invalid_json"
        /// A required field is absent.
        case missingField = "missing_field"
        /// A field holds the wrong JSON type (including `null` where a value is required),
        /// or the payload itself is not a JSON object.
        case wrongType = "wrong_type"
        /// A field has the right type but a value the rules refuse.
        case invalidValue = "invalid_value"
        /// The `action` field names no known action.
        case unknownAction = "unknown_action"
        /// The payload is longer than the size limit or nested deeper than the depth limit.
        case tooLarge = "too_large"
    }

    /// The category, sent as the `error` field of an ``ErrorBody``.
    public let code: Code
    /// A human sentence naming the field path, sent as the `detail` field of an ``ErrorBody``.
    public let detail: String

    /// Creates an error with a code and a human sentence.
    public init(_ code: Code, _ detail: String) {
        self.code = code
        self.detail = detail
    }

    /// `<code>: <detail>`, for logs.
    public var description: String { "\(code.rawValue): \(detail)" }
}

extension PayloadError {
    /// `missing_field` for a field that must be present.
    static func missing(_ field: String, _ reason: String = "is required") -> PayloadError {
        PayloadError(.missingField, "field '\(field)' \(reason)")
    }

    /// `invalid_value` for a field whose value breaks a rule; `predicate` completes the
    /// sentence "field '<field>' …".
    static func invalid(_ field: String, _ predicate: String) -> PayloadError {
        PayloadError(.invalidValue, "field '\(field)' \(predicate)")
    }
}
