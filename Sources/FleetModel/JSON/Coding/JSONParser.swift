/// A parsed JSON document, as `JSONCoding.decode` reads it.
enum JSONTree {
    case null
    case bool(Bool)
    /// A number's bytes, checked and converted only when a type asks for it (as `JSONDecoder`
    /// does: a malformed number is an error only if it is read as a number).
    case number(ArraySlice<UInt8>)
    /// A string's bytes between the quotes, unescaped and checked only when read.
    case string(ArraySlice<UInt8>)
    case array([JSONTree])
    /// Members in document order; keys are unescaped when a keyed container is made.
    case object([(key: ArraySlice<UInt8>, value: JSONTree)])

    /// How `JSONDecoder` names the kind in a type mismatch: "Expected to decode Int but found …".
    var kindDescription: String {
        switch self {
        case .null: "null"
        case .bool: "bool"
        case .number: "number"
        case .string: "a string"
        case .array: "an array"
        case .object: "a dictionary"
        }
    }
}

/// An object's members with their keys read; the first of duplicate keys wins, as with
/// `JSONDecoder`. Payload objects are small, so a lookup scans the keys; only a large object
/// (a map of many services, say) gets a hashed index.
struct JSONObject {
    /// The keys in document order, without duplicates.
    private(set) var keys: [String] = []
    private var values: [JSONTree] = []
    private var index: [String: Int]?

    /// Objects with more members than this get a hashed index.
    private static let scanLimit = 16

    /// Reads every key of `members`.
    ///
    /// - Throws: `dataCorrupted` (empty coding path) for a key that is not a valid JSON string.
    init(_ members: [(key: ArraySlice<UInt8>, value: JSONTree)]) throws {
        keys.reserveCapacity(members.count)
        values.reserveCapacity(members.count)
        var hashed: [String: Int]? = members.count > Self.scanLimit ? Dictionary(minimumCapacity: members.count) : nil
        for member in members {
            let key = try JSONParser.string(from: member.key)
            let seen = hashed.map { $0[key] != nil } ?? keys.contains(key)
            guard !seen else { continue }
            hashed?[key] = keys.count
            keys.append(key)
            values.append(member.value)
        }
        index = hashed
    }

    /// The members in document order, without duplicates.
    var members: Zip2Sequence<[String], [JSONTree]> { zip(keys, values) }

    /// The value of `key`, if the object has it.
    subscript(key: String) -> JSONTree? {
        if let index { return index[key].map { values[$0] } }
        return keys.firstIndex(of: key).map { values[$0] }
    }
}

/// Why bytes are not JSON; the underlying error of the `dataCorrupted` that is thrown.
struct JSONSyntaxError: Error, CustomStringConvertible {
    let message: String
    let offset: Int

    var description: String { "\(message) at byte \(offset)" }
}

/// An RFC 8259 parser that behaves as `JSONDecoder`'s scanner does: it checks the structure of
/// the whole document first, but reads strings and numbers only when a type asks for them
/// (``string(from:)``, ``checkedNumber(_:)``). Like `JSONDecoder` it skips a UTF-8 byte order
/// mark and accepts a trailing comma before `]` or `}`.
struct JSONParser {
    /// The deepest nesting of arrays and objects accepted, as with `JSONDecoder`.
    static let maximumDepth = 512

    private let bytes: [UInt8]
    private var index = 0
    private var depth = 0

    private init(bytes: [UInt8]) {
        self.bytes = bytes
    }

