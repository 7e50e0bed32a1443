/// A request as a server handler sees it: decoded, with a block-wise body already whole.
public struct CoAPRequest: Sendable {
    /// The request method.
    public var method: CoAPMethod
    /// The Uri-Path segments, percent-decoded as they travelled (RFC 7252 §6.5).
    public var pathSegments: [String]
    /// Values of `{name}` segments of the matched route template.
    public var pathParameters: [String: String]
    /// The Uri-Query options, each `name=value` or `name`.
    public var query: [String]
    /// Every option of the request except Uri-Path and Uri-Query (Block1 already consumed).
    public var options: [CoAPOption]
    /// The Content-Format of the payload, if the request named one.
    public var contentFormat: ContentFormat?
    /// The whole request body.
    public var payload: [UInt8]
    /// Who sent the request.
    public var peer: CoAPPeer
    /// The peer's authenticated identity: PSK identity or certificate name; nil on plain CoAP.
    public var identity: String?
    /// The body, when the resource spools bodies to files and this one came block-wise;
    /// ``payload`` is then empty.
    public var bodyFile: SpooledBody?

    public init(
        method: CoAPMethod, pathSegments: [String], pathParameters: [String: String] = [:],
        query: [String] = [], options: [CoAPOption] = [], contentFormat: ContentFormat? = nil,
        payload: [UInt8] = [], peer: CoAPPeer = CoAPPeer(host: "", port: 0, isSecure: false),
        identity: String? = nil, bodyFile: SpooledBody? = nil
    ) {
        self.method = method
        self.pathSegments = pathSegments
        self.pathParameters = pathParameters
        self.query = query
        self.options = options
        self.contentFormat = contentFormat
        self.payload = payload
        self.peer = peer
        self.identity = identity
        self.bodyFile = bodyFile
    }

    /// The path joined with `/`, without a leading slash.
    public var path: String { pathSegments.joined(separator: "/") }

    /// The value of `name=value` in the query; an empty string for a bare `name`.
    public func queryValue(_ name: String) -> String? {
        for item in query {
            if item == name { return "" }
            if item.hasPrefix(name + "=") { return String(item.dropFirst(name.utf8.count + 1)) }
        }
        return nil
    }

    /// The Observe option's value: 0 registers, 1 deregisters (RFC 7641 §2).
    public var observe: UInt32? { options.first(.observe)?.uintValue }

    /// The payload as UTF-8 text.
    public var text: String { String(decoding: payload, as: UTF8.self) }
}

/// The remote end of an exchange.
public struct CoAPPeer: Sendable, Hashable, CustomStringConvertible {
    /// Numeric address, e.g. `127.0.0.1` or `::1`.
    public var host: String
    /// UDP port.
    public var port: UInt16
    /// True when the exchange travelled over DTLS.
    public var isSecure: Bool

    public init(host: String, port: UInt16, isSecure: Bool) {
        self.host = host
        self.port = port
        self.isSecure = isSecure
    }

    public var description: String {
        host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)"
    }
}
