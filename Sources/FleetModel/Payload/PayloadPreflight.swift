/// The cheap checks made on raw bytes before any decoding: size, a JSON object at the top
/// level, and a bounded nesting depth (so a hostile payload cannot exhaust the stack).
enum PayloadPreflight {
    /// Throws unless `bytes` are at most `sizeLimit` long, start with `{` (after whitespace)
    /// and nest objects and arrays at most `depthLimit` deep.
    static func check(_ bytes: [UInt8], sizeLimit: Int, depthLimit: Int) throws(PayloadError) {
        guard bytes.count <= sizeLimit else {
            throw PayloadError(.tooLarge, "the payload is \(bytes.count) bytes long; the limit is \(sizeLimit)")
        }
        guard let first = bytes.first(where: { !isWhitespace($0) }) else {
            throw PayloadError(.invalidJSON, "the payload is empty; a JSON object was expected")
        }
        try checkDepth(bytes, limit: depthLimit)
        guard first == UInt8(ascii: "{") else {
            // Only valid JSON of another kind is a wrong type; anything else is not JSON at all.
            guard let value = try? JSONCoding.decode(JSONValue.self, from: bytes) else {
                throw PayloadError(.invalidJSON, "the payload is not valid JSON")
            }
            throw PayloadError(.wrongType, "the payload must be a JSON object, not \(kind(of: value))")
        }
    }

    /// Counts open brackets outside strings; throws as soon as the count passes `limit`.
    private static func checkDepth(_ bytes: [UInt8], limit: Int) throws(PayloadError) {
        var depth = 0
        var inString = false
        var escaped = false
        for byte in bytes {
            if inString {
                if escaped {
                    escaped = false
                } else if byte == UInt8(ascii: "\\") {
                    escaped = true
                } else if byte == UInt8(ascii: "\"") {
                    inString = false
                }
                continue
            }
            switch byte {
            case UInt8(ascii: "\""):
                inString = true
            case UInt8(ascii: "{"), UInt8(ascii: "["):
                depth += 1
                if depth > limit {
                    throw PayloadError(.tooLarge, "the payload nests objects and arrays deeper than \(limit) levels")
                }
            case UInt8(ascii: "}"), UInt8(ascii: "]"):
                depth -= 1
            default:
                break
            }
        }
    }

    private static func isWhitespace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09
    }

    /// Names the kind of a JSON value that is not an object.
    private static func kind(of value: JSONValue) -> String {
        switch value {
        case .array: "an array"
        case .string: "a string"
        case .number: "a number"
        case .bool: "a boolean"
        case .null: "null"
        case .object: "an object"
        }
    }
}