    static func parse(_ bytes: [UInt8]) throws -> JSONTree {
        var parser = JSONParser(bytes: bytes)
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) {
            parser.index = 3
        }
        parser.skipWhitespace()
        let value = try parser.parseValue()
        parser.skipWhitespace()
        guard parser.index == bytes.count else {
            throw parser.failure("unexpected text after the top-level value")
        }
        return value
    }

    /// The error `JSONDecoder` throws for bytes that are not JSON.
    static func corrupted(_ underlying: (any Error)? = nil) -> DecodingError {
        .dataCorrupted(DecodingError.Context(
            codingPath: [], debugDescription: "The given data was not valid JSON.", underlyingError: underlying))
    }

    private func failure(_ message: String) -> DecodingError {
        Self.corrupted(JSONSyntaxError(message: message, offset: index))
    }

    private mutating func skipWhitespace() {
        while index < bytes.count {
            switch bytes[index] {
            case 0x20, 0x0A, 0x0D, 0x09: index += 1
            default: return
            }
        }
    }

    private mutating func parseValue() throws -> JSONTree {
        guard index < bytes.count else { throw failure("unexpected end of data") }
        switch bytes[index] {
        case UInt8(ascii: "{"): return try parseObject()
        case UInt8(ascii: "["): return try parseArray()
        case UInt8(ascii: "\""): return .string(try scanString())
        case UInt8(ascii: "t"):
            try expectLiteral("true")
            return .bool(true)
        case UInt8(ascii: "f"):
            try expectLiteral("false")
            return .bool(false)
        case UInt8(ascii: "n"):
            try expectLiteral("null")
            return .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            return .number(scanNumber())
        default:
            throw failure("unexpected character")
        }
    }

    private mutating func expectLiteral(_ literal: StaticString) throws {
        let count = literal.utf8CodeUnitCount
        guard index + count <= bytes.count else { throw failure("unexpected end of data") }
        let matches = literal.withUTF8Buffer { expected in
            bytes[index..<index + count].elementsEqual(expected)
        }
        guard matches else { throw failure("invalid literal") }
        index += count
    }

    private mutating func enter() throws {
        depth += 1
        if depth > Self.maximumDepth {
            throw failure("too many nested arrays or objects")
        }
    }

    private mutating func parseArray() throws -> JSONTree {
        try enter()
        index += 1
        var items: [JSONTree] = []
        skipWhitespace()
        if index < bytes.count, bytes[index] == UInt8(ascii: "]") {
            index += 1
            depth -= 1
            return .array(items)
        }
        while true {
            skipWhitespace()
            items.append(try parseValue())
            if try closesAfterMember(UInt8(ascii: "]"), in: "an array") { return .array(items) }
        }
    }

    private mutating func parseObject() throws -> JSONTree {
        try enter()
        index += 1
        var members: [(key: ArraySlice<UInt8>, value: JSONTree)] = []
        skipWhitespace()
        if index < bytes.count, bytes[index] == UInt8(ascii: "}") {
            index += 1
            depth -= 1
            return .object(members)
        }
        while true {
            skipWhitespace()
            guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") else {
                throw failure("expected a string key in an object")
            }
            let key = try scanString()
            skipWhitespace()
            guard index < bytes.count, bytes[index] == UInt8(ascii: ":") else {
                throw failure("expected ':' after an object key")
            }
            index += 1
            skipWhitespace()
            members.append((key, try parseValue()))
            if try closesAfterMember(UInt8(ascii: "}"), in: "an object") { return .object(members) }
        }
    }

    /// After an array item or object member: consumes `,` (and a trailing `close` after it, as
    /// `JSONDecoder` allows) or `close`. True when the container ended, leaving its depth.
    private mutating func closesAfterMember(_ close: UInt8, in container: String) throws -> Bool {
        skipWhitespace()
        guard index < bytes.count else { throw failure("unexpected end of data in \(container)") }
        switch bytes[index] {
        case UInt8(ascii: ","):
            index += 1
            skipWhitespace()
            guard index < bytes.count, bytes[index] == close else { return false }
        case close:
            break
        default:
            throw failure("expected ',' or '\(Character(Unicode.Scalar(close)))' in \(container)")
        }
        index += 1
        depth -= 1
        return true
    }

    /// Skips a string the way `JSONDecoder`'s scanner does, returning the bytes between the
    /// quotes: only an unterminated string, or a `\u` escape running into the end or a quote,
    /// fails here; everything else is checked when the string is read.
    private mutating func scanString() throws -> ArraySlice<UInt8> {
        index += 1
        let start = index
        while index < bytes.count {
            switch bytes[index] {
            case UInt8(ascii: "\""):
                let raw = bytes[start..<index]
                index += 1
                return raw
            case UInt8(ascii: "\\"):
                index += 1
                guard index < bytes.count else { throw failure("unterminated string") }
                let escaped = bytes[index]
                index += 1
                if escaped == UInt8(ascii: "u") {
                    guard index + 4 <= bytes.count else { throw failure("unterminated unicode escape") }
                    guard !bytes[index..<index + 4].contains(UInt8(ascii: "\"")) else {
                        throw failure("invalid unicode escape")
                    }
                    index += 4
                }
            default:
                index += 1
            }
        }
        throw failure("unterminated string")
    }

    /// Skips a number the way `JSONDecoder`'s scanner does: a `-` or digit followed by digits,
    /// `.`, `+`, `-`, `e` and `E`; whether that is a valid number is checked when it is read.
    private mutating func scanNumber() -> ArraySlice<UInt8> {
        let start = index
        index += 1
        while index < bytes.count {
            switch bytes[index] {
            case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "."), UInt8(ascii: "+"), UInt8(ascii: "-"),
                 UInt8(ascii: "e"), UInt8(ascii: "E"):
                index += 1
            default:
                return bytes[start..<index]
            }
        }
        return bytes[start..<index]
    }
}

// MARK: - Reading strings and numbers

extension JSONParser {
    private static func corrupted(_ message: String) -> DecodingError {
        corrupted(JSONSyntaxError(message: message, offset: 0))
    }

