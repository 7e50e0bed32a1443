import FleetModel

/// Decodes `json` through the one entry point the server uses.
func decode<T: Decodable>(_ type: T.Type, _ json: String) throws(PayloadError) -> T {
    try Payload.decode(type, from: Array(json.utf8))
}

/// The error decoding `json` gives, or nil if it decodes.
func payloadError<T: Decodable>(_ type: T.Type, _ json: String) -> PayloadError? {
    do {
        _ = try decode(type, json)
        return nil
    } catch {
        return error
    }
}

/// The error `validate()` gives, or nil if the value is valid.
func validationError(_ value: some ValidatedPayload) -> PayloadError? {
    do {
        try value.validate()
        return nil
    } catch {
        return error
    }
}

/// JSON bytes read back as a generic object, to compare keys and values.
func jsonObject(_ bytes: [UInt8]) throws -> [String: JSONValue] {
    try Payload.decode([String: JSONValue].self, from: bytes)
}

/// `value` encoded and read back as a generic object.
func encodedObject(_ value: some Encodable) throws -> [String: JSONValue] {
    try jsonObject(Payload.encode(value))
}
