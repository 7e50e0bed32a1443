import Synchronization

/// A CoAP server (RFC 7252) over libcoap: plain UDP and DTLS endpoints side by side, resources
/// by path template, block-wise bodies in both directions (RFC 7959) and Observe (RFC 7641).
///
/// The server runs its own loop thread from `init` until ``shutdown()``; handlers run there.
///
/// ```swift
/// var router = CoAPRouter()
/// router.on(.get, "hello") { _ in .text("hello") }
/// let server = try CoAPServer(configuration: .init(endpoints: [.udp(port: 5683)]), router: router)
/// ```
public final class CoAPServer: Sendable {
    private let loop: EventLoop
    private let core: ServerCore
    private let state = Mutex<Bool>(false)  // shut down?

    /// The endpoints as bound; a configured port 0 shows the port the system chose.
    public let boundEndpoints: [BoundEndpoint]

    /// Binds every endpoint and starts serving.
    public init(configuration: Configuration, router: CoAPRouter, logger: Logger = .disabled) throws(CoAPError) {
        let loop = try EventLoop(name: "coap-server")
        let core = try ServerCore(configuration: configuration, router: router, logger: logger, loop: loop)
        try loop.start(driver: core)
        self.loop = loop
        self.core = core
        self.boundEndpoints = core.boundEndpoints
        logger.debug("listening on \(boundEndpoints.map(\.description).joined(separator: ", "))")
    }

    deinit {
        shutdown()
    }

    /// The bound port of the first plain (or, with `secure`, DTLS) endpoint.
    public func port(secure: Bool = false) -> UInt16? {
        boundEndpoints.first { $0.isSecure == secure }?.port
    }

    /// Tells the observers of `path` (no leading slash) that its state changed: each receives
    /// a notification made by running the GET handler again. Callable from any thread or task.
    public func notify(_ path: String) {
        guard !isShutDown else { return }
        let core = self.core
        let path = path.split(separator: "/", omittingEmptySubsequences: true).joined(separator: "/")
        // From a handler (the loop thread) at once: libcoap only marks the resource, and a
        // queued job would cost a wake-up of the loop per request.
        if loop.inLoop {
            core.notify(path: path)
        } else {
            loop.execute { core.notify(path: path) }
        }
    }

    /// Observers registered on `path`, or on every path when nil.
    public func observerCount(path: String? = nil) async -> Int {
        guard !isShutDown else { return 0 }
        let core = self.core
        return await withCheckedContinuation { continuation in
            let queued = loop.execute { continuation.resume(returning: core.observerCount(path: path)) }
            if !queued { continuation.resume(returning: 0) }
        }
    }

    /// Closes every DTLS session authenticated as `identity` (a PSK identity or certificate
    /// name), answering how many there were. The peer receives a close_notify and must
    /// handshake anew, which fails once its key or certificate is no longer accepted.
    /// Callable from any thread or task, but not awaited from a handler (the loop runs it).
    @discardableResult
    public func closeSessions(of identity: String) async -> Int {
        guard !isShutDown else { return 0 }
        let core = self.core
        return await withCheckedContinuation { continuation in
            let queued = loop.execute { continuation.resume(returning: core.closeSessions(of: identity)) }
            if !queued { continuation.resume(returning: 0) }
        }
    }

    /// Stops serving, closes every session and endpoint, and joins the loop thread.
    /// Idempotent; must not be called from a handler.
    public func shutdown() {
        let first = state.withLock { shut -> Bool in
            defer { shut = true }
            return !shut
        }
        if first { loop.shutdown() }
    }

    private var isShutDown: Bool { state.withLock { $0 } }
}

extension CoAPServer {
    /// Where a server listens.
    public struct Endpoint: Sendable, Equatable {
        /// The address to bind: `::` (every interface, IPv4 too), `0.0.0.0`, `127.0.0.1`, `::1`, …
        public var host: String
        /// The UDP port; 0 lets the system choose (see ``CoAPServer/boundEndpoints``).
        public var port: UInt16
        /// True for `coaps://` (DTLS).
        public var isSecure: Bool

        /// Plain CoAP over UDP (default port 5683).
        public static func udp(host: String = "::", port: UInt16 = 5683) -> Endpoint {
            Endpoint(host: host, port: port, isSecure: false)
        }

        /// CoAP over DTLS (default port 5684).
        public static func dtls(host: String = "::", port: UInt16 = 5684) -> Endpoint {
            Endpoint(host: host, port: port, isSecure: true)
        }
    }

    /// An endpoint as bound.
    public struct BoundEndpoint: Sendable, Equatable, CustomStringConvertible {
        public var isSecure: Bool
        public var host: String
        public var port: UInt16

        public var description: String {
            let host = self.host.contains(":") ? "[\(self.host)]" : self.host
            return "\(isSecure ? "coaps" : "coap")://\(host):\(port)"
        }
    }

    /// How a server listens and behaves.
    public struct Configuration: Sendable {
        /// Endpoints to bind.
        public var endpoints: [Endpoint]
        /// Credentials for the DTLS endpoints; required when any endpoint is secure.
        public var dtls: DTLSServerCredentials?
        /// Largest request body accepted, whole or block-wise, by resources that set no limit
        /// of their own; more is answered 4.13.
        public var maxBodySize: Int
        /// Bytes of block-wise request bodies held in memory at once, across all clients; an
        /// upload that would pass it is refused with 5.03 until others finish.
        public var maxBufferedUploadBytes: Int
        /// Preferred Block2 size in bytes (16 … 1024); larger bodies are sent block-wise.
        public var blockSize: Int
        /// Reliability parameters for every session.
        public var transmission: TransmissionParameters
        /// Idle client sessions kept at most (0: libcoap's default).
        public var maxIdleSessions: Int
        /// Builds the answer for errors CoAPCore itself raises (4.04, 4.05, 4.13, …) and for
        /// handlers that threw something other than a ``CoAPError``. The default sends the detail
        /// as a text diagnostic payload (RFC 7252 §5.5.2).
        public var errorResponse: @Sendable (CoAPCode, String) -> CoAPResponse

        public init(
            endpoints: [Endpoint] = [.udp()], dtls: DTLSServerCredentials? = nil, maxBodySize: Int = 1 << 20,
            maxBufferedUploadBytes: Int = 256 << 20, blockSize: Int = 1024, transmission: TransmissionParameters = TransmissionParameters(),
            maxIdleSessions: Int = 0,
            errorResponse: @escaping @Sendable (CoAPCode, String) -> CoAPResponse = { code, detail in
                CoAPResponse(code: code, contentFormat: .textPlain, payload: Array(detail.utf8))
            }
        ) {
            self.endpoints = endpoints
            self.dtls = dtls
            self.maxBodySize = maxBodySize
            self.maxBufferedUploadBytes = maxBufferedUploadBytes
            self.blockSize = blockSize
            self.transmission = transmission
            self.maxIdleSessions = maxIdleSessions
            self.errorResponse = errorResponse
        }
    }
}
