/// The rule for node, job and artifact ids: 1 to 64 characters matching
/// `[A-Za-z0-9][A-Za-z0-9._:-]*`, so an id is safe in a URI path, a file name and a log line.
public enum FleetIdentifier {
    /// The longest id accepted, in characters.
    public static let maximumLength = 64

    /// Whether `id` follows the rule.
    public static func isValid(_ id: String) -> Bool {
        (try? check(id, field: "id")) != nil
    }

    /// Throws `invalid_value` naming `field` unless `id` follows the rule (for path parameters
    /// such as `/nodes/{id}/health` as well as payload fields).
    public static func check(_ id: String, field: String) throws(PayloadError) {
        let bytes = id.utf8
        guard let first = bytes.first else {
            throw .invalid(field, "must not be empty")
        }
        guard bytes.count <= maximumLength else {
            throw .invalid(field, "must be at most \(maximumLength) characters long (got \(bytes.count))")
        }
        guard isAlphanumeric(first), bytes.allSatisfy(isAllowed) else {
            throw .invalid(
                field,
                "must start with a letter or digit and contain only letters, digits, '.', '_', ':' and '-' (got '\(id)')"
            )
        }
    }

    private static func isAlphanumeric(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
             UInt8(ascii: "0")...UInt8(ascii: "9"):
            true
        default:
            false
        }
    }

    private static func isAllowed(_ byte: UInt8) -> Bool {
        isAlphanumeric(byte) || byte == UInt8(ascii: ".") || byte == UInt8(ascii: "_")
            || byte == UInt8(ascii: ":") || byte == UInt8(ascii: "-")
    }
}
