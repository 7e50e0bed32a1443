/// The `Decoder` `JSONCoding.decode` hands to types: one value of the parsed tree.
struct JSONTreeDecoder: Decoder {
    let value: JSONTree
    let codingPath: [any CodingKey]
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func unwrap<T: Decodable>(_ type: T.Type) throws -> T {
        if let map = T.self as? any JSONStringKeyedDictionary.Type {
            return try map.init(members: JSONScalars.object(value, codingPath), codingPath: codingPath) as! T
        }
        return try T(from: self)
    }

    func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
        KeyedDecodingContainer(JSONKeyedDecodingContainer<Key>(object: try JSONScalars.object(value, codingPath), codingPath: codingPath))
    }

    func unkeyedContainer() throws -> any UnkeyedDecodingContainer {
        JSONUnkeyedDecodingContainer(items: try JSONScalars.array(value, codingPath), codingPath: codingPath)
    }

    func singleValueContainer() throws -> any SingleValueDecodingContainer {
        JSONSingleValueDecodingContainer(value: value, codingPath: codingPath)
    }
}

/// `[String: Value]`, built straight from an object's members, as `JSONDecoder` does, rather
/// than through `Dictionary`'s generic decoding with its key conversions.
protocol JSONStringKeyedDictionary {
    init(members object: JSONObject, codingPath: [any CodingKey]) throws
}

extension Dictionary: JSONStringKeyedDictionary where Key == String, Value: Decodable {
    init(members object: JSONObject, codingPath: [any CodingKey]) throws {
        self.init(minimumCapacity: object.keys.count)
        for (key, value) in object.members {
            self[key] = try JSONTreeDecoder(value: value, codingPath: codingPath + [JSONCodingKey(stringValue: key)]).unwrap(Value.self)
        }
    }
}

/// Reading one JSON value as a Swift type, with `JSONDecoder`'s errors.
enum JSONScalars {
    static func mismatch(_ type: Any.Type, _ value: JSONTree, _ path: @autoclosure () -> [any CodingKey]) -> DecodingError {
        .typeMismatch(type, DecodingError.Context(
            codingPath: path(), debugDescription: "Expected to decode \(type) but found \(value.kindDescription) instead."))
    }

    static func null(_ type: Any.Type, _ path: @autoclosure () -> [any CodingKey]) -> DecodingError {
        .valueNotFound(type, DecodingError.Context(
            codingPath: path(), debugDescription: "Cannot get value of type \(type) -- found null value instead"))
    }

    static func object(_ value: JSONTree, _ path: @autoclosure () -> [any CodingKey]) throws -> JSONObject {
        switch value {
        case .object(let members): return try JSONObject(members)
        case .null:
            throw DecodingError.valueNotFound([String: Any].self, DecodingError.Context(
                codingPath: path(), debugDescription: "Cannot get keyed decoding container -- found null value instead"))
        default: throw mismatch([String: Any].self, value, path())
        }
    }

    static func array(_ value: JSONTree, _ path: @autoclosure () -> [any CodingKey]) throws -> [JSONTree] {
        switch value {
        case .array(let items): return items
        case .null:
            throw DecodingError.valueNotFound([Any].self, DecodingError.Context(
                codingPath: path(), debugDescription: "Cannot get unkeyed decoding container -- found null value instead"))
        default: throw mismatch([Any].self, value, path())
        }
    }

    static func bool(_ value: JSONTree, _ path: @autoclosure () -> [any CodingKey]) throws -> Bool {
        switch value {
        case .bool(let flag): return flag
        // `JSONDecoder` reports null for a Bool as a type mismatch, not a missing value.
        default: throw mismatch(Bool.self, value, path())
        }
    }

    static func string(_ value: JSONTree, _ path: @autoclosure () -> [any CodingKey]) throws -> String {
        switch value {
        case .string(let raw): return try JSONParser.string(from: raw)
        case .null: throw null(String.self, path())
        default: throw mismatch(String.self, value, path())
        }
    }

    private static func numberText<T>(_ value: JSONTree, _ type: T.Type, _ path: @autoclosure () -> [any CodingKey]) throws -> String {
        switch value {
        case .number(let raw): return try JSONParser.checkedNumber(raw)
        case .null: throw null(T.self, path())
        default: throw mismatch(T.self, value, path())
        }
    }

