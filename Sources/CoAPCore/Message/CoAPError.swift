/// Everything that can go wrong in a CoAP exchange, told apart by ``kind``.
///
/// A peer that answered with 4.xx or 5.xx gives ``Kind/response`` with ``code`` and
/// ``payload``; a peer that never answered gives ``Kind/timeout``. A server handler may throw
/// a ``Kind/response`` error to answer with that code.
public struct CoAPError: Error, Sendable, CustomStringConvertible {
    /// The category of a ``CoAPError``.
    public struct Kind: Hashable, Sendable, CustomStringConvertible {
        private enum Base: Hashable, Sendable {
            case timeout, transport, dtls, response, cancelled, invalidArgument, tooLarge, shutDown
        }
        private let base: Base
        private init(_ base: Base) { self.base = base }

        /// No answer arrived before the deadline (or libcoap gave up retransmitting).
        public static let timeout = Kind(.timeout)
        /// The network failed: unreachable peer, ICMP error, socket error.
        public static let transport = Kind(.transport)
        /// A DTLS handshake failed or the peer could not be authenticated.
        public static let dtls = Kind(.dtls)
        /// The peer answered with an error code; see ``CoAPError/code``.
        public static let response = Kind(.response)
        /// The calling task was cancelled.
        public static let cancelled = Kind(.cancelled)
        /// A URI, option or configuration value was not acceptable.
        public static let invalidArgument = Kind(.invalidArgument)
        /// A body exceeded a configured limit.
        public static let tooLarge = Kind(.tooLarge)
        /// The client or server was shut down.
        public static let shutDown = Kind(.shutDown)

        public var description: String { "\(base)" }
    }

    /// What went wrong.
    public let kind: Kind
    /// A human-readable sentence.
    public let message: String
    /// The response code, for ``Kind/response``.
    public let code: CoAPCode?
    /// The Content-Format of ``payload``, for ``Kind/response``.
    public let contentFormat: ContentFormat?
    /// The response body, for ``Kind/response`` (often a diagnostic or a JSON error).
    public let payload: [UInt8]
    /// The response's other options, for ``Kind/response`` (Max-Age on a 4.29 says when to retry).
    public let options: [CoAPOption]

    public init(
        _ kind: Kind, _ message: String, code: CoAPCode? = nil, contentFormat: ContentFormat? = nil,
        payload: [UInt8] = [], options: [CoAPOption] = []
    ) {
        self.kind = kind
        self.message = message
        self.code = code
        self.contentFormat = contentFormat
        self.payload = payload
        self.options = options
    }

    /// An error answer: thrown by a handler, it becomes this response.
    public static func response(
        _ code: CoAPCode, contentFormat: ContentFormat? = nil, payload: [UInt8] = [], options: [CoAPOption] = []
    ) -> CoAPError {
        CoAPError(.response, "peer answered \(code)", code: code, contentFormat: contentFormat, payload: payload, options: options)
    }

    public var description: String {
        guard kind == .response, !payload.isEmpty else { return message }
        return "\(message): \(String(decoding: payload.prefix(512), as: UTF8.self))"
    }
}
