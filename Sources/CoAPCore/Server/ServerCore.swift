import CLibCoAP
import Glibc

/// The server's state confined to its loop thread, and the libcoap context it owns.
///
/// Ownership: the `coap_context_t` (and with it every endpoint, resource and session) is
/// created in `init` before the loop thread starts and freed in `tearDown()` on the loop
/// thread. The context's app data is an unretained pointer to this object, which the
/// ``EventLoop`` keeps alive until after `tearDown()`. C strings handed to libcoap for DTLS
/// set-up live in a `CStringStore`, freed after the context.
final class ServerCore: EventLoopDriver, @unchecked Sendable {
    // @unchecked: every mutable field is touched only on the loop thread (asserted), except
    // `init`, which runs before the thread starts.
    let loop: EventLoop
    let configuration: CoAPServer.Configuration
    let router: CoAPRouter
    let logger: Logger
    private let context: OpaquePointer
    var unknownResource: OpaquePointer?
    private var materialized: [String: OpaquePointer] = [:]
    var observers = ObserverRegistry()
    var uploads: Block1Assembler
    var blockResponses = BlockResponseCache()
    var replies = ResponseReplayCache()
    var certificateNames: [UInt: String] = [:]
    /// DTLS sessions whose handshake completed, so that an identity's sessions can be closed.
    private var secureSessions: [UInt: OpaquePointer] = [:]
    private let cStrings = CStringStore()
    private let pskScratch = UnsafeMutablePointer<coap_bin_const_t>.allocate(capacity: 1)
    private let pskKeyBytes = UnsafeMutablePointer<UInt8>.allocate(capacity: 64)
    let preferredSZX: UInt8
    /// The endpoints as bound (port 0 becomes the port the kernel chose).
    private(set) var boundEndpoints: [CoAPServer.BoundEndpoint] = []

    init(configuration: CoAPServer.Configuration, router: CoAPRouter, logger: Logger, loop: EventLoop) throws(CoAPError) {
        LibCoAP.ensureStarted()
        guard let context = coap_new_context(nil) else {
            throw CoAPError(.transport, "coap_new_context failed")
        }
        self.context = context
        self.loop = loop
        self.configuration = configuration
        self.logger = logger
        self.preferredSZX = BlockOption.szx(forSize: configuration.blockSize)
        self.uploads = Block1Assembler(maxBufferedBytes: configuration.maxBufferedUploadBytes)
        var router = router
        let described = router
        router.add(CoAPResource(
            ".well-known/core", attributes: LinkAttributes(contentFormats: [.linkFormat]),
            handlers: [.get: { request in
                CoAPResponse(code: .content, contentFormat: .linkFormat,
                             payload: Array(LinkFormat.render(described.resources, query: request.query).utf8))
            }]))
        self.router = router
        do {
            try configure()
        } catch {
            tearDown()
            throw error
        }
    }

    // MARK: Set-up

    private func configure() throws(CoAPError) {
        coap_set_app_data(context, Unmanaged.passUnretained(self).toOpaque())
        coap_context_set_max_idle_sessions(context, UInt32(configuration.maxIdleSessions))
        coap_register_event_handler(context) { session, event in
            guard let session else { return 0 }
            ServerCore.from(session)?.handleEvent(session: session, event: event)
            return 0
        }
        coap_register_nack_handler(context) { session, sent, reason, _ in
            guard let session, let sent else { return }
            ServerCore.from(session)?.handleNack(session: session, sent: sent, reason: reason)
        }
        if configuration.endpoints.contains(where: \.isSecure) {
            guard let credentials = configuration.dtls, credentials.psk != nil || credentials.pki != nil else {
                throw CoAPError(.invalidArgument, "a DTLS endpoint needs DTLS credentials")
            }
            guard coap_dtls_is_supported() != 0 else {
                throw CoAPError(.dtls, "this libcoap has no DTLS support")
            }
            if let psk = credentials.psk { try configurePSK(psk) }
            if let pki = credentials.pki { try configurePKI(pki) }
        }
        for endpoint in configuration.endpoints {
            let created = try bind(endpoint)
            boundEndpoints.append(CoAPServer.BoundEndpoint(
                isSecure: endpoint.isSecure, host: endpoint.host, port: Self.boundPort(of: created) ?? endpoint.port))
        }
        for resource in router.resources where resource.isLiteral {
            materialize(path: resource.template, observable: resource.observable)
        }
        guard let unknown = coap_resource_unknown_init2(ServerCore.methodTrampoline, 0) else {
            throw CoAPError(.transport, "coap_resource_unknown_init2 failed")
        }
        registerHandlers(on: unknown)
        coap_add_resource(context, unknown)
        unknownResource = unknown
    }

