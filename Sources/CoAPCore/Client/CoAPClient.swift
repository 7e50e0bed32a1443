import CLibCoAP
import Synchronization

/// A CoAP client (RFC 7252) over libcoap: `async` requests with deadlines and cancellation,
/// automatic block-wise bodies with progress and resume (RFC 7959), observations as
/// `AsyncSequence`s (RFC 7641), and DTLS with PSK or certificates.
///
/// One client keeps one session per server and may talk to many servers. It runs its own
/// loop thread until ``shutdown()``.
///
/// ```swift
/// let client = try CoAPClient()
/// let answer = try await client.get("coap://127.0.0.1/test")
/// print(answer.text)
/// client.shutdown()
/// ```
public final class CoAPClient: Sendable {
    private let loop: EventLoop
    private let core: ClientCore
    private let isShutDown = Mutex<Bool>(false)
    private static let callIDs = Atomic<UInt64>(0)

    /// Starts the client's loop thread.
    public init(configuration: Configuration = Configuration(), logger: Logger = .disabled) throws(CoAPError) {
        let loop = try EventLoop(name: "coap-client")
        let core = try ClientCore(configuration: configuration, logger: logger, loop: loop)
        try loop.start(driver: core)
        self.loop = loop
        self.core = core
    }

    deinit {
        shutdown()
    }

    /// Fails every call in flight with ``CoAPError/Kind/shutDown``, closes the sessions and
    /// joins the loop thread. Idempotent.
    public func shutdown() {
        let first = isShutDown.withLock { shut -> Bool in
            defer { shut = true }
            return !shut
        }
        if first { loop.shutdown() }
    }

    /// The sessions open to peers (one per scheme, host, port and credentials); idle ones
    /// close after ``Configuration/idleSessionTimeout``.
    public var sessionCount: Int {
        get async {
            let core = self.core
            return await withCheckedContinuation { continuation in
                if !loop.execute({ continuation.resume(returning: core.sessionCount) }) { continuation.resume(returning: 0) }
            }
        }
    }

