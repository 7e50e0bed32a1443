import FleetModel
import FoundationEssentials

/// Reading answers as plain JSON, by the wire's own field names, so the tests check the
/// contract's spelling rather than the model's `CodingKeys`.
extension JSONValue {
    /// Parses bytes that must be a JSON document.
    static func parse(_ bytes: [UInt8]) throws -> JSONValue {
        try JSONDecoder().decode(JSONValue.self, from: Data(bytes))
    }

    subscript(key: String) -> JSONValue? {
        if case .object(let object) = self { return object[key] }
        return nil
    }

    subscript(index: Int) -> JSONValue? {
        if case .array(let array) = self, array.indices.contains(index) { return array[index] }
        return nil
    }

    var string: String? {
        if case .string(let value) = self { return value }
        return nil
    }

    var number: Double? {
        if case .number(let value) = self { return value }
        return nil
    }

    var int: Int? { number.flatMap { Int(exactly: $0) } }

    var bool: Bool? {
        if case .bool(let value) = self { return value }
        return nil
    }

    var array: [JSONValue]? {
        if case .array(let value) = self { return value }
        return nil
    }

    var object: [String: JSONValue]? {
        if case .object(let value) = self { return value }
        return nil
    }

    var keys: Set<String> { Set(object?.keys.map { $0 } ?? []) }
}

extension Optional where Wrapped == JSONValue {
    subscript(key: String) -> JSONValue? { self?[key] }
    subscript(index: Int) -> JSONValue? { self?[index] }
    var string: String? { self?.string }
    var number: Double? { self?.number }
    var int: Int? { self?.int }
    var bool: Bool? { self?.bool }
    var array: [JSONValue]? { self?.array }
    var object: [String: JSONValue]? { self?.object }
}