    /// How many ports a `port: 0` endpoint tries before giving up.
    private static let ephemeralAttempts = 8

    /// Creates libcoap's endpoint for `endpoint`. For port 0 a free port is chosen first; another
    /// socket may take it before libcoap binds it, so a few fresh ports are tried.
    private func bind(_ endpoint: CoAPServer.Endpoint) throws(CoAPError) -> OpaquePointer {
        let proto = endpoint.isSecure ? COAP_PROTO_DTLS : COAP_PROTO_UDP
        for _ in 0..<(endpoint.port == 0 ? Self.ephemeralAttempts : 1) {
            var address = try SocketAddress.resolve(host: endpoint.host, port: endpoint.port)
            if endpoint.port == 0 { coap_address_set_port(&address, try SocketAddress.freePort(for: address)) }
            if let created = coap_new_endpoint(context, &address, proto) { return created }
        }
        throw CoAPError(.transport, "cannot listen on \(endpoint.host) port \(endpoint.port) (\(endpoint.isSecure ? "DTLS" : "UDP"))")
    }

    private func configurePSK(_ psk: PSKServerCredentials) throws(CoAPError) {
        var setup = coap_dtls_spsk_t()
        setup.version = UInt8(COAP_DTLS_SPSK_SETUP_VERSION)
        setup.validate_id_call_back = { identity, session, _ in
            guard let identity, let session, let core = ServerCore.from(session) else { return nil }
            return core.lookUpKey(identity: identity.pointee)
        }
        let hint = cStrings.copy(psk.hint)
        setup.psk_info.hint = coap_bin_const_t(length: psk.hint.utf8.count, s: UnsafeRawPointer(hint).assumingMemoryBound(to: UInt8.self))
        setup.psk_info.key = coap_bin_const_t(length: 0, s: nil)
        guard coap_context_set_psk2(context, &setup) != 0 else {
            throw CoAPError(.dtls, "coap_context_set_psk2 failed")
        }
    }

    private func configurePKI(_ pki: PKICredentials) throws(CoAPError) {
        var setup = pki.libcoapSetup(store: cStrings)
        setup.validate_cn_call_back = { name, _, _, session, depth, validated, _ in
            guard let session, let name, depth == 0, validated != 0 else { return 1 }
            ServerCore.from(session)?.certificateNames[sessionKey(session)] = String(cString: name)
            return 1
        }
        guard coap_context_set_pki(context, &setup) != 0 else {
            throw CoAPError(.dtls, "coap_context_set_pki failed: check \(pki.certificateFile), \(pki.privateKeyFile) and \(pki.caFile)")
        }
    }

    private static func boundPort(of endpoint: OpaquePointer) -> UInt16? {
        // `coap_endpoint_str` prints the bound address, e.g. "[::]:40123 UDP".
        let text = LibCoAP.describe(endpoint: endpoint)
        guard let space = text.lastIndex(of: " "), let colon = text[..<space].lastIndex(of: ":") else { return nil }
        return UInt16(text[text.index(after: colon)..<space])
    }

    /// Creates the libcoap resource for one concrete path; handlers dispatch through the router.
    @discardableResult
    func materialize(path: String, observable: Bool) -> OpaquePointer? {
        if let existing = materialized[path] { return existing }
        let bytes = Array(path.utf8)
        guard let uri = bytes.withUnsafeBufferPointer({ coap_new_str_const($0.baseAddress, $0.count) }),
              let resource = coap_resource_init(uri, Int32(COAP_RESOURCE_FLAGS_RELEASE_URI | COAP_RESOURCE_FLAGS_NOTIFY_CON))
        else {
            logger.error("cannot create a libcoap resource for /\(path)")
            return nil
        }
        registerHandlers(on: resource)
        if observable { coap_resource_set_get_observable(resource, 1) }
        coap_add_resource(context, resource)
        materialized[path] = resource
        return resource
    }

    private func registerHandlers(on resource: OpaquePointer) {
        for method in CoAPMethod.allCases {
            coap_register_request_handler(resource, coap_request_t(rawValue: UInt32(method.rawValue)), ServerCore.methodTrampoline)
        }
    }

    private static let methodTrampoline: coap_method_handler_t = { resource, session, request, _, response in
        guard let resource, let session, let request, let response, let core = ServerCore.from(session) else { return }
        core.handle(resource: resource, session: session, request: request, response: response)
    }