    /// The string `raw` (the bytes between the quotes) stands for.
    ///
    /// - Throws: `dataCorrupted` (empty coding path) for a control character, a bad escape
    ///   or invalid UTF-8, as `JSONDecoder` does.
    static func string(from raw: ArraySlice<UInt8>) throws -> String {
        var index = raw.startIndex
        while index < raw.endIndex {
            let byte = raw[index]
            if byte == UInt8(ascii: "\\") || byte < 0x20 { break }
            index += 1
        }
        if index == raw.endIndex {
            guard let text = String(validating: raw, as: UTF8.self) else { throw corrupted("invalid UTF-8 in a string") }
            return text
        }
        var buffer = Array(raw[raw.startIndex..<index])
        buffer.reserveCapacity(raw.count)
        while index < raw.endIndex {
            let byte = raw[index]
            switch byte {
            case UInt8(ascii: "\\"):
                index = try unescape(raw, after: index, into: &buffer)
            case 0..<0x20:
                throw corrupted("unescaped control character in a string")
            default:
                buffer.append(byte)
                index += 1
            }
        }
        guard let text = String(validating: buffer, as: UTF8.self) else { throw corrupted("invalid UTF-8 in a string") }
        return text
    }

    /// Appends what the escape at `backslash` stands for; returns the index after it.
    private static func unescape(_ raw: ArraySlice<UInt8>, after backslash: Int, into buffer: inout [UInt8]) throws -> Int {
        var index = backslash + 1
        guard index < raw.endIndex else { throw corrupted("unterminated escape") }
        let byte = raw[index]
        index += 1
        switch byte {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): buffer.append(byte)
        case UInt8(ascii: "b"): buffer.append(0x08)
        case UInt8(ascii: "f"): buffer.append(0x0C)
        case UInt8(ascii: "n"): buffer.append(0x0A)
        case UInt8(ascii: "r"): buffer.append(0x0D)
        case UInt8(ascii: "t"): buffer.append(0x09)
        case UInt8(ascii: "u"):
            let unit = try hex4(raw, at: index)
            index += 4
            let scalar: Unicode.Scalar?
            switch unit {
            case 0xD800...0xDBFF:
                guard index + 1 < raw.endIndex, raw[index] == UInt8(ascii: "\\"), raw[index + 1] == UInt8(ascii: "u") else {
                    throw corrupted("a high surrogate not followed by a low one")
                }
                let low = try hex4(raw, at: index + 2)
                guard (0xDC00...0xDFFF).contains(low) else { throw corrupted("a high surrogate not followed by a low one") }
                index += 6
                scalar = Unicode.Scalar(0x10000 + ((UInt32(unit) - 0xD800) << 10) + (UInt32(low) - 0xDC00))
            default:
                scalar = Unicode.Scalar(unit)
            }
            guard let scalar else { throw corrupted("a lone low surrogate") }
            UTF8.encode(scalar) { buffer.append($0) }
        default:
            throw corrupted("invalid escape sequence")
        }
        return index
    }

    private static func hex4(_ raw: ArraySlice<UInt8>, at start: Int) throws -> UInt16 {
        guard start + 4 <= raw.endIndex else { throw corrupted("unterminated unicode escape") }
        var value: UInt16 = 0
        for byte in raw[start..<start + 4] {
            let digit: UInt8
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
            default: throw corrupted("invalid unicode escape")
            }
            value = value << 4 | UInt16(digit)
        }
        return value
    }

    /// The text of the number `raw`, if it is a valid RFC 8259 number.
    ///
    /// - Throws: `dataCorrupted` (empty coding path), as `JSONDecoder` does when it reads a
    ///   malformed number.
    static func checkedNumber(_ raw: ArraySlice<UInt8>) throws -> String {
        var index = raw.startIndex
        func isDigit(_ position: Int) -> Bool {
            position < raw.endIndex && (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(raw[position])
        }
        func skipDigits() {
            while isDigit(index) { index += 1 }
        }
        if index < raw.endIndex, raw[index] == UInt8(ascii: "-") { index += 1 }
        guard isDigit(index) else { throw corrupted("invalid number") }
        if raw[index] == UInt8(ascii: "0") {
            index += 1
        } else {
            skipDigits()
        }
        if index < raw.endIndex, raw[index] == UInt8(ascii: ".") {
            index += 1
            guard isDigit(index) else { throw corrupted("invalid number") }
            skipDigits()
        }
        if index < raw.endIndex, raw[index] == UInt8(ascii: "e") || raw[index] == UInt8(ascii: "E") {
            index += 1
            if index < raw.endIndex, raw[index] == UInt8(ascii: "+") || raw[index] == UInt8(ascii: "-") { index += 1 }
            guard isDigit(index) else { throw corrupted("invalid number") }
            skipDigits()
        }
        guard index == raw.endIndex else { throw corrupted("invalid number") }
        return String(decoding: raw, as: UTF8.self)
    }
}
