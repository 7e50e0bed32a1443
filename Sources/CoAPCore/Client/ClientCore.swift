import CLibCoAP
import Glibc

/// The client's state confined to its loop thread, and the libcoap context it owns.
///
/// Ownership: the `coap_context_t` and every client session are created and freed on the
/// loop thread (sessions die with the context in `tearDown()`, or earlier through
/// `coap_session_release` when they fail). Each PDU built here is handed to `coap_send`,
/// which owns it from then on. The context's app data is an unretained pointer to this
/// object, which the ``EventLoop`` keeps alive until after `tearDown()`.
final class ClientCore: EventLoopDriver, @unchecked Sendable {
    // @unchecked: every mutable field is touched only on the loop thread (asserted), except
    // `init`, which runs before the thread starts.
    let loop: EventLoop
    private let configuration: CoAPClient.Configuration
    private let logger: Logger
    private let context: OpaquePointer
    private var sessions: [SessionKey: OpaquePointer] = [:]
    private var exchanges: [ExchangeKey: Exchange] = [:]
    private var exchangesByID: [UInt64: ExchangeKey] = [:]
    private var observations: [ExchangeKey: ClientObservation] = [:]
    private var observationsByTarget: [String: ExchangeKey] = [:]
    private var observationOfSink: [UInt64: ExchangeKey] = [:]
    private var deadlines = DeadlineQueue()
    private var failedSessions: [OpaquePointer] = []
    /// When each open session last started or finished an exchange (monotonic milliseconds).
    private var lastUsed: [OpaquePointer: UInt64] = [:]
    /// When idle sessions are next looked for; nil while there are none.
    private var nextIdleSweep: UInt64?
    private let cStrings = CStringStore()

    private struct SessionKey: Hashable {
        let isSecure: Bool
        let host: String
        let port: UInt16
        /// Requests with other credentials to the same peer get a session of their own.
        let credentials: DTLSClientCredentials?
    }

    struct ExchangeKey: Hashable {
        let session: UInt
        let token: [UInt8]
    }

    /// One request in flight, across all of its blocks.
    final class Exchange {
        let id: UInt64
        let session: OpaquePointer
        let request: CoAPClientRequest
        var transfer: BlockwiseTransfer
        var token: [UInt8] = []
        let observe: Bool
        let completion: (Result<CoAPResponse, CoAPError>) -> Void

        init(id: UInt64, session: OpaquePointer, request: CoAPClientRequest, transfer: BlockwiseTransfer,
             observe: Bool, completion: @escaping (Result<CoAPResponse, CoAPError>) -> Void) {
            self.id = id
            self.session = session
            self.request = request
            self.transfer = transfer
            self.observe = observe
            self.completion = completion
        }
    }

    init(configuration: CoAPClient.Configuration, logger: Logger, loop: EventLoop) throws(CoAPError) {
        LibCoAP.ensureStarted()
        guard let context = coap_new_context(nil) else { throw CoAPError(.transport, "coap_new_context failed") }
        self.context = context
        self.configuration = configuration
        self.logger = logger
        self.loop = loop
        coap_set_app_data(context, Unmanaged.passUnretained(self).toOpaque())
        coap_register_response_handler(context) { session, _, received, _ in
            guard let session, let received, let core = ClientCore.from(session) else { return COAP_RESPONSE_FAIL }
            return core.handleResponse(session: session, pdu: received) ? COAP_RESPONSE_OK : COAP_RESPONSE_FAIL
        }
        coap_register_nack_handler(context) { session, sent, reason, _ in
            guard let session, let core = ClientCore.from(session) else { return }
            core.handleNack(session: session, sent: sent, reason: reason)
        }
        coap_register_event_handler(context) { session, event in
            guard let session, let core = ClientCore.from(session) else { return 0 }
            core.handleEvent(session: session, event: event)
            return 0
        }
    }

    private static func from(_ session: OpaquePointer) -> ClientCore? {
        guard let context = coap_session_get_context(session), let raw = coap_get_app_data(context) else { return nil }
        // Safety: the app data is this object, alive until tearDown() frees the context.
        return Unmanaged<ClientCore>.fromOpaque(raw).takeUnretainedValue()
    }

    // MARK: Starting and cancelling calls

