import CLibCoAP
import Glibc

/// Request handling on the server's loop thread: decode, reassemble Block1 bodies, route,
/// run the handler, and encode the answer, Block2-sliced when large.
extension ServerCore {
    /// What the loop does with one request.
    enum Outcome {
        /// Send this answer.
        case respond(WireResponse)
        /// Send nothing now: libcoap dispatches the request again later.
        case deferred
    }

    /// One request as libcoap delivered it.
    struct Incoming {
        let method: CoAPMethod
        let path: [String]
        let query: [String]
        let options: [CoAPOption]
        let payload: [UInt8]
        let session: OpaquePointer
        let sessionKey: UInt
        let isConfirmable: Bool
        let replayKey: ResponseReplayCache.Key

        var target: String {
            query.isEmpty ? path.joined(separator: "/") : path.joined(separator: "/") + "?" + query.joined(separator: "&")
        }

        /// POST, PUT, DELETE, PATCH and iPATCH change state; running them twice is not harmless.
        var isUnsafe: Bool { method != .get && method != .fetch }
    }

    /// libcoap's method handler for every resource, the unknown-path one included.
    func handle(resource: OpaquePointer, session: OpaquePointer, request pdu: OpaquePointer, response: OpaquePointer) {
        loop.assertInLoop()
        let (path, query, options) = PDU.splitTarget(PDU.options(of: pdu))
        let key = sessionKey(session)
        let replayKey = ResponseReplayCache.Key(session: key, messageID: UInt16(truncatingIfNeeded: coap_pdu_get_mid(pdu)),
                                                token: PDU.token(of: pdu))
        let now = monotonicMilliseconds()
        if let replay = replies.lookup(replayKey, now: now) {
            replay.emit(into: response)
            return
        }
        guard let method = CoAPMethod(rawValue: UInt8(truncatingIfNeeded: coap_pdu_get_code(pdu).rawValue)) else {
            error(.methodNotAllowed, "unsupported method").emit(into: response)
            return
        }
        let incoming = Incoming(
            method: method, path: path, query: query, options: options, payload: PDU.payload(of: pdu), session: session,
            sessionKey: key, isConfirmable: coap_pdu_get_type(pdu) == COAP_MESSAGE_CON, replayKey: replayKey)
        switch answer(incoming, resource: resource, pdu: pdu, now: now) {
        case .respond(let wire):
            wire.emit(into: response)
            if incoming.isConfirmable && incoming.isUnsafe { replies.store(wire, key: replayKey, now: now) }
        case .deferred:
            break
        }
    }

    private func answer(_ incoming: Incoming, resource: OpaquePointer, pdu: OpaquePointer, now: UInt64) -> Outcome {
        let block2 = incoming.options.first(.block2).flatMap { BlockOption($0.value) }
        let cacheKey = BlockResponseCache.Key(session: incoming.sessionKey, method: incoming.method, target: incoming.target)

        // A later block of a response already being sent comes from the stored snapshot.
        if let block2, block2.number > 0, let entry = blockResponses.lookup(cacheKey, now: now) {
            return .respond(encode(entry.response, entityTag: entry.entityTag, session: incoming.session, block2: block2, cacheKey: cacheKey))
        }

        // Route first: an unknown path or method is refused before any body is collected.
        let path = incoming.path.joined(separator: "/")
        guard let match = router.resolve(incoming.path) else { return .respond(error(.notFound, "no resource at /\(path)")) }
        let route = router.resources[match.index]
        guard let handler = route.handlers[incoming.method] else {
            let allowed = CoAPMethod.allCases.filter { route.handlers[$0] != nil }.map(\.description).joined(separator: ", ")
            return .respond(error(.methodNotAllowed, "\(incoming.method) is not allowed on /\(route.template); allowed: \(allowed)"))
        }
        let limit = route.maxBodySize ?? configuration.maxBodySize

        var payload = incoming.payload
        var options = incoming.options
        var bodyFile: SpooledBody?
        if let block1Option = options.first(.block1) {
            guard let block1 = BlockOption(block1Option.value) else { return .respond(error(.badOption, "malformed Block1 option")) }
            let key = Block1Assembler.Key(session: incoming.sessionKey, method: incoming.method, target: incoming.target)
            switch uploads.receive(
                block1, payload: payload, size1: options.first(.size1)?.uintValue, limit: limit, key: key, now: now,
                spoolDirectory: route.spoolDirectory) {
            case .needMore(let echo):
                return .respond(WireResponse(code: .continue, options: [CoAPOption(.block1, value: echo.encoded)], payload: []))
            case .failure(let code, let detail):
                var wire = error(code, detail)
                if code == .requestEntityTooLarge { wire.options.append(CoAPOption(.size1, uint: UInt32(clamping: limit))) }
                return .respond(wire)
            case .complete(let body):
                payload = body
                options.removeAll { $0.number == .block1 || $0.number == .size1 }
            case .completeSpooled(let body):
                payload = []
                bodyFile = body
                options.removeAll { $0.number == .block1 || $0.number == .size1 }
            }
        } else if payload.count > limit {
            return .respond(error(.requestEntityTooLarge, "body exceeds the limit of \(limit) bytes"))
        }

        let observe = incoming.method == .get && route.observable ? options.first(.observe)?.uintValue : nil
        if resource == unknownResource && route.observable {
            // From now on this path has a resource of its own, which libcoap can observe.
            materialize(path: path, observable: true)
            // libcoap cannot observe its unknown-path resource, so a registration that landed
            // there is answered separately: an empty ACK now, and the request dispatched once
            // more, to the new resource, on the next I/O turn (libcoap's async mechanism).
            if observe == 0, incoming.isConfirmable, let async = coap_register_async(incoming.session, pdu, 0) {
                coap_async_trigger(async)
                return .deferred
            }
        }

        let remote = SocketAddress.describe(coap_session_get_addr_remote(incoming.session))
        let isSecure = coap_session_get_proto(incoming.session) == COAP_PROTO_DTLS
        let request = CoAPRequest(
            method: incoming.method, pathSegments: incoming.path, pathParameters: match.parameters, query: incoming.query,
            options: options,
            contentFormat: options.first(.contentFormat).map { ContentFormat(rawValue: UInt16(truncatingIfNeeded: $0.uintValue)) },
            payload: payload, peer: CoAPPeer(host: remote.host, port: remote.port, isSecure: isSecure),
            identity: isSecure ? identity(of: incoming.session) : nil, bodyFile: bodyFile)
        // The spooled file is the handler's to move; whatever it left behind goes.
        defer { if let bodyFile { unlink(bodyFile.path) } }

        let answer: CoAPResponse
        do {
            answer = try handler(request)
        } catch let thrown as CoAPError where thrown.kind == .response {
            answer = CoAPResponse(
                code: thrown.code ?? .internalServerError, contentFormat: thrown.contentFormat, payload: thrown.payload, options: thrown.options)
        } catch {
            logger.error("handler for \(incoming.method) /\(route.template) failed: \(error)")
            answer = configuration.errorResponse(.internalServerError, "the request could not be handled")
        }

        if let observe, resource != unknownResource {
            // Mirror libcoap's observer list (RFC 7641 §4.1): it keeps a registration only
            // when the answer is a success.
            if observe == 0 && answer.code.isSuccess {
                observers.add(session: incoming.sessionKey, token: incoming.replayKey.token, path: path)
            } else {
                observers.remove(session: incoming.sessionKey, token: incoming.replayKey.token)
            }
        }
        return .respond(encode(answer, entityTag: nil, session: incoming.session, block2: block2, cacheKey: cacheKey))
    }

