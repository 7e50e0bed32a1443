/// One CoAP option as it travels on the wire: a number and opaque bytes (RFC 7252 §5.4).
public struct CoAPOption: Hashable, Sendable {
    /// The option number, e.g. ``Number/observe``.
    public var number: Number
    /// The raw value; see ``uintValue`` for uint-typed options.
    public var value: [UInt8]

    public init(_ number: Number, value: [UInt8]) {
        self.number = number
        self.value = value
    }

    /// An option carrying an unsigned integer in the shortest big-endian form (RFC 7252 §3.2).
    public init(_ number: Number, uint: UInt32) {
        self.init(number, value: CoAPOption.encode(uint: uint))
    }

    /// An option carrying a UTF-8 string.
    public init(_ number: Number, string: String) {
        self.init(number, value: Array(string.utf8))
    }

    /// The value read as an unsigned integer (empty means 0).
    public var uintValue: UInt32 {
        value.prefix(4).reduce(0) { ($0 << 8) | UInt32($1) }
    }

    /// The value read as UTF-8 text.
    public var stringValue: String { String(decoding: value, as: UTF8.self) }

    /// Shortest big-endian encoding of an unsigned integer; zero is the empty string.
    public static func encode(uint: UInt32) -> [UInt8] {
        var bytes: [UInt8] = []
        var v = uint
        while v > 0 {
            bytes.insert(UInt8(v & 0xFF), at: 0)
            v >>= 8
        }
        return bytes
    }

    /// A CoAP option number (RFC 7252 §12.2 and the registries that extend it).
    public struct Number: RawRepresentable, Hashable, Sendable, Comparable {
        public let rawValue: UInt16
        public init(rawValue: UInt16) { self.rawValue = rawValue }
        public static func < (lhs: Number, rhs: Number) -> Bool { lhs.rawValue < rhs.rawValue }

        public static let ifMatch = Number(rawValue: 1)
        public static let uriHost = Number(rawValue: 3)
        public static let eTag = Number(rawValue: 4)
        public static let ifNoneMatch = Number(rawValue: 5)
        /// Observe (RFC 7641 §2).
        public static let observe = Number(rawValue: 6)
        public static let uriPort = Number(rawValue: 7)
        public static let locationPath = Number(rawValue: 8)
        public static let uriPath = Number(rawValue: 11)
        public static let contentFormat = Number(rawValue: 12)
        public static let maxAge = Number(rawValue: 14)
        public static let uriQuery = Number(rawValue: 15)
        public static let accept = Number(rawValue: 17)
        public static let locationQuery = Number(rawValue: 20)
        /// Block2 (RFC 7959 §2.1).
        public static let block2 = Number(rawValue: 23)
        /// Block1 (RFC 7959 §2.1).
        public static let block1 = Number(rawValue: 27)
        public static let size2 = Number(rawValue: 28)
        public static let proxyUri = Number(rawValue: 35)
        public static let proxyScheme = Number(rawValue: 39)
        public static let size1 = Number(rawValue: 60)
        /// No-Response (RFC 7967).
        public static let noResponse = Number(rawValue: 258)
    }
}

extension Array where Element == CoAPOption {
    /// The first option with this number, if any.
    public func first(_ number: CoAPOption.Number) -> CoAPOption? {
        first { $0.number == number }
    }

    /// Every option with this number, in order.
    public func all(_ number: CoAPOption.Number) -> [CoAPOption] {
        filter { $0.number == number }
    }
}
