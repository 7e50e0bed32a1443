import CoAPCore
import TestSupport
import Testing

@Suite("Observe (RFC 7641)")
struct ObserveTests {
    /// Waits until the server counts `expected` observers on `path`, for at most 5 s.
    static func waitForObservers(_ server: CoAPServer, path: String? = nil, expected: Int) async throws -> Int {
        var count = await server.observerCount(path: path)
        for _ in 0..<500 where count != expected {
            try await Task.sleep(for: .milliseconds(10))
            count = await server.observerCount(path: path)
        }
        return count
    }

    @Test func notificationsArriveInOrderAndObserverIsRemovedWhenTheConsumerStops() async throws {
        let counter = Locked(0)
        var router = CoAPRouter()
        router.add(CoAPResource("counter", observable: true, handlers: [.get: { _ in .text("\(counter.value)") }]))
        let loop = try Loopback(router: router)
        defer { loop.close() }

        var seen: [Int] = []
        for try await notification in try loop.client.observe("\(loop.base)/counter") {
            #expect(notification.options.first(.observe) != nil)
            seen.append(Int(notification.text) ?? -1)
            if seen.count == 1 { #expect(await loop.server.observerCount(path: "counter") == 1) }
            if seen.count == 6 { break }
            // Each notification triggers the next change.
            counter.update { $0 += 1 }
            loop.server.notify("counter")
        }
        #expect(seen == [0, 1, 2, 3, 4, 5])
        #expect(try await Self.waitForObservers(loop.server, path: "counter", expected: 0) == 0)
    }

    @Test func templatedPathsAreObservablePerPath() async throws {
        let values = Locked<[String: Int]>([:])
        var router = CoAPRouter()
        router.add(CoAPResource("nodes/{id}/health", observable: true, handlers: [.get: { request in
            let id = request.pathParameters["id"]!
            return .text("\(id)=\(values.value[id] ?? 0)")
        }]))
        let loop = try Loopback(router: router)
        defer { loop.close() }

        // The first observer reaches a path that has no resource of its own yet.
        var first = try loop.client.observe("\(loop.base)/nodes/a/health").makeAsyncIterator()
        #expect(try await first.next()?.text == "a=0")
        // A second client is a second observer of the same path.
        let secondClient = try CoAPClient()
        defer { secondClient.shutdown() }
        var second = try secondClient.observe("\(loop.base)/nodes/a/health").makeAsyncIterator()
        #expect(try await second.next()?.text == "a=0")
        var other = try loop.client.observe("\(loop.base)/nodes/b/health").makeAsyncIterator()
        #expect(try await other.next()?.text == "b=0")
        #expect(try await Self.waitForObservers(loop.server, path: "nodes/a/health", expected: 2) == 2)
        #expect(await loop.server.observerCount(path: "nodes/b/health") == 1)

        values.update { $0["a"] = 1 }
        loop.server.notify("nodes/a/health")
        #expect(try await first.next()?.text == "a=1")
        #expect(try await second.next()?.text == "a=1")
        values.update { $0["b"] = 7 }
        loop.server.notify("nodes/b/health")
        #expect(try await other.next()?.text == "b=7")
    }

    @Test func largeNotificationsArriveWhole() async throws {
        let version = Locked(0)
        var router = CoAPRouter()
        router.add(CoAPResource("report", observable: true, handlers: [.get: { _ in
            CoAPResponse(code: .content, contentFormat: .octetStream, payload: testBytes(count: 5000, seed: UInt64(version.value + 1)))
        }]))
        let loop = try Loopback(router: router)
        defer { loop.close() }
        var iterator = try loop.client.observe("\(loop.base)/report").makeAsyncIterator()
        #expect(try await iterator.next()?.payload == testBytes(count: 5000, seed: 1))
        version.update { $0 = 1 }
        loop.server.notify("report")
        #expect(try await iterator.next()?.payload == testBytes(count: 5000, seed: 2))
    }

    @Test func observingAPlainResourceYieldsOnceAndEnds() async throws {
        var router = CoAPRouter()
        router.on(.get, "plain") { _ in .text("once") }
        let loop = try Loopback(router: router)
        defer { loop.close() }
        var texts: [String] = []
        for try await answer in try loop.client.observe("\(loop.base)/plain") { texts.append(answer.text) }
        #expect(texts == ["once"])
    }

    @Test func consumersOfOneTargetShareOneRegistration() async throws {
        let counter = Locked(0)
        var router = CoAPRouter()
        router.add(CoAPResource("counter", observable: true, handlers: [.get: { _ in .text("\(counter.value)") }]))
        let loop = try Loopback(router: router)
        defer { loop.close() }
        var first: CoAPObservation.AsyncIterator? = try loop.client.observe("\(loop.base)/counter").makeAsyncIterator()
        var second = try loop.client.observe("\(loop.base)/counter").makeAsyncIterator()
        #expect(try await first?.next()?.text == "0")
        #expect(try await second.next()?.text == "0")
        #expect(await loop.server.observerCount(path: "counter") == 1)
        counter.update { $0 = 1 }
        loop.server.notify("counter")
        #expect(try await first?.next()?.text == "1")
        #expect(try await second.next()?.text == "1")
        // One consumer leaving keeps the registration for the other.
        first = nil
        counter.update { $0 = 2 }
        loop.server.notify("counter")
        #expect(try await second.next()?.text == "2")
        #expect(await loop.server.observerCount(path: "counter") == 1)
    }
}