    /// An error answer as the configuration formats it.
    private func error(_ code: CoAPCode, _ detail: String) -> WireResponse {
        let answer = configuration.errorResponse(code, detail)
        var options = answer.options.filter { !Self.managedOptions.contains($0.number) }
        if let format = answer.contentFormat { options.append(CoAPOption(.contentFormat, uint: UInt32(format.rawValue))) }
        return WireResponse(code: answer.code, options: options, payload: answer.payload[...])
    }

    /// Encodes one message of an answer, slicing a large body into a Block2 block (RFC 7959
    /// §2.4) and keeping the whole answer for the blocks that follow.
    private func encode(
        _ answer: CoAPResponse, entityTag known: [UInt8]?, session: OpaquePointer, block2: BlockOption?,
        cacheKey: BlockResponseCache.Key
    ) -> WireResponse {
        let length: Int
        switch answer.body {
        case .bytes(let bytes): length = bytes.count
        case .file(let file): length = file.size
        }
        let maxPayload = max(16, Int(coap_session_max_pdu_size(session)) - 64)
        let szx = min(preferredSZX, BlockOption.szx(forSize: maxPayload))
        guard let slice = BlockSlicer.slice(length: length, requested: block2, preferredSZX: szx) else {
            return error(.badRequest, "block \(block2?.number ?? 0) is past the end of the body")
        }
        var options = answer.options.filter { !Self.managedOptions.contains($0.number) }
        if let format = answer.contentFormat { options.append(CoAPOption(.contentFormat, uint: UInt32(format.rawValue))) }
        if let block = slice.block {
            let tag: [UInt8]
            if let known {
                tag = known
            } else if case .file(let file) = answer.body {
                tag = file.entityTag
            } else {
                tag = BlockSlicer.entityTag(of: answer.payload)
            }
            if !tag.isEmpty && !options.contains(where: { $0.number == .eTag }) { options.append(CoAPOption(.eTag, value: tag)) }
            options.append(CoAPOption(.block2, value: block.encoded))
            options.append(CoAPOption(.size2, uint: UInt32(clamping: length)))
            if !block.more {
                blockResponses.remove(cacheKey)
            } else if known == nil {
                blockResponses.store(answer, entityTag: tag, key: cacheKey, now: monotonicMilliseconds())
            }
        }
        switch answer.body {
        case .bytes(let bytes):
            return WireResponse(code: answer.code, options: options, payload: bytes[slice.range])
        case .file(let file):
            guard let chunk = Self.read(file, range: slice.range) else {
                logger.error("cannot read \(file.path): \(errnoText())")
                return error(.internalServerError, "the body could not be read")
            }
            return WireResponse(code: answer.code, options: options, payload: chunk[...])
        }
    }

    /// Options CoAPCore sets itself; a handler's own copies are ignored.
    private static let managedOptions: Set<CoAPOption.Number> = [.block1, .block2, .size1, .size2, .observe, .contentFormat]

    private static func read(_ file: FileBody, range: Range<Int>) -> [UInt8]? {
        let descriptor = open(file.path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        var bytes = [UInt8](repeating: 0, count: range.count)
        var done = 0
        while done < range.count {
            let count = bytes.withUnsafeMutableBytes {
                pread(descriptor, $0.baseAddress! + done, range.count - done, off_t(range.lowerBound + done))
            }
            if count < 0 && errno == EINTR { continue }
            guard count > 0 else { return nil }
            done += count
        }
        return bytes
    }
}
