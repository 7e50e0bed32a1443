import CoAPCore
import TestSupport
import Testing

@Suite("Server and client over loopback")
struct ServerClientTests {
    static func router() -> CoAPRouter {
        var router = CoAPRouter()
        router.on(.get, "test") { _ in .text("ok") }
        router.on(.get, "nodes/{id}/health") { request in .text("health of \(request.pathParameters["id"] ?? "?")") }
        router.on(.get, "nodes/special/health") { _ in .text("literal wins") }
        for method in [CoAPMethod.post, .put, .delete, .fetch, .patch, .iPatch] {
            router.on(method, "echo") { request in
                var options = [CoAPOption(.maxAge, uint: 7)]
                options.append(CoAPOption(.locationPath, string: request.method.description))
                return CoAPResponse(code: method == .post ? .created : .changed, contentFormat: request.contentFormat,
                                    payload: request.payload, options: options)
            }
        }
        router.on(.get, "query") { request in .text("a=\(request.queryValue("a") ?? "-") b=\(request.queryValue("b") ?? "-")") }
        router.on(.get, "options") { request in
            .text("accept=\(request.options.first(.accept)?.uintValue ?? 999) custom=\(request.options.first(CoAPOption.Number(rawValue: 65000))?.stringValue ?? "")")
        }
        router.on(.get, "fail") { _ in throw CoAPError.response(.serviceUnavailable, payload: Array("busy".utf8)) }
        router.on(.get, "crash") { _ in
            struct Oops: Error {}
            throw Oops()
        }
        router.on(.post, "upload") { request in .text("\(request.payload.count)", code: .changed) }
        router.on(.post, "small", maxBodySize: 100) { request in .text("\(request.payload.count)", code: .changed) }
        return router
    }

    @Test func getReturnsContent() async throws {
        let loop = try Loopback(router: Self.router())
        defer { loop.close() }
        let answer = try await loop.client.get("\(loop.base)/test")
        #expect(answer.code == .content)
        #expect(answer.contentFormat == .textPlain)
        #expect(answer.text == "ok")
    }

    @Test func everyMethodWithPayloadOptionsAndContentFormat() async throws {
        let loop = try Loopback(router: Self.router())
        defer { loop.close() }
        for method in [CoAPMethod.post, .put, .delete, .fetch, .patch, .iPatch] {
            let answer = try await loop.client.send(CoAPClientRequest(
                method: method, uri: CoAPURI("\(loop.base)/echo"), contentFormat: .json, payload: Array("{\"m\":1}".utf8)))
            #expect(answer.code == (method == .post ? .created : .changed))
            #expect(answer.contentFormat == .json)
            #expect(answer.text == "{\"m\":1}")
            #expect(answer.options.first(.maxAge)?.uintValue == 7)
            #expect(answer.options.first(.locationPath)?.stringValue == method.description)
        }
    }

    @Test func queryAndCustomOptionsReachTheHandler() async throws {
        let loop = try Loopback(router: Self.router())
        defer { loop.close() }
        #expect(try await loop.client.get("\(loop.base)/query?a=1&b=two%20words").text == "a=1 b=two words")
        let answer = try await loop.client.get("\(loop.base)/options", options: [
            CoAPOption(.accept, uint: 50), CoAPOption(CoAPOption.Number(rawValue: 65000), string: "x-fleet"),
        ])
        #expect(answer.text == "accept=50 custom=x-fleet")
    }

    @Test func nonConfirmableRequestsAreAnswered() async throws {
        let loop = try Loopback(router: Self.router())
        defer { loop.close() }
        #expect(try await loop.client.get("\(loop.base)/test", confirmable: false).text == "ok")
    }

    @Test func parameterisedAndLiteralPaths() async throws {
        let loop = try Loopback(router: Self.router())
        defer { loop.close() }
        #expect(try await loop.client.get("\(loop.base)/nodes/n-42/health").text == "health of n-42")
        #expect(try await loop.client.get("\(loop.base)/nodes/special/health").text == "literal wins")
    }

    @Test func unknownPathIs404AndWrongMethodIs405() async throws {
        let loop = try Loopback(router: Self.router())
        defer { loop.close() }
        let notFound = await #expect(throws: CoAPError.self) { try await loop.client.get("\(loop.base)/nope") }
        #expect(notFound?.kind == .response)
        #expect(notFound?.code == .notFound)
        let wrongMethod = await #expect(throws: CoAPError.self) { try await loop.client.delete("\(loop.base)/test") }
        #expect(wrongMethod?.code == .methodNotAllowed)
        let allowed = payloadText(wrongMethod)
        #expect(allowed.contains("GET"))
        let unknownDelete = await #expect(throws: CoAPError.self) { try await loop.client.delete("\(loop.base)/nope") }
        #expect(unknownDelete?.code == .notFound)
    }

    @Test func handlerErrorsBecomeResponses() async throws {
        let loop = try Loopback(router: Self.router())
        defer { loop.close() }
        let busy = await #expect(throws: CoAPError.self) { try await loop.client.get("\(loop.base)/fail") }
        #expect(busy?.code == .serviceUnavailable)
        #expect(busy?.payload == Array("busy".utf8))
        let crash = await #expect(throws: CoAPError.self) { try await loop.client.get("\(loop.base)/crash") }
        #expect(crash?.code == .internalServerError)
    }

