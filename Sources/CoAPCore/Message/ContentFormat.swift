/// A CoAP Content-Format identifier (RFC 7252 §12.3).
public struct ContentFormat: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    public let rawValue: UInt16

    public init(rawValue: UInt16) { self.rawValue = rawValue }

    /// `text/plain;charset=utf-8` (0).
    public static let textPlain = ContentFormat(rawValue: 0)
    /// `application/link-format` (40, RFC 6690).
    public static let linkFormat = ContentFormat(rawValue: 40)
    /// `application/xml` (41).
    public static let xml = ContentFormat(rawValue: 41)
    /// `application/octet-stream` (42).
    public static let octetStream = ContentFormat(rawValue: 42)
    /// `application/json` (50).
    public static let json = ContentFormat(rawValue: 50)
    /// `application/cbor` (60).
    public static let cbor = ContentFormat(rawValue: 60)

    public var description: String {
        switch rawValue {
        case 0: "text/plain"
        case 40: "application/link-format"
        case 41: "application/xml"
        case 42: "application/octet-stream"
        case 50: "application/json"
        case 60: "application/cbor"
        default: "content-format \(rawValue)"
        }
    }
}
