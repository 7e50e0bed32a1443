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
        guard first == UInt8(ascii: "{") else {
            if let kind = topLevelKind(startingWith: first) {
                throw PayloadError(.wrongType, "the payload must be a JSON object, not \(kind)")
            }
            throw PayloadError(.invalidJSON, "the payload is not valid JSON")
        }
        try checkDepth(bytes, limit: depthLimit)
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

    /// Names the JSON value a non-object payload starts with, or nil if it is no JSON value.
    private static func topLevelKind(startingWith byte: UInt8) -> String? {
        switch byte {
        case UInt8(ascii: "["): "an array"
        case UInt8(ascii: "\""): "a string"
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): "a number"
        case UInt8(ascii: "t"), UInt8(ascii: "f"): "a boolean"
        case UInt8(ascii: "n"): "null"
        default: nil
        }
    }
}
