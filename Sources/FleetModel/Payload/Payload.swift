/// The one way in and out of JSON for fleet payloads, through ``JSONCoding`` (the standard
/// library alone: the node agent must stay small).
///
/// ``decode(_:from:sizeLimit:)`` refuses oversized, non-object and deeply nested payloads
/// before decoding, maps every decoding failure to a ``PayloadError`` that names the field, and
/// then runs ``ValidatedPayload/validate()`` when the type has rules. Unknown fields are
/// ignored, so newer peers can add fields without breaking older ones.
public enum Payload {
    /// The default largest payload accepted, in bytes (64 KiB).
    public static let defaultSizeLimit = 64 * 1024
    /// The deepest nesting of objects and arrays accepted; the top-level object is level 1.
    public static let maximumDepth = 32

    /// Decodes a `T` from JSON bytes and validates it.
    ///
    /// - Throws: ``PayloadError`` with `too_large`, `invalid_json`, `wrong_type` (also for a
    ///   top level that is not an object), `missing_field`, `invalid_value` or `unknown_action`.
    public static func decode<T: Decodable>(
        _ type: T.Type, from bytes: [UInt8], sizeLimit: Int = defaultSizeLimit
    ) throws(PayloadError) -> T {
        try PayloadPreflight.check(bytes, sizeLimit: sizeLimit, depthLimit: maximumDepth)
        let value: T
        do {
            value = try JSONCoding.decode(type, from: bytes)
        } catch let error as PayloadError {
            throw error
        } catch let error as DecodingError {
            throw PayloadError(error)
        } catch {
            throw PayloadError(.invalidJSON, "the payload could not be decoded: \(error)")
        }
        if let validated = value as? any ValidatedPayload {
            try validated.validate()
        }
        return value
    }

    /// Encodes `value` as compact JSON with sorted keys.
    ///
    /// - Throws: ``PayloadError`` with `invalid_value` if the value holds something JSON cannot
    ///   express (a non-finite number).
    public static func encode(_ value: some Encodable) throws(PayloadError) -> [UInt8] {
        do {
            return try JSONCoding.encode(value)
        } catch {
            throw PayloadError(.invalidValue, "the value cannot be written as JSON: \(error)")
        }
    }
}
