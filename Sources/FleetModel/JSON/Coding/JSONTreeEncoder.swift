/// One value of the tree `JSONCoding.encode` builds before writing; a class so containers can
/// keep filling a node after handing it out (nested containers, super encoders).
final class JSONEncodingNode {
    enum Scalar {
        case null
        case bool(Bool)
        case number(String)
        case string(String)
    }

    enum Kind {
        /// Nothing encoded (yet); written as `{}` like `JSONEncoder` does.
        case empty
        case scalar
        case array
        case object
    }

    private(set) var kind = Kind.empty
    private(set) var scalar = Scalar.null
    private(set) var items: [JSONEncodingNode] = []
    private(set) var members: [String: JSONEncodingNode] = [:]

    init() {}

    init(_ scalar: Scalar) {
        kind = .scalar
        self.scalar = scalar
    }

    func set(_ scalar: Scalar) {
        kind = .scalar
        self.scalar = scalar
        items = []
        members = [:]
    }

    func becomeObject() {
        guard kind != .object else { return }
        kind = .object
        items = []
    }

    func becomeArray() {
        guard kind != .array else { return }
        kind = .array
        members = [:]
    }

    func append(_ node: JSONEncodingNode) {
        items.append(node)
    }

    func set(_ node: JSONEncodingNode, for key: String) {
        members[key] = node
    }

    /// The node at `key`, made an object (or array) if it is not one already.
    func child(for key: String) -> JSONEncodingNode {
        if let existing = members[key] { return existing }
        let node = JSONEncodingNode()
        members[key] = node
        return node
    }

    static func encodeTopLevel<T: Encodable>(_ value: T) throws -> JSONEncodingNode {
        let node = try encode(value, codingPath: [])
        if node.kind == .empty {
            throw EncodingError.invalidValue(
                value, EncodingError.Context(codingPath: [], debugDescription: "Top-level \(T.self) did not encode any values."))
        }
        return node
    }

    static func encode<T: Encodable>(_ value: T, codingPath: [any CodingKey]) throws -> JSONEncodingNode {
        let node = JSONEncodingNode()
        try value.encode(to: JSONTreeEncoder(node: node, codingPath: codingPath))
        return node
    }

    static func number<F: BinaryFloatingPoint & CustomStringConvertible>(
        _ value: F, codingPath: [any CodingKey]
    ) throws -> Scalar {
        guard value.isFinite else {
            throw EncodingError.invalidValue(value, EncodingError.Context(
                codingPath: codingPath,
                debugDescription: "Unable to encode \(F.self).\(value) directly in JSON."
            ))
        }
        var text = value.description
        if text.hasSuffix(".0") {
            text.removeLast(2)
        }
        return .number(text)
    }
}

/// The `Encoder` `JSONCoding.encode` hands to values: it fills one node.
final class JSONTreeEncoder: Encoder {
    let node: JSONEncodingNode
    let codingPath: [any CodingKey]
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    init(node: JSONEncodingNode, codingPath: [any CodingKey]) {
        self.node = node
        self.codingPath = codingPath
    }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        node.becomeObject()
        return KeyedEncodingContainer(JSONKeyedEncodingContainer<Key>(node: node, codingPath: codingPath))
    }

    func unkeyedContainer() -> any UnkeyedEncodingContainer {
        node.becomeArray()
        return JSONUnkeyedEncodingContainer(node: node, codingPath: codingPath)
    }

    func singleValueContainer() -> any SingleValueEncodingContainer {
        JSONSingleValueEncodingContainer(node: node, codingPath: codingPath)
    }
}

struct JSONKeyedEncodingContainer<Key: CodingKey>: KeyedEncodingContainerProtocol {
    let node: JSONEncodingNode
    let codingPath: [any CodingKey]

    private func set(_ scalar: JSONEncodingNode.Scalar, _ key: Key) {
        node.set(JSONEncodingNode(scalar), for: key.stringValue)
    }

    mutating func encodeNil(forKey key: Key) throws { set(.null, key) }
    mutating func encode(_ value: Bool, forKey key: Key) throws { set(.bool(value), key) }
    mutating func encode(_ value: String, forKey key: Key) throws { set(.string(value), key) }
    mutating func encode(_ value: Double, forKey key: Key) throws {
        set(try JSONEncodingNode.number(value, codingPath: codingPath + [key]), key)
    }
    mutating func encode(_ value: Float, forKey key: Key) throws {
        set(try JSONEncodingNode.number(value, codingPath: codingPath + [key]), key)
    }
    mutating func encode(_ value: Int, forKey key: Key) throws { set(.number(String(value)), key) }
    mutating func encode(_ value: Int8, forKey key: Key) throws { set(.number(String(value)), key) }
    mutating func encode(_ value: Int16, forKey key: Key) throws { set(.number(String(value)), key) }
    mutating func encode(_ value: Int32, forKey key: Key) throws { set(.number(String(value)), key) }
    mutating func encode(_ value: Int64, forKey key: Key) throws { set(.number(String(value)), key) }
    mutating func encode(_ value: UInt, forKey key: Key) throws { set(.number(String(value)), key) }
    mutating func encode(_ value: UInt8, forKey key: Key) throws { set(.number(String(value)), key) }
    mutating func encode(_ value: UInt16, forKey key: Key) throws { set(.number(String(value)), key) }
    mutating func encode(_ value: UInt32, forKey key: Key) throws { set(.number(String(value)), key) }
    mutating func encode(_ value: UInt64, forKey key: Key) throws { set(.number(String(value)), key) }

    mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws {
        node.set(try JSONEncodingNode.encode(value, codingPath: codingPath + [key]), for: key.stringValue)
    }

    mutating func nestedContainer<NestedKey: CodingKey>(
        keyedBy keyType: NestedKey.Type, forKey key: Key
    ) -> KeyedEncodingContainer<NestedKey> {
        let child = node.child(for: key.stringValue)
        child.becomeObject()
        return KeyedEncodingContainer(JSONKeyedEncodingContainer<NestedKey>(node: child, codingPath: codingPath + [key]))
    }

    mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
        let child = node.child(for: key.stringValue)
        child.becomeArray()
        return JSONUnkeyedEncodingContainer(node: child, codingPath: codingPath + [key])
    }

    mutating func superEncoder() -> any Encoder {
        let child = JSONEncodingNode()
        node.set(child, for: JSONCodingKey.superKey.stringValue)
        return JSONTreeEncoder(node: child, codingPath: codingPath + [JSONCodingKey.superKey])
    }

    mutating func superEncoder(forKey key: Key) -> any Encoder {
        let child = JSONEncodingNode()
        node.set(child, for: key.stringValue)
        return JSONTreeEncoder(node: child, codingPath: codingPath + [key])
    }
}

struct JSONUnkeyedEncodingContainer: UnkeyedEncodingContainer {
    let node: JSONEncodingNode
    let codingPath: [any CodingKey]
    var count: Int { node.items.count }

    private var nextKey: JSONCodingKey { JSONCodingKey(index: node.items.count) }

    private func append(_ scalar: JSONEncodingNode.Scalar) {
        node.append(JSONEncodingNode(scalar))
    }

    mutating func encodeNil() throws { append(.null) }
    mutating func encode(_ value: Bool) throws { append(.bool(value)) }
    mutating func encode(_ value: String) throws { append(.string(value)) }
    mutating func encode(_ value: Double) throws {
        append(try JSONEncodingNode.number(value, codingPath: codingPath + [nextKey]))
    }
    mutating func encode(_ value: Float) throws {
        append(try JSONEncodingNode.number(value, codingPath: codingPath + [nextKey]))
    }
    mutating func encode(_ value: Int) throws { append(.number(String(value))) }
    mutating func encode(_ value: Int8) throws { append(.number(String(value))) }
    mutating func encode(_ value: Int16) throws { append(.number(String(value))) }
    mutating func encode(_ value: Int32) throws { append(.number(String(value))) }
    mutating func encode(_ value: Int64) throws { append(.number(String(value))) }
    mutating func encode(_ value: UInt) throws { append(.number(String(value))) }
    mutating func encode(_ value: UInt8) throws { append(.number(String(value))) }
    mutating func encode(_ value: UInt16) throws { append(.number(String(value))) }
    mutating func encode(_ value: UInt32) throws { append(.number(String(value))) }
    mutating func encode(_ value: UInt64) throws { append(.number(String(value))) }

    mutating func encode<T: Encodable>(_ value: T) throws {
        node.append(try JSONEncodingNode.encode(value, codingPath: codingPath + [nextKey]))
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type) -> KeyedEncodingContainer<NestedKey> {
        let key = nextKey
        let child = JSONEncodingNode()
        child.becomeObject()
        node.append(child)
        return KeyedEncodingContainer(JSONKeyedEncodingContainer<NestedKey>(node: child, codingPath: codingPath + [key]))
    }

    mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
        let key = nextKey
        let child = JSONEncodingNode()
        child.becomeArray()
        node.append(child)
        return JSONUnkeyedEncodingContainer(node: child, codingPath: codingPath + [key])
    }

    mutating func superEncoder() -> any Encoder {
        let key = nextKey
        let child = JSONEncodingNode()
        node.append(child)
        return JSONTreeEncoder(node: child, codingPath: codingPath + [key])
    }
}

struct JSONSingleValueEncodingContainer: SingleValueEncodingContainer {
    let node: JSONEncodingNode
    let codingPath: [any CodingKey]

    private func set(_ scalar: JSONEncodingNode.Scalar) {
        node.set(scalar)
    }

    mutating func encodeNil() throws { set(.null) }
    mutating func encode(_ value: Bool) throws { set(.bool(value)) }
    mutating func encode(_ value: String) throws { set(.string(value)) }
    mutating func encode(_ value: Double) throws { set(try JSONEncodingNode.number(value, codingPath: codingPath)) }
    mutating func encode(_ value: Float) throws { set(try JSONEncodingNode.number(value, codingPath: codingPath)) }
    mutating func encode(_ value: Int) throws { set(.number(String(value))) }
    mutating func encode(_ value: Int8) throws { set(.number(String(value))) }
    mutating func encode(_ value: Int16) throws { set(.number(String(value))) }
    mutating func encode(_ value: Int32) throws { set(.number(String(value))) }
    mutating func encode(_ value: Int64) throws { set(.number(String(value))) }
    mutating func encode(_ value: UInt) throws { set(.number(String(value))) }
    mutating func encode(_ value: UInt8) throws { set(.number(String(value))) }
    mutating func encode(_ value: UInt16) throws { set(.number(String(value))) }
    mutating func encode(_ value: UInt32) throws { set(.number(String(value))) }
    mutating func encode(_ value: UInt64) throws { set(.number(String(value))) }

    mutating func encode<T: Encodable>(_ value: T) throws {
        try value.encode(to: JSONTreeEncoder(node: node, codingPath: codingPath))
    }
}