    /// A number the type cannot hold: `JSONDecoder` reports it as invalid JSON (empty path).
    private static func unrepresentable(_ text: String, _ type: Any.Type) -> DecodingError {
        JSONParser.corrupted(JSONSyntaxError(message: "number \(text) does not fit in \(type)", offset: 0))
    }

    static func floatingPoint<F: BinaryFloatingPoint & LosslessStringConvertible>(
        _ value: JSONTree, _ path: @autoclosure () -> [any CodingKey]
    ) throws -> F {
        let text = try numberText(value, F.self, path())
        guard let number = F(text), number.isFinite else { throw unrepresentable(text, F.self) }
        // Underflow to zero from a non-zero literal is refused, as with `JSONDecoder`.
        if number == 0, text.utf8.prefix(while: { $0 != UInt8(ascii: "e") && $0 != UInt8(ascii: "E") })
            .contains(where: { $0 >= UInt8(ascii: "1") && $0 <= UInt8(ascii: "9") }) {
            throw unrepresentable(text, F.self)
        }
        return number
    }

    static func integer<I: FixedWidthInteger>(_ value: JSONTree, _ path: @autoclosure () -> [any CodingKey]) throws -> I {
        let text = try numberText(value, I.self, path())
        if let integer = I(text) { return integer }
        if text == "-0" { return 0 }
        // As `JSONDecoder` does: through Double first (refusing what rounds out of range), and
        // exactly through the decimal digits beyond 2^53.
        if let double = Double(text) {
            guard let integer = I(exactly: double) else { throw unrepresentable(text, I.self) }
            if double.magnitude < 9_007_199_254_740_992 { return integer }
        }
        guard let integer: I = exactInteger(text) else { throw unrepresentable(text, I.self) }
        return integer
    }

    /// `text` (a valid JSON number) as an integer when it is exactly one, e.g. "1.50e1".
    private static func exactInteger<I: FixedWidthInteger>(_ text: String) -> I? {
        var negative = false
        var digits: [UInt8] = []
        var fractionDigits = 0
        var exponent = 0
        var exponentNegative = false
        var part = 0  // 0: integer, 1: fraction, 2: exponent
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "-"):
                if part == 2 { exponentNegative = true } else { negative = true }
            case UInt8(ascii: "+"):
                break
            case UInt8(ascii: "."):
                part = 1
            case UInt8(ascii: "e"), UInt8(ascii: "E"):
                part = 2
            default:
                let digit = Int(byte - UInt8(ascii: "0"))
                if part == 2 {
                    exponent = min(exponent * 10 + digit, 10_000)
                } else {
                    if part == 1 { fractionDigits += 1 }
                    if !(digits.isEmpty && digit == 0) { digits.append(byte) }
                }
            }
        }
        var scale = (exponentNegative ? -exponent : exponent) - fractionDigits
        while scale < 0, let last = digits.last {
            guard last == UInt8(ascii: "0") else { return nil }
            digits.removeLast()
            scale += 1
        }
        if digits.isEmpty { return 0 }
        guard scale >= 0 else { return nil }
        guard digits.count + scale <= 40 else { return nil }
        digits.append(contentsOf: repeatElement(UInt8(ascii: "0"), count: scale))
        // The magnitude must fit on its own (so Int.min written with a fraction is refused,
        // as with `JSONDecoder`).
        guard let magnitude = I(String(decoding: digits, as: UTF8.self)) else { return nil }
        guard negative else { return magnitude }
        guard I.isSigned || magnitude == 0 else { return nil }
        return 0 - magnitude
    }
}

struct JSONKeyedDecodingContainer<Key: CodingKey>: KeyedDecodingContainerProtocol {
    let object: JSONObject
    let codingPath: [any CodingKey]

    var allKeys: [Key] { object.keys.compactMap { Key(stringValue: $0) } }

    func contains(_ key: Key) -> Bool { object[key.stringValue] != nil }

    private func value(_ key: Key) throws -> JSONTree {
        guard let value = object[key.stringValue] else {
            throw DecodingError.keyNotFound(key, DecodingError.Context(
                codingPath: codingPath, debugDescription: "No value associated with key \(key) (\"\(key.stringValue)\")."))
        }
        return value
    }

    private func path(_ key: Key) -> [any CodingKey] { codingPath + [key] }

    func decodeNil(forKey key: Key) throws -> Bool {
        if case .null = try value(key) { return true }
        return false
    }