    /// Starts a request; `completion` runs exactly once, on the loop thread.
    func start(
        _ request: CoAPClientRequest, handle: CallHandle, address: coap_address_t,
        completion: @escaping (Result<CoAPResponse, CoAPError>) -> Void
    ) {
        loop.assertInLoop()
        guard handle.markStarted() else {
            completion(.failure(CoAPError(.cancelled, "the call was cancelled")))
            return
        }
        let session: OpaquePointer
        do {
            session = try self.session(for: request, address: address)
        } catch {
            handle.markFinished()
            completion(.failure(error))
            return
        }
        let transfer = BlockwiseTransfer(
            payloadSize: request.payload.count, offset: request.offset,
            blockSize: request.blockSize ?? configuration.blockSize, maxBodySize: configuration.maxBodySize,
            streaming: request.bodySink != nil)
        let exchange = Exchange(id: handle.id, session: session, request: request, transfer: transfer, observe: false) { result in
            handle.markFinished()
            completion(result)
        }
        deadlines.insert(monotonicMilliseconds() + request.timeout.milliseconds, id: handle.id)
        send(exchange.transfer.first, for: exchange)
    }

    /// Starts an observation, or joins one of the same target: the latest state and every
    /// fresh notification go to `sink`.
    func observe(
        _ request: CoAPClientRequest, id: UInt64, address: coap_address_t, sink: ClientObservation.Sink
    ) {
        loop.assertInLoop()
        let session: OpaquePointer
        do {
            session = try self.session(for: request, address: address)
        } catch {
            sink.finish(throwing: error)
            return
        }
        let target = "\(sessionKey(session)) \(request.uri)"
        if let key = observationsByTarget[target], let existing = observations[key] {
            existing.add(sink, id: id)
            observationOfSink[id] = key
            return
        }
        let observation = ClientObservation(registrationID: id, session: session, request: request, target: target)
        observation.bodyExchangeID = id
        observation.add(sink, id: id)
        let transfer = BlockwiseTransfer(payloadSize: 0, offset: 0, blockSize: request.blockSize ?? configuration.blockSize,
                                         maxBodySize: configuration.maxBodySize)
        let exchange = Exchange(id: id, session: session, request: request, transfer: transfer, observe: true) { [weak self] result in
            self?.deliverFirst(result, of: observation)
        }
        deadlines.insert(monotonicMilliseconds() + request.timeout.milliseconds, id: id)
        guard send(exchange.transfer.first, for: exchange) else { return }
        let key = ExchangeKey(session: sessionKey(session), token: exchange.token)
        observations[key] = observation
        observationsByTarget[target] = key
        observationOfSink[id] = key
    }

    /// Cancels a call that is in flight; its completion reports cancellation.
    func cancel(id: UInt64) {
        loop.assertInLoop()
        guard let key = exchangesByID[id], let exchange = exchanges[key] else { return }
        finish(exchange, with: .failure(CoAPError(.cancelled, "the call was cancelled")))
    }

    /// Ends one consumer of an observation; the last one deregisters it on the wire
    /// (RFC 7641 §3.6).
    func stopObserving(id: UInt64) {
        loop.assertInLoop()
        guard let key = observationOfSink.removeValue(forKey: id), let observation = observations[key] else { return }
        observation.remove(id: id)
        guard observation.sinks.isEmpty else { return }
        end(observation, key: key)
        if let exchangeKey = exchangesByID[observation.registrationID], let exchange = exchanges[exchangeKey] {
            finish(exchange, with: .failure(CoAPError(.cancelled, "the observation was cancelled")))
        }
        deregister(observation, token: key.token)
    }

    /// Forgets an observation and ends its consumers.
    private func end(_ observation: ClientObservation, key: ExchangeKey, throwing error: (any Error)? = nil) {
        observations[key] = nil
        observationsByTarget[observation.target] = nil
        for id in observation.sinks.keys { observationOfSink[id] = nil }
        observation.finish(throwing: error)
    }

    private func key(of observation: ClientObservation) -> ExchangeKey? {
        observationsByTarget[observation.target]
    }

    private func deliverFirst(_ result: Result<CoAPResponse, CoAPError>, of observation: ClientObservation) {
        guard let key = key(of: observation) else { return }
        switch result {
        case .success(let response):
            observation.yield(response)
            if let sequence = response.options.first(.observe)?.uintValue {
                observation.last = (sequence, monotonicMilliseconds())
            } else {
                // The server did not accept the registration: this was a plain answer.
                end(observation, key: key)
            }
        case .failure(let error):
            end(observation, key: key, throwing: error)
        }
    }

