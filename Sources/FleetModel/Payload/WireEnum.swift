/// A closed set of strings on the wire, decoded with an error that lists the allowed values.
protocol WireEnum: RawRepresentable<String>, CaseIterable {}

extension WireEnum {
    /// The allowed values, comma-separated, for error details.
    static var allowedValues: String { allCases.map(\.rawValue).joined(separator: ", ") }

    /// The value `text` stands for; anything else throws `unknownCode` with a detail naming
    /// `field` and listing the allowed values.
    static func parse(_ text: String, field: String, unknownCode: PayloadError.Code) throws(PayloadError) -> Self {
        guard let value = Self(rawValue: text) else {
            throw PayloadError(unknownCode, "field '\(field)' must be one of: \(allowedValues) (got '\(text)')")
        }
        return value
    }

    /// Decodes one of the allowed strings; anything else is `invalid_value`.
    init(wireValueFrom decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        self = try Self.parse(text, field: FieldPath.string(decoder.codingPath), unknownCode: .invalidValue)
    }
}

extension KeyedDecodingContainer {
    /// Decodes the `action` field (or any such selector) as one of `type`'s values; an unknown
    /// one is `unknown_action`.
    func decodeAction<Action: WireEnum>(_ type: Action.Type, forKey key: Key) throws -> Action {
        let text = try decode(String.self, forKey: key)
        return try Action.parse(text, field: FieldPath.string(codingPath, key), unknownCode: .unknownAction)
    }
}
