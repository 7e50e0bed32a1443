/// A request a client sends; bodies of any size up to the limits travel block-wise.
public struct CoAPClientRequest: Sendable {
    /// The method.
    public var method: CoAPMethod
    /// Where to send it.
    public var uri: CoAPURI
    /// Further options (Accept, ETag, If-Match, …). Uri-*, Block and Size options are managed.
    public var options: [CoAPOption]
    /// The Content-Format of the payload.
    public var contentFormat: ContentFormat?
    /// The body; larger than one block, it is sent with Block1 (RFC 7959 §2.5).
    public var payload: [UInt8]
    /// Confirmable (retransmitted until acknowledged) or non-confirmable.
    public var confirmable: Bool
    /// The whole exchange, every block included, must finish within this time.
    public var timeout: Duration
    /// Block size for this request's transfers, 16 … 1024 bytes (nil: the client's default).
    public var blockSize: Int?
    /// For a download: the byte offset of the body to start from (resuming a transfer).
    public var offset: Int
    /// Called on the client's loop thread as blocks move: keep it cheap.
    public var progress: (@Sendable (TransferProgress) -> Void)?
    /// When set, the response body is handed here block by block, `(offset, bytes)`, on the
    /// loop thread, instead of being collected into the response: bodies of any size stream
    /// through, and what arrived before an interruption is kept by the caller.
    public var bodySink: (@Sendable (Int, ArraySlice<UInt8>) -> Void)?
    /// DTLS credentials for this request instead of the client's own (a server that speaks
    /// to each node with that node's key, say); nil uses ``CoAPClient/Configuration/dtls``.
    public var credentials: DTLSClientCredentials?

    public init(
        method: CoAPMethod, uri: CoAPURI, options: [CoAPOption] = [], contentFormat: ContentFormat? = nil,
        payload: [UInt8] = [], confirmable: Bool = true, timeout: Duration = .seconds(30), blockSize: Int? = nil,
        offset: Int = 0, progress: (@Sendable (TransferProgress) -> Void)? = nil,
        bodySink: (@Sendable (Int, ArraySlice<UInt8>) -> Void)? = nil, credentials: DTLSClientCredentials? = nil
    ) {
        self.method = method
        self.uri = uri
        self.options = options
        self.contentFormat = contentFormat
        self.payload = payload
        self.confirmable = confirmable
        self.timeout = timeout
        self.blockSize = blockSize
        self.offset = offset
        self.progress = progress
        self.bodySink = bodySink
        self.credentials = credentials
    }
}

/// How far a block-wise transfer has come.
public struct TransferProgress: Sendable, Equatable {
    /// Which way the body moves.
    public enum Direction: Sendable, Equatable { case upload, download }
    public var direction: Direction
    /// Bytes transferred so far (for a resumed download, counted from offset 0 of the body).
    public var completed: Int
    /// The total size, when known (Size1/Size2, RFC 7959 §4).
    public var total: Int?
}
