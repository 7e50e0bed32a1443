/// The checks payload types share in their `validate()`; each throws `invalid_value` with a
/// sentence naming the field.
enum FieldRules {
    /// A value between 0 and 100 inclusive (percentages, progress).
    static func percentage(_ value: Double, field: String) throws(PayloadError) {
        guard (0...100).contains(value) else {
            throw .invalid(field, "must be between 0 and 100 (got \(value))")
        }
    }

    /// An integer within `range`.
    static func integer(_ value: Int, in range: ClosedRange<Int>, field: String) throws(PayloadError) {
        guard range.contains(value) else {
            throw .invalid(field, "must be between \(range.lowerBound) and \(range.upperBound) (got \(value))")
        }
    }

    /// Non-empty text of at most `maximumLength` UTF-8 bytes, with no control characters.
    static func text(_ value: String, field: String, maximumLength: Int) throws(PayloadError) {
        guard !value.isEmpty else {
            throw .invalid(field, "must not be empty")
        }
        guard value.utf8.count <= maximumLength else {
            throw .invalid(field, "must be at most \(maximumLength) bytes long (got \(value.utf8.count))")
        }
        guard !value.utf8.contains(where: { $0 < 0x20 || $0 == 0x7F }) else {
            throw .invalid(field, "must not contain control characters")
        }
    }
}
