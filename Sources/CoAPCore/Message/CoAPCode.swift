/// A CoAP response code `c.dd` (RFC 7252 §5.9, §12.1.2), stored as its wire byte.
///
/// Codes compare and switch like enum cases, but unknown codes a peer sends survive intact.
public struct CoAPCode: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    public let rawValue: UInt8

    public init(rawValue: UInt8) { self.rawValue = rawValue }

    /// Builds `class.detail`, e.g. `CoAPCode(4, 4)` is 4.04 Not Found.
    public init(_ codeClass: UInt8, _ detail: UInt8) {
        rawValue = (codeClass << 5) | (detail & 0x1F)
    }

    /// The class digit: 2 success, 4 client error, 5 server error.
    public var codeClass: UInt8 { rawValue >> 5 }
    /// The two detail digits.
    public var detail: UInt8 { rawValue & 0x1F }
    /// True for 2.xx.
    public var isSuccess: Bool { codeClass == 2 }
    /// True for 4.xx and 5.xx.
    public var isError: Bool { codeClass >= 4 }

    public var description: String {
        let d = detail < 10 ? "0\(detail)" : "\(detail)"
        return "\(codeClass).\(d)"
    }

    public static let created = CoAPCode(2, 1)
    public static let deleted = CoAPCode(2, 2)
    public static let valid = CoAPCode(2, 3)
    public static let changed = CoAPCode(2, 4)
    public static let content = CoAPCode(2, 5)
    /// 2.31 Continue (RFC 7959 §2.9.1): a Block1 block arrived, send the next one.
    public static let `continue` = CoAPCode(2, 31)
    public static let badRequest = CoAPCode(4, 0)
    public static let unauthorized = CoAPCode(4, 1)
    public static let badOption = CoAPCode(4, 2)
    public static let forbidden = CoAPCode(4, 3)
    public static let notFound = CoAPCode(4, 4)
    public static let methodNotAllowed = CoAPCode(4, 5)
    public static let notAcceptable = CoAPCode(4, 6)
    /// 4.08 Request Entity Incomplete (RFC 7959 §2.9.2).
    public static let requestEntityIncomplete = CoAPCode(4, 8)
    public static let conflict = CoAPCode(4, 9)
    public static let preconditionFailed = CoAPCode(4, 12)
    /// 4.13 Request Entity Too Large (RFC 7252 §5.9.2.9, RFC 7959 §2.9.3).
    public static let requestEntityTooLarge = CoAPCode(4, 13)
    public static let unsupportedContentFormat = CoAPCode(4, 15)
    public static let unprocessableEntity = CoAPCode(4, 22)
    public static let tooManyRequests = CoAPCode(4, 29)
    public static let internalServerError = CoAPCode(5, 0)
    public static let notImplemented = CoAPCode(5, 1)
    public static let badGateway = CoAPCode(5, 2)
    public static let serviceUnavailable = CoAPCode(5, 3)
    public static let gatewayTimeout = CoAPCode(5, 4)
}
