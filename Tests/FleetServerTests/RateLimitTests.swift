import CoAPCore
import FleetModel
@testable import FleetServer
import Foundation
import Testing

/// With security on, each identity has its own request budget; past it, 4.29 with Max-Age.
@Suite struct RateLimitTests {
    @Test func aBucketRefillsAtTheRateAndHoldsTwiceIt() {
        let limiter = RequestRateLimiter(rate: 2)
        let start = ContinuousClock.now
        for _ in 0..<4 { #expect(limiter.admit("ops", now: start) == nil) }
        #expect(limiter.admit("ops", now: start) == 1)
        #expect(limiter.admit("board-1", now: start) == nil, "another identity has its own bucket")
        #expect(limiter.admit("ops", now: start + .milliseconds(500)) == nil, "half a second brings one request back")
        #expect(limiter.admit("ops", now: start + .milliseconds(500)) == 1)
        for _ in 0..<4 { #expect(limiter.admit("ops", now: start + .seconds(60)) == nil) }
        #expect(limiter.admit("ops", now: start + .seconds(60)) != nil, "an idle minute refills to the burst, not beyond")
    }

    @Test func anIdentityOverItsRateGets429WithMaxAgeAndOthersGoOn() async throws {
        var keys: [String: String] = [:]
        let fleet = try FleetHarness { configuration in
            configuration.security = .psk
            configuration.securePort = 0
            configuration.rateLimit = 0.01  // a burst of one, then one every 100 s: no refill within the test, however slow
            let store = try? PSKKeyStore(dataDirectory: configuration.dataDirectory)
            for name in ["ops", "ops-2"] { keys[name] = try? store?.add(name, role: .admin) }
        }
        defer { fleet.close() }
        let port = try #require(fleet.service.endpoints.first { $0.isSecure }?.port)
        func client(_ name: String) throws -> CoAPClient {
            try CoAPClient(configuration: .init(dtls: .psk(identity: name, key: Array(try #require(keys[name]).utf8))))
        }
        let busy = try client("ops")
        defer { busy.shutdown() }
        let calm = try client("ops-2")
        defer { calm.shutdown() }
        let nodes = CoAPClientRequest(method: .get, uri: try CoAPURI("coaps://127.0.0.1:\(port)/nodes"), timeout: .seconds(5))

        #expect(try await Answer.of(busy, nodes).code == .content)
        let refused = try await Answer.of(busy, nodes)
        #expect(refused.code == .tooManyRequests)
        #expect(try JSONDecoder().decode(ErrorBody.self, from: Data(refused.payload)).error == "too_many_requests")
        #expect((1...100).contains(refused.options.first(.maxAge)?.uintValue ?? 0), "Max-Age says when to retry")
        #expect(try await Answer.of(calm, nodes).code == .content)
    }
}
