/// A `coap://` or `coaps://` URI split into what a request needs (RFC 7252 §6).
public struct CoAPURI: Sendable, Hashable, CustomStringConvertible {
    /// True for `coaps://` (DTLS).
    public var isSecure: Bool
    /// Host name or numeric address (IPv6 without brackets).
    public var host: String
    /// UDP port (default 5683, or 5684 for `coaps`).
    public var port: UInt16
    /// Path segments, percent-decoded.
    public var pathSegments: [String]
    /// Query items, percent-decoded, each `name=value` or `name`.
    public var query: [String]

    public init(isSecure: Bool = false, host: String, port: UInt16? = nil, pathSegments: [String] = [], query: [String] = []) {
        self.isSecure = isSecure
        self.host = host
        self.port = port ?? (isSecure ? 5684 : 5683)
        self.pathSegments = pathSegments
        self.query = query
    }

    /// Parses `coap://host[:port]/path?query`; IPv6 hosts in brackets.
    public init(_ string: String) throws(CoAPError) {
        let secure: Bool
        var rest: Substring
        if string.hasPrefix("coap://") {
            secure = false
            rest = string.dropFirst(7)
        } else if string.hasPrefix("coaps://") {
            secure = true
            rest = string.dropFirst(8)
        } else {
            throw CoAPError(.invalidArgument, "'\(string)' is not a coap:// or coaps:// URI")
        }
        if let hash = rest.firstIndex(of: "#") { rest = rest[..<hash] }
        let authorityEnd = rest.firstIndex { $0 == "/" || $0 == "?" } ?? rest.endIndex
        let authority = rest[..<authorityEnd]
        var target = rest[authorityEnd...]
        var host: Substring
        var portText: Substring?
        if authority.hasPrefix("[") {
            guard let close = authority.firstIndex(of: "]") else {
                throw CoAPError(.invalidArgument, "unterminated IPv6 address in '\(string)'")
            }
            host = authority[authority.index(after: authority.startIndex)..<close]
            let after = authority[authority.index(after: close)...]
            if after.hasPrefix(":") { portText = after.dropFirst() } else if !after.isEmpty {
                throw CoAPError(.invalidArgument, "unexpected '\(after)' after the host in '\(string)'")
            }
        } else if let colon = authority.lastIndex(of: ":") {
            host = authority[..<colon]
            portText = authority[authority.index(after: colon)...]
        } else {
            host = authority
        }
        guard !host.isEmpty else { throw CoAPError(.invalidArgument, "no host in '\(string)'") }
        var port: UInt16?
        if let portText {
            guard let value = UInt16(portText), value > 0 else {
                throw CoAPError(.invalidArgument, "bad port '\(portText)' in '\(string)'")
            }
            port = value
        }
        var queryItems: [String] = []
        if let question = target.firstIndex(of: "?") {
            queryItems = try target[target.index(after: question)...].split(separator: "&").map { item throws(CoAPError) in
                try Self.percentDecode(item)
            }
            target = target[..<question]
        }
        var segments: [String] = []
        for segment in target.split(separator: "/", omittingEmptySubsequences: true) {
            segments.append(try Self.percentDecode(segment))
        }
        self.init(isSecure: secure, host: String(host), port: port, pathSegments: segments, query: queryItems)
    }

    /// The same endpoint with another path (no leading slash needed) and optional query.
    public func appending(path: String, query: [String] = []) -> CoAPURI {
        var copy = self
        copy.pathSegments += path.split(separator: "/", omittingEmptySubsequences: true).map(String.init)
        copy.query += query
        return copy
    }

    /// The path joined with `/`.
    public var path: String { pathSegments.joined(separator: "/") }

    public var description: String {
        let hostText = host.contains(":") ? "[\(host)]" : host
        var text = "\(isSecure ? "coaps" : "coap")://\(hostText):\(port)/\(path)"
        if !query.isEmpty { text += "?" + query.joined(separator: "&") }
        return text
    }

    private static func percentDecode(_ text: Substring) throws(CoAPError) -> String {
        guard text.contains("%") else { return String(text) }
        var bytes: [UInt8] = []
        var iterator = Array(text.utf8).makeIterator()
        while let byte = iterator.next() {
            guard byte == UInt8(ascii: "%") else { bytes.append(byte); continue }
            guard let high = iterator.next().flatMap(hexValue), let low = iterator.next().flatMap(hexValue) else {
                throw CoAPError(.invalidArgument, "bad percent-encoding in '\(text)'")
            }
            bytes.append(high << 4 | low)
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}