    func decode(_ type: Bool.Type, forKey key: Key) throws -> Bool { try JSONScalars.bool(value(key), path(key)) }
    func decode(_ type: String.Type, forKey key: Key) throws -> String { try JSONScalars.string(value(key), path(key)) }
    func decode(_ type: Double.Type, forKey key: Key) throws -> Double { try JSONScalars.floatingPoint(value(key), path(key)) }
    func decode(_ type: Float.Type, forKey key: Key) throws -> Float { try JSONScalars.floatingPoint(value(key), path(key)) }
    func decode(_ type: Int.Type, forKey key: Key) throws -> Int { try JSONScalars.integer(value(key), path(key)) }
    func decode(_ type: Int8.Type, forKey key: Key) throws -> Int8 { try JSONScalars.integer(value(key), path(key)) }
    func decode(_ type: Int16.Type, forKey key: Key) throws -> Int16 { try JSONScalars.integer(value(key), path(key)) }
    func decode(_ type: Int32.Type, forKey key: Key) throws -> Int32 { try JSONScalars.integer(value(key), path(key)) }
    func decode(_ type: Int64.Type, forKey key: Key) throws -> Int64 { try JSONScalars.integer(value(key), path(key)) }
    func decode(_ type: UInt.Type, forKey key: Key) throws -> UInt { try JSONScalars.integer(value(key), path(key)) }
    func decode(_ type: UInt8.Type, forKey key: Key) throws -> UInt8 { try JSONScalars.integer(value(key), path(key)) }
    func decode(_ type: UInt16.Type, forKey key: Key) throws -> UInt16 { try JSONScalars.integer(value(key), path(key)) }
    func decode(_ type: UInt32.Type, forKey key: Key) throws -> UInt32 { try JSONScalars.integer(value(key), path(key)) }
    func decode(_ type: UInt64.Type, forKey key: Key) throws -> UInt64 { try JSONScalars.integer(value(key), path(key)) }

    func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T {
        try JSONTreeDecoder(value: value(key), codingPath: path(key)).unwrap(type)
    }

    func nestedContainer<NestedKey: CodingKey>(
        keyedBy type: NestedKey.Type, forKey key: Key
    ) throws -> KeyedDecodingContainer<NestedKey> {
        try JSONTreeDecoder(value: value(key), codingPath: path(key)).container(keyedBy: type)
    }

    func nestedUnkeyedContainer(forKey key: Key) throws -> any UnkeyedDecodingContainer {
        try JSONTreeDecoder(value: value(key), codingPath: path(key)).unkeyedContainer()
    }

    func superDecoder() throws -> any Decoder {
        JSONTreeDecoder(
            value: object[JSONCodingKey.superKey.stringValue] ?? .null, codingPath: codingPath + [JSONCodingKey.superKey])
    }

    func superDecoder(forKey key: Key) throws -> any Decoder {
        JSONTreeDecoder(value: object[key.stringValue] ?? .null, codingPath: path(key))
    }
}

struct JSONUnkeyedDecodingContainer: UnkeyedDecodingContainer {
    let items: [JSONTree]
    let codingPath: [any CodingKey]
    private(set) var currentIndex = 0

    init(items: [JSONTree], codingPath: [any CodingKey]) {
        self.items = items
        self.codingPath = codingPath
    }

    var count: Int? { items.count }
    var isAtEnd: Bool { currentIndex >= items.count }

    /// Reads the next element with `read`, moving on only when it succeeds.
    private mutating func next<T>(_ type: T.Type, _ read: (JSONTree, [any CodingKey]) throws -> T) throws -> T {
        let path = codingPath + [JSONCodingKey(index: currentIndex)]
        guard !isAtEnd else {
            throw DecodingError.valueNotFound(type, DecodingError.Context(codingPath: path, debugDescription: "Unkeyed container is at end."))
        }
        let result = try read(items[currentIndex], path)
        currentIndex += 1
        return result
    }

    mutating func decodeNil() throws -> Bool {
        guard !isAtEnd else {
            throw DecodingError.valueNotFound(Any?.self, DecodingError.Context(
                codingPath: codingPath + [JSONCodingKey(index: currentIndex)], debugDescription: "Unkeyed container is at end."))
        }
        if case .null = items[currentIndex] {
            currentIndex += 1
            return true
        }
        return false
    }

