@testable import CoAPCore
import Testing

@Suite("Pure logic: options, routing, link format, block-wise state")
struct PureLogicTests {
    @Test func codesPrintAsClassDotDetail() {
        #expect(CoAPCode.notFound.description == "4.04")
        #expect(CoAPCode.continue.description == "2.31")
        #expect(CoAPCode(rawValue: 0x45) == .content)
        #expect(CoAPCode.requestEntityTooLarge.isError && !CoAPCode.changed.isError)
    }

    @Test func uintOptionsUseTheShortestEncoding() {
        #expect(CoAPOption.encode(uint: 0) == [])
        #expect(CoAPOption.encode(uint: 50) == [50])
        #expect(CoAPOption.encode(uint: 0x1_0203) == [1, 2, 3])
        #expect(CoAPOption(.contentFormat, value: [1, 2]).uintValue == 0x102)
    }

    @Test func blockOptionsRoundTrip() {
        let block = BlockOption(number: 1000, more: true, szx: 6)
        #expect(BlockOption(block.encoded) == block)
        #expect(block.size == 1024 && block.offset == 1_024_000)
        #expect(BlockOption([0x07]) == nil)  // size exponent 7 (BERT) is not for UDP
        #expect(BlockOption.szx(forSize: 1024) == 6 && BlockOption.szx(forSize: 1000) == 5 && BlockOption.szx(forSize: 1) == 0)
    }

    @Test func urisParseWithDefaultsIPv6AndPercentEncoding() throws {
        let uri = try CoAPURI("coaps://[::1]/a%20b/c?x=1&y")
        #expect(uri.isSecure && uri.host == "::1" && uri.port == 5684)
        #expect(uri.pathSegments == ["a b", "c"] && uri.query == ["x=1", "y"])
        #expect(try CoAPURI("coap://host:1234").port == 1234)
        #expect(throws: CoAPError.self) { try CoAPURI("http://host/") }
        #expect(throws: CoAPError.self) { try CoAPURI("coap://host:99999/") }
        #expect(throws: CoAPError.self) { try CoAPURI("coap:///path") }
    }

    @Test func routerPrefersLiteralSegments() {
        var router = CoAPRouter()
        router.on(.get, "updates/{id}") { _ in .text("param") }
        router.on(.post, "updates/available") { _ in .text("literal") }
        router.on(.get, "nodes/{id}/health") { _ in .text("x") }
        #expect(router.resolve(["updates", "available"])?.index == 1)
        #expect(router.resolve(["updates", "job-1"])?.parameters == ["id": "job-1"])
        #expect(router.resolve(["nodes", "n1", "health"])?.parameters == ["id": "n1"])
        #expect(router.resolve(["nodes", "n1"]) == nil)
        #expect(router.resolve(["nodes", "", "health"]) == nil)
    }

    @Test func linkFormatListsAttributesAndFilters() {
        let resources = [
            CoAPResource("health", observable: true, attributes: LinkAttributes(resourceType: "fleet.health", interface: "core.s", contentFormats: [.json])),
            CoAPResource("test", attributes: LinkAttributes(contentFormats: [.textPlain, .json])),
        ]
        #expect(LinkFormat.render(resources, query: []) == "</health>;rt=\"fleet.health\";if=\"core.s\";ct=50;obs,</test>;ct=\"0 50\"")
        #expect(LinkFormat.render(resources, query: ["rt=fleet.*"]) == "</health>;rt=\"fleet.health\";if=\"core.s\";ct=50;obs")
        #expect(LinkFormat.render(resources, query: ["ct=0"]) == "</test>;ct=\"0 50\"")
        #expect(LinkFormat.render(resources, query: ["href=/test"]) == "</test>;ct=\"0 50\"")
    }