    private func deregister(_ observation: ClientObservation, token: [UInt8]) {
        guard let pdu = coap_new_pdu(COAP_MESSAGE_CON, COAP_REQUEST_CODE_GET, observation.session) else { return }
        _ = token.withUnsafeBufferPointer { coap_add_token(pdu, $0.count, $0.baseAddress) }
        var options = [CoAPOption(.observe, uint: 1)]
        options += observation.request.uri.pathSegments.map { CoAPOption(.uriPath, string: $0) }
        options += observation.request.uri.query.map { CoAPOption(.uriQuery, string: $0) }
        for option in options { PDU.add(option, to: pdu) }
        _ = coap_send(observation.session, pdu)
    }

    // MARK: Sessions

    private func session(for request: CoAPClientRequest, address: coap_address_t) throws(CoAPError) -> OpaquePointer {
        let uri = request.uri
        let credentials = uri.isSecure ? request.credentials ?? configuration.dtls : nil
        let key = SessionKey(isSecure: uri.isSecure, host: uri.host, port: uri.port, credentials: credentials)
        let now = monotonicMilliseconds()
        if nextIdleSweep == nil { nextIdleSweep = now + idleTimeoutMilliseconds }
        if let existing = sessions[key] {
            lastUsed[existing] = now
            return existing
        }
        var address = address
        let created: OpaquePointer?
        if !uri.isSecure {
            created = coap_new_client_session(context, nil, &address, COAP_PROTO_UDP)
        } else {
            guard coap_dtls_is_supported() != 0 else { throw CoAPError(.dtls, "this libcoap has no DTLS support") }
            switch credentials {
            case nil:
                throw CoAPError(.invalidArgument, "\(uri) needs DTLS credentials (PSK or certificates)")
            case .psk(let identity, let key):
                guard !key.isEmpty, key.count <= 64 else { throw CoAPError(.invalidArgument, "a PSK key must be 1 to 64 bytes") }
                created = newPSKSession(address: &address, identity: Array(identity.utf8), key: key)
            case .pki(let files):
                created = newPKISession(address: &address, files: files)
            }
        }
        guard let created else {
            throw CoAPError(uri.isSecure ? .dtls : .transport, "cannot open a session to \(uri.host) port \(uri.port)")
        }
        configuration.transmission.apply(to: created)
        sessions[key] = created
        lastUsed[created] = now
        return created
    }

    private func newPSKSession(address: inout coap_address_t, identity: [UInt8], key: [UInt8]) -> OpaquePointer? {
        var setup = coap_dtls_cpsk_t()
        setup.version = UInt8(COAP_DTLS_CPSK_SETUP_VERSION)
        return identity.withUnsafeBufferPointer { identityBytes in
            key.withUnsafeBufferPointer { keyBytes in
                // libcoap copies identity and key into the session during this call.
                setup.psk_info.identity = coap_bin_const_t(length: identityBytes.count, s: identityBytes.baseAddress)
                setup.psk_info.key = coap_bin_const_t(length: keyBytes.count, s: keyBytes.baseAddress)
                return coap_new_client_session_psk2(context, nil, &address, COAP_PROTO_DTLS, &setup)
            }
        }
    }

    private func newPKISession(address: inout coap_address_t, files: PKICredentials) -> OpaquePointer? {
        var setup = files.libcoapClientSetup(store: cStrings)
        return coap_new_client_session_pki(context, nil, &address, COAP_PROTO_DTLS, &setup)
    }

    /// Forgets a session that failed; it is released after the current I/O turn. A session
    /// already let go (released while idle, or dropped before) is left alone: libcoap reports
    /// its DTLS close while freeing it.
    private func dropSession(_ session: OpaquePointer, error: CoAPError) {
        guard lastUsed[session] != nil else { return }
        for (key, value) in sessions where value == session { sessions[key] = nil }
        lastUsed[session] = nil
        for exchange in exchanges.values where exchange.session == session {
            finish(exchange, with: .failure(error))
        }
        for (key, observation) in observations where observation.session == session {
            end(observation, key: key, throwing: error)
        }
        if !failedSessions.contains(session) { failedSessions.append(session) }
    }

    // MARK: Messages