    /// Sends a request and returns the whole response.
    ///
    /// - Throws: ``CoAPError``: ``CoAPError/Kind/response`` for a 4.xx/5.xx answer (with its
    ///   code and payload), ``CoAPError/Kind/timeout`` when no answer came within
    ///   `request.timeout`, ``CoAPError/Kind/dtls`` for a failed handshake,
    ///   ``CoAPError/Kind/cancelled`` when the task was cancelled.
    public func send(_ request: CoAPClientRequest) async throws -> CoAPResponse {
        let address = try SocketAddress.resolve(host: request.uri.host, port: request.uri.port)
        let handle = CallHandle(id: Self.nextCallID())
        let loop = self.loop
        let core = self.core
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<CoAPResponse, any Error>) in
                let accepted = loop.execute {
                    core.start(request, handle: handle, address: address) { continuation.resume(with: $0) }
                }
                if !accepted { continuation.resume(throwing: CoAPError(.shutDown, "the client was shut down")) }
            }
        } onCancel: {
            if handle.markCancelled() { loop.execute { core.cancel(id: handle.id) } }
        }
    }

    /// GET `uri`.
    public func get(
        _ uri: String, options: [CoAPOption] = [], confirmable: Bool = true, timeout: Duration = .seconds(30)
    ) async throws -> CoAPResponse {
        try await send(CoAPClientRequest(method: .get, uri: CoAPURI(uri), options: options, confirmable: confirmable, timeout: timeout))
    }

    /// POST `payload` to `uri`.
    public func post(
        _ uri: String, payload: [UInt8] = [], contentFormat: ContentFormat? = nil, options: [CoAPOption] = [],
        timeout: Duration = .seconds(30)
    ) async throws -> CoAPResponse {
        try await send(CoAPClientRequest(method: .post, uri: CoAPURI(uri), options: options, contentFormat: contentFormat,
                                         payload: payload, timeout: timeout))
    }

    /// PUT `payload` to `uri`.
    public func put(
        _ uri: String, payload: [UInt8] = [], contentFormat: ContentFormat? = nil, options: [CoAPOption] = [],
        timeout: Duration = .seconds(30)
    ) async throws -> CoAPResponse {
        try await send(CoAPClientRequest(method: .put, uri: CoAPURI(uri), options: options, contentFormat: contentFormat,
                                         payload: payload, timeout: timeout))
    }

    /// DELETE `uri`.
    public func delete(
        _ uri: String, payload: [UInt8] = [], contentFormat: ContentFormat? = nil, timeout: Duration = .seconds(30)
    ) async throws -> CoAPResponse {
        try await send(CoAPClientRequest(method: .delete, uri: CoAPURI(uri), contentFormat: contentFormat, payload: payload, timeout: timeout))
    }

    /// Downloads the body of `uri` from byte `offset` on, block by block: a transfer that was
    /// interrupted resumes where it stopped, fetching only the missing blocks.
    public func download(
        _ uri: String, from offset: Int = 0, blockSize: Int? = nil, timeout: Duration = .seconds(300),
        progress: (@Sendable (TransferProgress) -> Void)? = nil
    ) async throws -> [UInt8] {
        try await send(CoAPClientRequest(method: .get, uri: CoAPURI(uri), timeout: timeout, blockSize: blockSize,
                                         offset: offset, progress: progress)).payload
    }

    /// Observes `uri` (RFC 7641): the sequence yields the current state, then each fresh
    /// notification. When the consumer stops iterating (or its task is cancelled) the
    /// observation is deregistered on the wire.
    public func observe(_ uri: String, options: [CoAPOption] = [], timeout: Duration = .seconds(30)) throws -> CoAPObservation {
        let request = CoAPClientRequest(method: .get, uri: try CoAPURI(uri), options: options, timeout: timeout)
        let address = try SocketAddress.resolve(host: request.uri.host, port: request.uri.port)
        let id = Self.nextCallID()
        let (stream, continuation) = AsyncThrowingStream<CoAPResponse, any Error>.makeStream(bufferingPolicy: .bufferingNewest(64))
        let loop = self.loop
        let core = self.core
        continuation.onTermination = { _ in
            loop.execute { core.stopObserving(id: id) }
        }
        if !loop.execute({ core.observe(request, id: id, address: address, sink: continuation) }) {
            continuation.finish(throwing: CoAPError(.shutDown, "the client was shut down"))
        }
        return CoAPObservation(stream: stream)
    }

    static func nextCallID() -> UInt64 {
        callIDs.wrappingAdd(1, ordering: .relaxed).newValue
    }
}

extension CoAPClient {
    /// How a client talks.
    public struct Configuration: Sendable {
        /// Reliability parameters for every session.
        public var transmission: TransmissionParameters
        /// Credentials for `coaps://` URIs.
        public var dtls: DTLSClientCredentials?
        /// Preferred block size for block-wise transfers, 16 … 1024 bytes.
        public var blockSize: Int
        /// Largest response body assembled in memory; larger ones fail with ``CoAPError/Kind/tooLarge``.
        public var maxBodySize: Int
        /// A session to a peer with nothing in flight for this long is closed (a DTLS one with
        /// a close_notify), so a client that talked to many peers once does not keep them all;
        /// the next request opens a new one.
        public var idleSessionTimeout: Duration

        public init(
            transmission: TransmissionParameters = TransmissionParameters(), dtls: DTLSClientCredentials? = nil,
            blockSize: Int = 1024, maxBodySize: Int = 64 << 20, idleSessionTimeout: Duration = .seconds(120)
        ) {
            self.transmission = transmission
            self.dtls = dtls
            self.blockSize = blockSize
            self.maxBodySize = maxBodySize
            self.idleSessionTimeout = idleSessionTimeout
        }
    }
}
