@testable import FleetModel
import FoundationEssentials
import Testing

/// Helpers the JSONCoding tests share: Foundation's coder set up the way `Payload` sets it up,
/// and the comparisons of bytes and errors.
enum JSONCodingComparison {
    static func foundationEncode(_ value: some Encodable) throws -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return Array(try encoder.encode(value))
    }

    /// What `Payload.decode` makes of an error thrown while decoding.
    static func payloadError(from error: any Error) -> PayloadError {
        if let error = error as? PayloadError { return error }
        if let error = error as? DecodingError { return PayloadError(error) }
        return PayloadError(.invalidJSON, "the payload could not be decoded: \(error)")
    }

    /// The parts of a `DecodingError` that must agree: case, type, key and coding path.
    static func signature(of error: any Error) -> String {
        guard let error = error as? DecodingError else { return "not a DecodingError: \(error)" }
        func path(_ codingPath: [any CodingKey]) -> String {
            codingPath.map { "\($0.stringValue)/\($0.intValue.map(String.init) ?? "-")" }.joined(separator: ",")
        }
        switch error {
        case .typeMismatch(let type, let context):
            return "typeMismatch(\(type)) at [\(path(context.codingPath))]: \(context.debugDescription)"
        case .valueNotFound(let type, let context):
            return "valueNotFound(\(type)) at [\(path(context.codingPath))]: \(context.debugDescription)"
        case .keyNotFound(let key, let context):
            return "keyNotFound(\(key.stringValue)) at [\(path(context.codingPath))]: \(context.debugDescription)"
        case .dataCorrupted(let context):
            // Only the path matters here; the description of bad JSON differs in its details.
            let description = context.codingPath.isEmpty ? "" : ": \(context.debugDescription)"
            return "dataCorrupted at [\(path(context.codingPath))]\(description)"
        @unknown default:
            return "\(error)"
        }
    }

    /// Encodes `value` both ways and expects the same bytes; then decodes those bytes back
    /// with `JSONCoding` and expects `value`.
    static func expectSameEncoding<T: Codable & Equatable>(
        _ value: T, sourceLocation: SourceLocation = #_sourceLocation
    ) throws {
        let expected = try foundationEncode(value)
        let actual = try JSONCoding.encode(value)
        #expect(
            String(decoding: actual, as: UTF8.self) == String(decoding: expected, as: UTF8.self),
            sourceLocation: sourceLocation)
        #expect(actual == expected, sourceLocation: sourceLocation)
        let decoded = try JSONCoding.decode(T.self, from: expected)
        #expect(decoded == value, sourceLocation: sourceLocation)
    }

    /// Decodes `json` both ways and expects the same value, or errors that map to the same
    /// `PayloadError` (and agree in case, type and path).
    static func expectSameDecoding<T: Decodable & Equatable>(
        _ type: T.Type, _ json: [UInt8], sourceLocation: SourceLocation = #_sourceLocation
    ) {
        let expected = Result { try JSONDecoder().decode(type, from: Data(json)) }
        let actual = Result { try JSONCoding.decode(type, from: json) }
        switch (expected, actual) {
        case (.success(let expected), .success(let actual)):
            #expect(actual == expected, sourceLocation: sourceLocation)
        case (.failure(let expected), .failure(let actual)):
            #expect(payloadError(from: actual) == payloadError(from: expected), sourceLocation: sourceLocation)
            #expect(signature(of: actual) == signature(of: expected), sourceLocation: sourceLocation)
        case (.success(let expected), .failure(let actual)):
            Issue.record("Foundation decoded \(expected) but JSONCoding threw \(actual)", sourceLocation: sourceLocation)
        case (.failure(let expected), .success(let actual)):
            Issue.record("Foundation threw \(expected) but JSONCoding decoded \(actual)", sourceLocation: sourceLocation)
        }
    }

    static func expectSameDecoding<T: Decodable & Equatable>(
        _ type: T.Type, _ json: String, sourceLocation: SourceLocation = #_sourceLocation
    ) {
        expectSameDecoding(type, Array(json.utf8), sourceLocation: sourceLocation)
    }
}