    @discardableResult
    private func send(_ outgoing: BlockwiseTransfer.Outgoing, for exchange: Exchange) -> Bool {
        let request = exchange.request
        let type = request.confirmable ? COAP_MESSAGE_CON : COAP_MESSAGE_NON
        guard let pdu = coap_new_pdu(type, coap_pdu_code_t(rawValue: UInt32(request.method.rawValue)), exchange.session) else {
            finish(exchange, with: .failure(CoAPError(.transport, "cannot build a request PDU")))
            return false
        }
        var tokenBytes = [UInt8](repeating: 0, count: 8)
        var tokenLength = 0
        coap_session_new_token(exchange.session, &tokenLength, &tokenBytes)
        let token = Array(tokenBytes.prefix(tokenLength))
        _ = token.withUnsafeBufferPointer { coap_add_token(pdu, $0.count, $0.baseAddress) }

        var options: [CoAPOption] = []
        if exchange.observe && outgoing.isFirst { options.append(CoAPOption(.observe, uint: 0)) }
        options += request.uri.pathSegments.map { CoAPOption(.uriPath, string: $0) }
        let carriesPayload = !outgoing.payload.isEmpty
        if let format = request.contentFormat, carriesPayload || outgoing.isFirst {
            options.append(CoAPOption(.contentFormat, uint: UInt32(format.rawValue)))
        }
        options += request.uri.query.map { CoAPOption(.uriQuery, string: $0) }
        options += request.options.filter { !Self.managedOptions.contains($0.number) }
        if let block2 = outgoing.block2 { options.append(CoAPOption(.block2, value: block2.encoded)) }
        if let block1 = outgoing.block1 { options.append(CoAPOption(.block1, value: block1.encoded)) }
        if let size1 = outgoing.size1 { options.append(CoAPOption(.size1, uint: size1)) }
        // Options go on the wire in number order; repeated ones keep their relative order.
        let ordered = options.enumerated().sorted { ($0.element.number, $0.offset) < ($1.element.number, $1.offset) }
        for (_, option) in ordered { PDU.add(option, to: pdu) }
        if carriesPayload {
            request.payload[outgoing.payload].withUnsafeBytes { PDU.addPayload($0, to: pdu) }
        }

        let oldKey = exchangesByID[exchange.id]
        if let oldKey { exchanges[oldKey] = nil }
        let key = ExchangeKey(session: sessionKey(exchange.session), token: token)
        exchange.token = token
        exchanges[key] = exchange
        exchangesByID[exchange.id] = key
        // coap_send owns the PDU from here on, whatever it returns.
        guard coap_send(exchange.session, pdu) != COAP_INVALID_MID else {
            finish(exchange, with: .failure(CoAPError(.transport, "cannot send to \(request.uri.host) port \(request.uri.port)")))
            return false
        }
        return true
    }

    private static let managedOptions: Set<CoAPOption.Number> = [
        .uriHost, .uriPort, .uriPath, .uriQuery, .observe, .block1, .block2, .size1, .size2, .contentFormat,
    ]

    private func handleResponse(session: OpaquePointer, pdu: OpaquePointer) -> Bool {
        let key = ExchangeKey(session: sessionKey(session), token: PDU.token(of: pdu))
        let code = CoAPCode(rawValue: UInt8(truncatingIfNeeded: coap_pdu_get_code(pdu).rawValue))
        let options = PDU.options(of: pdu)
        let payload = PDU.payload(of: pdu)
        let contentFormat = options.first(.contentFormat).map { ContentFormat(rawValue: UInt16(truncatingIfNeeded: $0.uintValue)) }
        if let exchange = exchanges[key] {
            advance(exchange, code: code, contentFormat: contentFormat, options: options, payload: payload)
            return true
        }
        if let observation = observations[key] {
            notify(observation, key: key, code: code, contentFormat: contentFormat, options: options, payload: payload)
            return true
        }
        // An answer nobody waits for: a late notification after deregistering, or a duplicate.
        // Failing it makes libcoap send Reset, which also ends a forgotten observation.
        return coap_pdu_get_type(pdu) == COAP_MESSAGE_ACK
    }

