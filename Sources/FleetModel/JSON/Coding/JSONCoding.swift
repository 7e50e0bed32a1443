/// A small JSON coder on the Swift standard library alone, for processes that must stay small
/// in memory (the node agent): FoundationEssentials' `JSONEncoder` and `JSONDecoder` add
/// megabytes of resident memory the first time they run.
///
/// ``encode(_:)`` writes exactly the bytes `JSONEncoder` writes with
/// `outputFormatting = [.sortedKeys, .withoutEscapingSlashes]` and default strategies (what
/// ``Payload/encode(_:)`` uses). ``decode(_:from:)`` accepts what `JSONDecoder` accepts and
/// throws the same `DecodingError` cases with the same coding paths, so
/// `PayloadError(DecodingError)` gives the same code and detail.
public enum JSONCoding {
    /// Encodes `value` as compact JSON with keys sorted by their UTF-8 bytes.
    ///
    /// - Throws: `EncodingError.invalidValue` for a non-finite number or a value that encodes
    ///   nothing at the top level.
    public static func encode<T: Encodable>(_ value: T) throws -> [UInt8] {
        let node = try JSONEncodingNode.encodeTopLevel(value)
        var writer = JSONWriter()
        writer.write(node)
        return writer.bytes
    }

    /// Decodes a `T` from JSON bytes.
    ///
    /// - Throws: `DecodingError.dataCorrupted` with an empty coding path for bytes that are
    ///   not JSON (or a number the type cannot hold), and `typeMismatch`, `valueNotFound` or
    ///   `keyNotFound` naming the field otherwise.
    public static func decode<T: Decodable>(_ type: T.Type, from bytes: [UInt8]) throws -> T {
        let tree = try JSONParser.parse(bytes)
        return try JSONTreeDecoder(value: tree, codingPath: []).unwrap(type)
    }
}

/// A coding key for array positions and free-form keys, spelled as Foundation spells them.
struct JSONCodingKey: CodingKey {
    let stringValue: String
    let intValue: Int?

    init(stringValue: String) {
        self.stringValue = stringValue
        intValue = nil
    }

    init(intValue: Int) {
        stringValue = "\(intValue)"
        self.intValue = intValue
    }

    init(index: Int) {
        stringValue = "Index \(index)"
        intValue = index
    }

    static let superKey = JSONCodingKey(stringValue: "super")
}