    @Test func bodyOverTheLimitIs413AndChangesNothing() async throws {
        let configuration = CoAPServer.Configuration(endpoints: [.udp(host: "127.0.0.1", port: 0)], maxBodySize: 10_000)
        let loop = try Loopback(router: Self.router(), configuration: configuration)
        defer { loop.close() }
        let tooLarge = await #expect(throws: CoAPError.self) {
            try await loop.client.post("\(loop.base)/upload", payload: testBytes(count: 20_000))
        }
        #expect(tooLarge?.code == .requestEntityTooLarge)
        #expect(try await loop.client.post("\(loop.base)/upload", payload: testBytes(count: 9_000)).text == "9000")
        // A resource may set a lower limit of its own.
        let small = await #expect(throws: CoAPError.self) {
            try await loop.client.post("\(loop.base)/small", payload: testBytes(count: 101))
        }
        #expect(small?.code == .requestEntityTooLarge)
        #expect(try await loop.client.post("\(loop.base)/small", payload: testBytes(count: 100)).text == "100")
    }

    @Test func bodiesForUnknownPathsAreRefusedBeforeTheyAreCollected() async throws {
        let loop = try Loopback(router: Self.router())
        defer { loop.close() }
        let blocksAccepted = Locked(0)
        let error = await #expect(throws: CoAPError.self) {
            try await loop.client.send(CoAPClientRequest(
                method: .post, uri: CoAPURI("\(loop.base)/nowhere"), payload: testBytes(count: 500_000),
                progress: { _ in blocksAccepted.update { $0 += 1 } }))
        }
        #expect(error?.code == .notFound)
        // Refused at the first block: not one block was acknowledged with 2.31.
        #expect(blocksAccepted.value == 0)
    }

    @Test func customErrorResponsesCarryJSON() async throws {
        let configuration = CoAPServer.Configuration(
            endpoints: [.udp(host: "127.0.0.1", port: 0)],
            errorResponse: { code, detail in
                CoAPResponse(code: code, contentFormat: .json, payload: Array("{\"error\":\"\(code)\",\"detail\":\"\(detail)\"}".utf8))
            })
        let loop = try Loopback(router: Self.router(), configuration: configuration)
        defer { loop.close() }
        let error = await #expect(throws: CoAPError.self) { try await loop.client.get("\(loop.base)/missing") }
        #expect(error?.contentFormat == .json)
        let body = payloadText(error)
        #expect(body.hasPrefix("{\"error\":\"4.04\""))
    }

    @Test func wellKnownCoreListsResourcesWithAttributes() async throws {
        var router = Self.router()
        router.add(CoAPResource("sensors/temp", observable: true,
                                attributes: LinkAttributes(resourceType: "temperature", interface: "core.s", contentFormats: [.json]),
                                handlers: [.get: { _ in .text("21") }]))
        let loop = try Loopback(router: router)
        defer { loop.close() }
        let answer = try await loop.client.get("\(loop.base)/.well-known/core")
        #expect(answer.contentFormat == .linkFormat)
        #expect(answer.text.contains("</sensors/temp>;rt=\"temperature\";if=\"core.s\";ct=50;obs"))
        #expect(answer.text.contains("</nodes/{id}/health>"))
        #expect(answer.text.contains("</test>"))
        let filtered = try await loop.client.get("\(loop.base)/.well-known/core?rt=temp*")
        #expect(filtered.text == "</sensors/temp>;rt=\"temperature\";if=\"core.s\";ct=50;obs")
    }

    @Test func unreachableServerTimesOutWithinTheDeadline() async throws {
        let client = try CoAPClient()
        defer { client.shutdown() }
        // A bound socket that never answers (held, so no other test's server can take the
        // port): the request must end at our deadline.
        let silent = try SilentUDPPort()
        defer { silent.close() }
        let port = silent.port
        let start = ContinuousClock.now
        let error = await #expect(throws: CoAPError.self) {
            try await client.get("coap://127.0.0.1:\(port)/test", timeout: .milliseconds(1500))
        }
        #expect(error?.kind == .timeout || error?.kind == .transport)
        // Far below CoAP's 93 s of retransmissions, with room for a suite of 600 tests starting
        // at once on two cores (a first run on a fresh machine took 10.2 s here).
        #expect(ContinuousClock.now - start < .seconds(40))
    }

    @Test func cancellingTheTaskEndsTheCall() async throws {
        var router = CoAPRouter()
        router.on(.get, "test") { _ in .text("ok") }
        let loop = try Loopback(router: router)
        defer { loop.close() }
        // A peer that never answers keeps the call pending until the task is cancelled.
        let silent = try CoAPServer(configuration: .init(endpoints: [.udp(host: "127.0.0.1", port: 0)]), router: CoAPRouter())
        let port = silent.port()!
        silent.shutdown()
        let task = Task { try await loop.client.get("coap://127.0.0.1:\(port)/test", timeout: .seconds(60)) }
        task.cancel()
        let result = await task.result
        #expect(throws: CoAPError.self) { try result.get() }
    }
}