    private func advance(_ exchange: Exchange, code: CoAPCode, contentFormat: ContentFormat?, options: [CoAPOption], payload: [UInt8]) {
        let action = exchange.transfer.receive(code: code, contentFormat: contentFormat, options: options, payload: payload)
        if let sink = exchange.request.bodySink, let chunk = exchange.transfer.lastChunk, !chunk.bytes.isEmpty {
            sink(chunk.offset, chunk.bytes)
        }
        switch action {
        case .send(let outgoing):
            send(outgoing, for: exchange)
        case .progress(let progress, let next):
            exchange.request.progress?(progress)
            if let next { send(next, for: exchange) }
        case .complete(let response):
            if let progress = exchange.request.progress {
                // The last step: the whole upload, or the whole download, is done.
                let uploaded = exchange.request.payload.count
                if uploaded > 0 {
                    progress(TransferProgress(direction: .upload, completed: uploaded, total: uploaded))
                } else if let chunk = exchange.transfer.lastChunk {
                    let size = chunk.offset + chunk.bytes.count
                    progress(TransferProgress(direction: .download, completed: size, total: size))
                }
            }
            finish(exchange, with: .success(response))
        case .fail(let error):
            finish(exchange, with: .failure(error))
        }
    }

    private func notify(_ observation: ClientObservation, key: ExchangeKey, code: CoAPCode, contentFormat: ContentFormat?, options: [CoAPOption], payload: [UInt8]) {
        let sequence = options.first(.observe)?.uintValue
        guard code.isSuccess, let sequence else {
            // An error or a plain answer ends the observation (RFC 7641 §3.2).
            if code.isError {
                end(observation, key: key, throwing: CoAPError.response(code, contentFormat: contentFormat, payload: payload, options: options))
            } else {
                observation.yield(CoAPResponse(code: code, contentFormat: contentFormat, payload: payload, options: options))
                end(observation, key: key)
            }
            return
        }
        let now = monotonicMilliseconds()
        if let last = observation.last, !Self.isFresh(sequence, after: last.sequence, elapsed: now &- last.at) { return }
        observation.last = (sequence, now)
        let blockwise = options.first(.block2).flatMap { BlockOption($0.value) }
        if let id = observation.bodyExchangeID, let exchangeKey = exchangesByID[id], let exchange = exchanges[exchangeKey] {
            // A body of this observation is still arriving, and it is stale now. The same
            // exchange goes on with the newer notification: two transfers of one resource on one
            // session would interleave, and the server keeps one block snapshot per session and
            // resource, so each would keep invalidating the other.
            exchange.transfer = BlockwiseTransfer(
                payloadSize: 0, offset: 0, blockSize: blockwise?.size ?? configuration.blockSize, maxBodySize: configuration.maxBodySize)
            advance(exchange, code: code, contentFormat: contentFormat, options: options, payload: payload)
            return
        }
        guard let block = blockwise, block.more else {
            observation.yield(CoAPResponse(code: code, contentFormat: contentFormat, payload: payload, options: options))
            return
        }
        // A large notification: fetch the remaining blocks with plain GETs (RFC 7959 §2.6).
        var transfer = BlockwiseTransfer(payloadSize: 0, offset: 0, blockSize: block.size, maxBodySize: configuration.maxBodySize)
        var request = observation.request
        request.timeout = .seconds(30)
        let id = CoAPClient.nextCallID()
        let exchange = Exchange(id: id, session: observation.session, request: request, transfer: transfer, observe: false) { result in
            if case .success(let response) = result { observation.yield(response) }
        }
        deadlines.insert(now + request.timeout.milliseconds, id: id)
        switch transfer.receive(code: code, contentFormat: contentFormat, options: options, payload: payload) {
        case .progress(_, let next?):
            exchange.transfer = transfer
            observation.bodyExchangeID = id
            send(next, for: exchange)
        default:
            break
        }
    }

    /// RFC 7641 §3.4: is notification `new` fresher than `old`?
    static func isFresh(_ new: UInt32, after old: UInt32, elapsed: UInt64) -> Bool {
        let limit: UInt32 = 1 << 23
        return (old < new && new - old < limit) || (old > new && old - new > limit) || elapsed > 128_000
    }

    private func finish(_ exchange: Exchange, with result: Result<CoAPResponse, CoAPError>) {
        guard let key = exchangesByID.removeValue(forKey: exchange.id) else { return }
        exchanges[key] = nil
        // Idle time counts from the end of the last exchange, however long it took.
        if lastUsed[exchange.session] != nil { lastUsed[exchange.session] = monotonicMilliseconds() }
        exchange.completion(result)
    }

    // MARK: Failures