    mutating func decode(_ type: Bool.Type) throws -> Bool { try next(type) { try JSONScalars.bool($0, $1) } }
    mutating func decode(_ type: String.Type) throws -> String { try next(type) { try JSONScalars.string($0, $1) } }
    mutating func decode(_ type: Double.Type) throws -> Double { try next(type) { try JSONScalars.floatingPoint($0, $1) } }
    mutating func decode(_ type: Float.Type) throws -> Float { try next(type) { try JSONScalars.floatingPoint($0, $1) } }
    mutating func decode(_ type: Int.Type) throws -> Int { try next(type) { try JSONScalars.integer($0, $1) } }
    mutating func decode(_ type: Int8.Type) throws -> Int8 { try next(type) { try JSONScalars.integer($0, $1) } }
    mutating func decode(_ type: Int16.Type) throws -> Int16 { try next(type) { try JSONScalars.integer($0, $1) } }
    mutating func decode(_ type: Int32.Type) throws -> Int32 { try next(type) { try JSONScalars.integer($0, $1) } }
    mutating func decode(_ type: Int64.Type) throws -> Int64 { try next(type) { try JSONScalars.integer($0, $1) } }
    mutating func decode(_ type: UInt.Type) throws -> UInt { try next(type) { try JSONScalars.integer($0, $1) } }
    mutating func decode(_ type: UInt8.Type) throws -> UInt8 { try next(type) { try JSONScalars.integer($0, $1) } }
    mutating func decode(_ type: UInt16.Type) throws -> UInt16 { try next(type) { try JSONScalars.integer($0, $1) } }
    mutating func decode(_ type: UInt32.Type) throws -> UInt32 { try next(type) { try JSONScalars.integer($0, $1) } }
    mutating func decode(_ type: UInt64.Type) throws -> UInt64 { try next(type) { try JSONScalars.integer($0, $1) } }

    mutating func decode<T: Decodable>(_ type: T.Type) throws -> T {
        try next(type) { try JSONTreeDecoder(value: $0, codingPath: $1).unwrap(type) }
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type) throws -> KeyedDecodingContainer<NestedKey> {
        try next(KeyedDecodingContainer<NestedKey>.self) { try JSONTreeDecoder(value: $0, codingPath: $1).container(keyedBy: type) }
    }

    mutating func nestedUnkeyedContainer() throws -> any UnkeyedDecodingContainer {
        try next((any UnkeyedDecodingContainer).self) { try JSONTreeDecoder(value: $0, codingPath: $1).unkeyedContainer() }
    }

    mutating func superDecoder() throws -> any Decoder {
        try next((any Decoder).self) { JSONTreeDecoder(value: $0, codingPath: $1) }
    }
}

struct JSONSingleValueDecodingContainer: SingleValueDecodingContainer {
    let value: JSONTree
    let codingPath: [any CodingKey]

    func decodeNil() -> Bool {
        if case .null = value { return true }
        return false
    }

    func decode(_ type: Bool.Type) throws -> Bool { try JSONScalars.bool(value, codingPath) }
    func decode(_ type: String.Type) throws -> String { try JSONScalars.string(value, codingPath) }
    func decode(_ type: Double.Type) throws -> Double { try JSONScalars.floatingPoint(value, codingPath) }
    func decode(_ type: Float.Type) throws -> Float { try JSONScalars.floatingPoint(value, codingPath) }
    func decode(_ type: Int.Type) throws -> Int { try JSONScalars.integer(value, codingPath) }
    func decode(_ type: Int8.Type) throws -> Int8 { try JSONScalars.integer(value, codingPath) }
    func decode(_ type: Int16.Type) throws -> Int16 { try JSONScalars.integer(value, codingPath) }
    func decode(_ type: Int32.Type) throws -> Int32 { try JSONScalars.integer(value, codingPath) }
    func decode(_ type: Int64.Type) throws -> Int64 { try JSONScalars.integer(value, codingPath) }
    func decode(_ type: UInt.Type) throws -> UInt { try JSONScalars.integer(value, codingPath) }
    func decode(_ type: UInt8.Type) throws -> UInt8 { try JSONScalars.integer(value, codingPath) }
    func decode(_ type: UInt16.Type) throws -> UInt16 { try JSONScalars.integer(value, codingPath) }
    func decode(_ type: UInt32.Type) throws -> UInt32 { try JSONScalars.integer(value, codingPath) }
    func decode(_ type: UInt64.Type) throws -> UInt64 { try JSONScalars.integer(value, codingPath) }

    func decode<T: Decodable>(_ type: T.Type) throws -> T {
        try JSONTreeDecoder(value: value, codingPath: codingPath).unwrap(type)
    }
}