    private static func from(_ session: OpaquePointer) -> ServerCore? {
        guard let context = coap_session_get_context(session), let raw = coap_get_app_data(context) else { return nil }
        // Safety: the app data is this object, alive until tearDown() clears the context.
        return Unmanaged<ServerCore>.fromOpaque(raw).takeUnretainedValue()
    }

    // MARK: DTLS, events and failures

    private func lookUpKey(identity: coap_bin_const_t) -> UnsafePointer<coap_bin_const_t>? {
        guard let psk = configuration.dtls?.psk, let bytes = identity.s else { return nil }
        let name = String(decoding: UnsafeBufferPointer(start: bytes, count: identity.length), as: UTF8.self)
        guard let key = psk.keyForIdentity(name), !key.isEmpty, key.count <= 64 else {
            logger.notice("DTLS: refused PSK identity '\(name)'")
            return nil
        }
        key.withUnsafeBufferPointer { pskKeyBytes.update(from: $0.baseAddress!, count: key.count) }
        pskScratch.pointee = coap_bin_const_t(length: key.count, s: UnsafePointer(pskKeyBytes))
        return UnsafePointer(pskScratch)
    }

    private func handleEvent(session: OpaquePointer, event: coap_event_t) {
        let key = sessionKey(session)
        switch event {
        case COAP_EVENT_SERVER_SESSION_NEW:
            configuration.transmission.apply(to: session)
        case COAP_EVENT_DTLS_CONNECTED:
            secureSessions[key] = session
        case COAP_EVENT_SERVER_SESSION_DEL, COAP_EVENT_DTLS_CLOSED, COAP_EVENT_SESSION_CLOSED:
            observers.removeSession(key)
            uploads.removeSession(key)
            blockResponses.removeSession(key)
            replies.removeSession(key)
            certificateNames[key] = nil
            secureSessions[key] = nil
        case COAP_EVENT_DTLS_ERROR:
            logger.notice("DTLS handshake with \(LibCoAP.describe(session: session)) failed")
        default:
            break
        }
    }

    private func handleNack(session: OpaquePointer, sent: OpaquePointer, reason: coap_nack_reason_t) {
        // A notification that was reset or never acknowledged ends that observation in libcoap.
        guard reason == COAP_NACK_RST || reason == COAP_NACK_TOO_MANY_RETRIES else { return }
        let key = sessionKey(session)
        let token = PDU.token(of: sent)
        observers.remove(session: key, token: token)
    }

    /// The identity a DTLS session authenticated: its certificate name, or its PSK identity.
    func identity(of session: OpaquePointer) -> String? {
        if let name = certificateNames[sessionKey(session)] { return name }
        guard let psk = coap_session_get_psk_identity(session), psk.pointee.length > 0, let bytes = psk.pointee.s else { return nil }
        return String(decoding: UnsafeBufferPointer(start: bytes, count: psk.pointee.length), as: UTF8.self)
    }

    // MARK: Calls from the public API (on the loop thread)

    /// Ends every DTLS session authenticated as `identity`: libcoap sends the peer a
    /// close_notify, drops the session's observations and frees it before the next wait.
    /// Runs as a loop job, never inside libcoap's own processing of that session.
    func closeSessions(of identity: String) -> Int {
        loop.assertInLoop()
        let matching = secureSessions.values.filter { self.identity(of: $0) == identity }
        for session in matching {
            logger.info("closing the DTLS session of '\(identity)' from \(LibCoAP.describe(session: session))")
            // Fires COAP_EVENT_DTLS_CLOSED, which forgets the session's state here.
            coap_session_disconnected(session, COAP_NACK_NOT_DELIVERABLE)
        }
        return matching.count
    }

    /// Sends the current state of `path` to its observers.
    func notify(path: String) {
        loop.assertInLoop()
        if let resource = materialized[path] { coap_resource_notify_observers(resource, nil) }
    }

    /// Observers of `path`, or of every path when nil.
    func observerCount(path: String?) -> Int {
        loop.assertInLoop()
        guard let path else { return observers.total }
        return observers.count(path: path)
    }

    // MARK: EventLoopDriver

    var coapDescriptor: Int32 { coap_context_get_coap_fd(context) }

    func millisecondsUntilNextDeadline() -> Int32 { -1 }

    func processIO() {
        _ = coap_io_process(context, UInt32.max)
    }

    func tearDown() {
        coap_free_context(context)
        materialized.removeAll()
        unknownResource = nil
        cStrings.freeAll()
        pskScratch.deallocate()
        pskKeyBytes.deallocate()
    }
}