    private func handleNack(session: OpaquePointer, sent: OpaquePointer?, reason: coap_nack_reason_t) {
        let error: CoAPError
        switch reason {
        case COAP_NACK_TOO_MANY_RETRIES: error = CoAPError(.timeout, "no answer after \(configuration.transmission.maxRetransmit) retransmissions")
        case COAP_NACK_RST: error = CoAPError(.transport, "the peer reset the exchange")
        case COAP_NACK_TLS_FAILED: error = CoAPError(.dtls, "the DTLS handshake failed")
        case COAP_NACK_ICMP_ISSUE: error = CoAPError(.transport, "the peer is unreachable (ICMP)")
        default: error = CoAPError(.transport, "the message could not be delivered")
        }
        if reason == COAP_NACK_TLS_FAILED {
            dropSession(session, error: error)
            return
        }
        guard let sent else { return }
        let key = ExchangeKey(session: sessionKey(session), token: PDU.token(of: sent))
        if let exchange = exchanges[key] { finish(exchange, with: .failure(error)) }
    }

    private func handleEvent(session: OpaquePointer, event: coap_event_t) {
        switch event {
        case COAP_EVENT_DTLS_ERROR:
            dropSession(session, error: CoAPError(.dtls, "the DTLS handshake with \(LibCoAP.describe(session: session)) failed"))
        case COAP_EVENT_DTLS_CLOSED, COAP_EVENT_SESSION_FAILED:
            dropSession(session, error: CoAPError(.dtls, "the session to \(LibCoAP.describe(session: session)) closed"))
        default:
            break
        }
    }

    private func expireDeadlines() {
        let now = monotonicMilliseconds()
        for id in deadlines.popExpired(now: now) {
            guard let key = exchangesByID[id], let exchange = exchanges[key] else { continue }
            let established = coap_session_get_state(exchange.session) == COAP_SESSION_STATE_ESTABLISHED
            if exchange.request.uri.isSecure && !established {
                dropSession(exchange.session, error: CoAPError(.dtls, "the DTLS handshake with \(exchange.request.uri.host) did not complete within \(exchange.request.timeout)"))
            } else {
                finish(exchange, with: .failure(CoAPError(.timeout, "no answer from \(exchange.request.uri.host) within \(exchange.request.timeout)")))
            }
        }
    }

    private var idleTimeoutMilliseconds: UInt64 { max(1, configuration.idleSessionTimeout.milliseconds) }

    /// Releases the sessions nothing used for ``CoAPClient/Configuration/idleSessionTimeout``
    /// and that have nothing in flight; libcoap sends a DTLS peer its close_notify.
    private func closeIdleSessions() {
        let now = monotonicMilliseconds()
        guard let due = nextIdleSweep, due <= now else { return }
        let busy = Set(exchanges.values.map(\.session)).union(observations.values.map(\.session))
        for (key, session) in sessions where !busy.contains(session) && now - (lastUsed[session] ?? now) >= idleTimeoutMilliseconds {
            sessions[key] = nil
            lastUsed[session] = nil
            failedSessions.append(session)
        }
        // Look again when the session used longest ago comes due; not sooner than a second (or
        // the timeout) from now, since that one may be busy with a long transfer.
        nextIdleSweep = lastUsed.values.min().map { max($0 + idleTimeoutMilliseconds, now + min(idleTimeoutMilliseconds, 1000)) }
    }

    /// Open sessions (for ``CoAPClient/sessionCount``).
    var sessionCount: Int {
        loop.assertInLoop()
        return sessions.count
    }

    // MARK: EventLoopDriver

    var coapDescriptor: Int32 { coap_context_get_coap_fd(context) }

    func millisecondsUntilNextDeadline() -> Int32 {
        guard let earliest = [deadlines.earliest, nextIdleSweep].compactMap({ $0 }).min() else { return -1 }
        let now = monotonicMilliseconds()
        return earliest <= now ? 0 : Int32(clamping: earliest - now)
    }

    func processIO() {
        _ = coap_io_process(context, UInt32.max)
        expireDeadlines()
        closeIdleSessions()
        for session in failedSessions { coap_session_release(session) }
        failedSessions.removeAll()
    }

    func tearDown() {
        let error = CoAPError(.shutDown, "the client was shut down")
        for exchange in Array(exchanges.values) { finish(exchange, with: .failure(error)) }
        for (key, observation) in observations { end(observation, key: key, throwing: error) }
        for session in failedSessions { coap_session_release(session) }
        failedSessions.removeAll()
        sessions.removeAll()
        coap_free_context(context)
        cStrings.freeAll()
    }
}
