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

    @Test(.timeLimit(.minutes(1))) func aLargeResourceChangingFastIsFollowedToItsLastState() async throws {
        // Five blocks, each filled with the version, so a body mixed from two versions shows.
        let version = Locked(0)
        let last = 2000
        var router = CoAPRouter()
        router.add(CoAPResource("busy", observable: true, handlers: [.get: { _ in
            .text(String(repeating: String(format: "%07d|", version.value), count: 600))
        }]))
        let loop = try Loopback(router: router)
        defer { loop.close() }
        // The server changes it as fast as it can from before the registration on, while the
        // client fetches the blocks of the registration's and the notifications' bodies: each
        // newer notification must supersede the body still arriving, not fight it.
        let changes = Task.detached {
            for _ in 0..<last {
                version.update { $0 += 1 }
                loop.server.notify("busy")
                try? await Task.sleep(for: .microseconds(300))
            }
        }
        var seen = -1
        for try await notification in try loop.client.observe("\(loop.base)/busy") {
            let parts = Set(notification.text.split(separator: "|"))
            #expect(parts.count == 1, "a body mixed from \(parts.count) versions")
            let value = Int(parts.first ?? "") ?? -1
            #expect(value >= seen, "an older state after a newer one")
            seen = value
            if seen == last { break }
        }
        await changes.value
        #expect(seen == last)
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