    @Test func block1AssemblyEnforcesOrderAndLimit() {
        var assembler = Block1Assembler()
        let key = Block1Assembler.Key(session: 1, method: .put, target: "x")
        let block = [UInt8](repeating: 7, count: 1024)
        #expect(assembler.receive(BlockOption(number: 0, more: true, szx: 6), payload: block, size1: nil, limit: 3000, key: key, now: 0)
            == .needMore(BlockOption(number: 0, more: true, szx: 6)))
        // A retransmitted block is acknowledged again, not appended twice.
        #expect(assembler.receive(BlockOption(number: 0, more: true, szx: 6), payload: block, size1: nil, limit: 3000, key: key, now: 1)
            == .needMore(BlockOption(number: 0, more: true, szx: 6)))
        #expect(assembler.receive(BlockOption(number: 1, more: false, szx: 6), payload: [1, 2], size1: nil, limit: 3000, key: key, now: 2)
            == .complete(block + [1, 2]))
        #expect(assembler.count == 0)
        // Announced too large: refused before anything is kept.
        if case .failure(let code, _) = assembler.receive(BlockOption(number: 0, more: true, szx: 6), payload: block, size1: 5000, limit: 3000, key: key, now: 3) {
            #expect(code == .requestEntityTooLarge)
        } else {
            Issue.record("expected 4.13")
        }
        // Growing past the limit: refused and dropped.
        _ = assembler.receive(BlockOption(number: 0, more: true, szx: 6), payload: block, size1: nil, limit: 3000, key: key, now: 4)
        _ = assembler.receive(BlockOption(number: 1, more: true, szx: 6), payload: block, size1: nil, limit: 3000, key: key, now: 5)
        if case .failure(let code, _) = assembler.receive(BlockOption(number: 2, more: true, szx: 6), payload: block, size1: nil, limit: 3000, key: key, now: 6) {
            #expect(code == .requestEntityTooLarge)
        } else {
            Issue.record("expected 4.13")
        }
        #expect(assembler.count == 0)
        // A gap is an incomplete entity.
        _ = assembler.receive(BlockOption(number: 0, more: true, szx: 6), payload: block, size1: nil, limit: 3000, key: key, now: 7)
        if case .failure(let code, _) = assembler.receive(BlockOption(number: 2, more: false, szx: 6), payload: [1], size1: nil, limit: 3000, key: key, now: 8) {
            #expect(code == .requestEntityIncomplete)
        } else {
            Issue.record("expected 4.08")
        }
        // Uploads together may hold only so much.
        var small = Block1Assembler(maxBufferedBytes: 2048)
        let other = Block1Assembler.Key(session: 2, method: .put, target: "x")
        #expect(small.receive(BlockOption(number: 0, more: true, szx: 6), payload: block, size1: nil, limit: 3000, key: key, now: 0)
            == .needMore(BlockOption(number: 0, more: true, szx: 6)))
        #expect(small.receive(BlockOption(number: 0, more: true, szx: 6), payload: block, size1: nil, limit: 3000, key: other, now: 0)
            == .needMore(BlockOption(number: 0, more: true, szx: 6)))
        if case .failure(let code, _) = small.receive(BlockOption(number: 1, more: true, szx: 6), payload: block, size1: nil, limit: 3000, key: key, now: 1) {
            #expect(code == .serviceUnavailable)
        } else {
            Issue.record("expected 5.03")
        }
        #expect(small.bufferedBytes == 1024)
        // Idle transfers expire.
        _ = assembler.receive(BlockOption(number: 0, more: true, szx: 6), payload: block, size1: nil, limit: 3000, key: key, now: 10)
        assembler.removeStale(now: 10 + 60_001)
        #expect(assembler.count == 0)
    }

    @Test func block2SlicesHonourTheSmallerSize() {
        #expect(BlockSlicer.slice(length: 100, requested: nil, preferredSZX: 6) == .init(range: 0..<100, block: nil))
        #expect(BlockSlicer.slice(length: 3000, requested: nil, preferredSZX: 6)
            == .init(range: 0..<1024, block: BlockOption(number: 0, more: true, szx: 6)))
        #expect(BlockSlicer.slice(length: 3000, requested: BlockOption(number: 2, more: false, szx: 6), preferredSZX: 6)
            == .init(range: 2048..<3000, block: BlockOption(number: 2, more: false, szx: 6)))
        // Asked for 1024-byte block 1, the server that prefers 512 answers with its block 2.
        #expect(BlockSlicer.slice(length: 3000, requested: BlockOption(number: 1, more: false, szx: 6), preferredSZX: 5)
            == .init(range: 1024..<1536, block: BlockOption(number: 2, more: true, szx: 5)))
        #expect(BlockSlicer.slice(length: 3000, requested: BlockOption(number: 3, more: false, szx: 6), preferredSZX: 6) == nil)
        #expect(BlockSlicer.entityTag(of: [1, 2, 3]) != BlockSlicer.entityTag(of: [1, 2, 4]))
    }

    @Test func clientTransferUploadsThenDownloads() {
        var transfer = BlockwiseTransfer(payloadSize: 2500, offset: 0, blockSize: 1024, maxBodySize: 10_000)
        #expect(transfer.first.block1 == BlockOption(number: 0, more: true, szx: 6))
        #expect(transfer.first.payload == 0..<1024 && transfer.first.size1 == 2500)
        // The server asks for 512-byte blocks from now on.
        guard case .progress(_, let second?) = transfer.receive(
            code: .continue, contentFormat: nil, options: [CoAPOption(.block1, value: BlockOption(number: 0, more: true, szx: 5).encoded)], payload: [])
        else { Issue.record("expected the next block"); return }
        #expect(second.block1 == BlockOption(number: 2, more: true, szx: 5) && second.payload == 1024..<1536)
        // The final answer carries the first block of a response body.
        _ = transfer.receive(code: .continue, contentFormat: nil, options: [], payload: [])
        _ = transfer.receive(code: .continue, contentFormat: nil, options: [], payload: [])
        let first = transfer.receive(code: .changed, contentFormat: .json, options: [
            CoAPOption(.block2, value: BlockOption(number: 0, more: true, szx: 0).encoded), CoAPOption(.size2, uint: 20),
        ], payload: [UInt8](repeating: 1, count: 16))
        guard case .progress(let progress, let next?) = first else { Issue.record("expected block 1 of the body"); return }
        #expect(progress.direction == .download && progress.total == 20)
        #expect(next.block2 == BlockOption(number: 1, more: false, szx: 0) && next.payload.isEmpty)
        guard case .complete(let response) = transfer.receive(code: .changed, contentFormat: .json, options: [
            CoAPOption(.block2, value: BlockOption(number: 1, more: false, szx: 0).encoded),
        ], payload: [2, 2, 2, 2]) else { Issue.record("expected the whole body"); return }
        #expect(response.code == .changed && response.payload == [UInt8](repeating: 1, count: 16) + [2, 2, 2, 2])
    }

    @Test func clientTransferRestartsWhenTheEntityTagChanges() {
        var transfer = BlockwiseTransfer(payloadSize: 0, offset: 0, blockSize: 16, maxBodySize: 1000)
        _ = transfer.receive(code: .content, contentFormat: nil, options: [
            CoAPOption(.block2, value: BlockOption(number: 0, more: true, szx: 0).encoded), CoAPOption(.eTag, value: [1]),
        ], payload: [UInt8](repeating: 0, count: 16))
        let action = transfer.receive(code: .content, contentFormat: nil, options: [
            CoAPOption(.block2, value: BlockOption(number: 1, more: true, szx: 0).encoded), CoAPOption(.eTag, value: [2]),
        ], payload: [UInt8](repeating: 0, count: 16))
        guard case .send(let restart) = action else { Issue.record("expected a restart"); return }
        #expect(restart.block2?.number == 0)
    }

    @Test func clientTransferRefusesBodiesOverTheLimit() {
        var transfer = BlockwiseTransfer(payloadSize: 0, offset: 0, blockSize: 1024, maxBodySize: 1000)
        let action = transfer.receive(code: .content, contentFormat: nil, options: [
            CoAPOption(.block2, value: BlockOption(number: 0, more: true, szx: 6).encoded), CoAPOption(.size2, uint: 5000),
        ], payload: [UInt8](repeating: 0, count: 1024))
        guard case .fail(let error) = action else { Issue.record("expected a failure"); return }
        #expect(error.kind == .tooLarge)
    }

    @Test func deadlinesComeOutInOrder() {
        var queue = DeadlineQueue()
        for (deadline, id) in [(50, 1), (10, 2), (30, 3), (10, 4), (70, 5)] { queue.insert(UInt64(deadline), id: UInt64(id)) }
        #expect(queue.earliest == 10)
        #expect(Set(queue.popExpired(now: 10)) == [2, 4])
        #expect(queue.popExpired(now: 60) == [3, 1])
        #expect(queue.earliest == 70)
    }

    @Test func observerRegistryCountsPerPath() {
        var registry = ObserverRegistry()
        registry.add(session: 1, token: [1], path: "a")
        registry.add(session: 1, token: [1], path: "a")
        registry.add(session: 2, token: [1], path: "a")
        registry.add(session: 2, token: [2], path: "b")
        #expect(registry.count(path: "a") == 2 && registry.total == 3)
        registry.removeSession(2)
        #expect(registry.count(path: "a") == 1 && registry.count(path: "b") == 0)
        registry.remove(session: 1, token: [1])
        #expect(registry.total == 0)
    }

    @Test func notificationFreshnessFollowsRFC7641() {
        #expect(ClientCore.isFresh(5, after: 4, elapsed: 0))
        #expect(!ClientCore.isFresh(4, after: 5, elapsed: 0))
        #expect(ClientCore.isFresh(1, after: (1 << 24) - 2, elapsed: 0))
        #expect(ClientCore.isFresh(4, after: 5, elapsed: 129_000))
    }

    @Test func libcoapLogLinesReachTheLogger() async throws {
        let lines = CollectingLogHandler()
        LibCoAP.routeLog(to: Logger(label: "libcoap", level: .debug, handler: lines))
        defer { LibCoAP.routeLog(to: nil) }
        let client = try CoAPClient()
        defer { client.shutdown() }
        _ = try? await client.get("coap://127.0.0.1:9/none", timeout: .milliseconds(300))
        #expect(lines.lines.contains { $0.hasPrefix("debug libcoap:") })
    }
}

@Suite("Payloads stay out of libcoap's log lines")
struct PayloadRedactionTests {
    @Test func aTextPayloadIsReplacedByItsSize() {
        let line = #"v:1 t:ACK c:2.01 i:3852 {01} [ Content-Format:application/json ] :: '{"psk_key":"2fec51cc"}'"#
        #expect(PayloadRedaction.redact(line)
            == "v:1 t:ACK c:2.01 i:3852 {01} [ Content-Format:application/json ] :: (24 bytes of payload not logged)")
    }

    @Test func binaryDumpsAreDroppedAndTheirLengthLineKept() {
        let length = "v:1 t:CON c:PUT i:0001 {} [ ] :: binary data length 4"
        #expect(PayloadRedaction.redact(length) == length)
        #expect(PayloadRedaction.redact("<<6b657921>>") == nil)
        #expect(PayloadRedaction.redact("<<k e y ! >>") == nil)
    }

    @Test func otherLinesPassUnchanged() {
        let lines = ["v:1 t:CON c:GET i:0002 {} [ Uri-Path:test ]", "***127.0.0.1:5684 <-> 127.0.0.1:4000 DTLS: session disconnected :: x"]
        for line in lines { #expect(PayloadRedaction.redact(line) == line) }
    }
}
