/// A response: what a server handler returns and what a client call gives back.
public struct CoAPResponse: Sendable {
    /// The response code.
    public var code: CoAPCode
    /// The Content-Format of the body, if any.
    public var contentFormat: ContentFormat?
    /// The body. A server sends a large body block-wise by itself (RFC 7959).
    public var body: CoAPBody
    /// Further options (Max-Age, ETag, Location-Path, …). Block, Size and Observe options are
    /// managed by CoAPCore and ignored here.
    public var options: [CoAPOption]

    public init(
        code: CoAPCode, contentFormat: ContentFormat? = nil, body: CoAPBody = .empty,
        options: [CoAPOption] = []
    ) {
        self.code = code
        self.contentFormat = contentFormat
        self.body = body
        self.options = options
    }

    /// A response with an in-memory payload.
    public init(
        code: CoAPCode, contentFormat: ContentFormat? = nil, payload: [UInt8],
        options: [CoAPOption] = []
    ) {
        self.init(code: code, contentFormat: contentFormat, body: .bytes(payload), options: options)
    }

    /// A `text/plain` response.
    public static func text(_ text: String, code: CoAPCode = .content) -> CoAPResponse {
        CoAPResponse(code: code, contentFormat: .textPlain, payload: Array(text.utf8))
    }

    /// The in-memory payload (empty for a file body; clients always receive bytes).
    public var payload: [UInt8] {
        if case .bytes(let bytes) = body { return bytes }
        return []
    }

    /// The payload as UTF-8 text.
    public var text: String { String(decoding: payload, as: UTF8.self) }
}
