extension KeyedDecodingContainer {
    /// Decodes a whole number, refusing fractions with a `wrong_type` that names the field
    /// (`JSONDecoder` itself reports them as malformed JSON).
    func decodeInteger(forKey key: Key) throws -> Int {
        let number = try decode(Double.self, forKey: key)
        guard let integer = Int(exactly: number) else {
            throw PayloadError(.wrongType, "field '\(FieldPath.string(codingPath, key))' must be a whole number (got \(number))")
        }
        return integer
    }

    /// Decodes a whole number if the key is present and not null.
    func decodeIntegerIfPresent(forKey key: Key) throws -> Int? {
        guard contains(key), try !decodeNil(forKey: key) else { return nil }
        return try decodeInteger(forKey: key)
    }
}
