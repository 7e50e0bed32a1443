import CoAPCore
import Synchronization
import TestSupport
import Testing

@Suite("DTLS: PSK and certificates")
struct DTLSTests {
    static let keys: [String: [UInt8]] = ["node-1": Array("secret-key-of-node-1".utf8)]

    static func router() -> CoAPRouter {
        var router = CoAPRouter()
        router.on(.get, "whoami") { request in
            .text("\(request.identity ?? "anonymous") secure=\(request.peer.isSecure)")
        }
        return router
    }

    static func pkiServer(_ pki: TestPKI) throws -> CoAPServer {
        try CoAPServer(
            configuration: .init(endpoints: [.dtls(host: "127.0.0.1", port: 0)], dtls: DTLSServerCredentials(pki: pki.server)),
            router: router())
    }

    /// Asserts that `credentials` cannot talk to `server`, and that the failure is a DTLS one
    /// that arrives near the 3 s deadline (under 5 s on an idle machine; the bound leaves room
    /// for a suite of 600 tests starting at once on two cores, where 10.4 s was seen, and is far
    /// below the 93 s of CoAP retransmission).
    static func expectRefused(_ credentials: DTLSClientCredentials, by server: CoAPServer) async throws {
        let client = try CoAPClient(configuration: .init(dtls: credentials))
        defer { client.shutdown() }
        let start = ContinuousClock.now
        let error = await #expect(throws: CoAPError.self) {
            try await client.get("coaps://127.0.0.1:\(server.port(secure: true)!)/whoami", timeout: .seconds(3))
        }
        #expect(error?.kind == .dtls)
        #expect(ContinuousClock.now - start < .seconds(40))
    }

    static func pskServer() throws -> CoAPServer {
        let psk = PSKServerCredentials { identity in keys[identity] }
        return try CoAPServer(
            configuration: .init(endpoints: [.udp(host: "127.0.0.1", port: 0), .dtls(host: "127.0.0.1", port: 0)],
                                 dtls: DTLSServerCredentials(psk: psk)),
            router: router())
    }

    @Test func pskWithTheRightKeyWorksAndTheHandlerSeesTheIdentity() async throws {
        let server = try Self.pskServer()
        defer { server.shutdown() }
        let client = try CoAPClient(configuration: .init(dtls: .psk(identity: "node-1", key: Self.keys["node-1"]!)))
        defer { client.shutdown() }
        let secure = try await client.get("coaps://127.0.0.1:\(server.port(secure: true)!)/whoami", timeout: .seconds(5))
        #expect(secure.text == "node-1 secure=true")
        // The plain endpoint runs beside it and knows no identity.
        let plain = try await client.get("coap://127.0.0.1:\(server.port()!)/whoami", timeout: .seconds(5))
        #expect(plain.text == "anonymous secure=false")
    }

    @Test func pskWithAWrongKeyFailsWithinTheDeadline() async throws {
        let server = try Self.pskServer()
        defer { server.shutdown() }
        try await Self.expectRefused(.psk(identity: "node-1", key: Array("wrong".utf8)), by: server)
    }

    @Test func pskWithAnUnknownIdentityFailsWithinTheDeadline() async throws {
        let server = try Self.pskServer()
        defer { server.shutdown() }
        try await Self.expectRefused(.psk(identity: "intruder", key: Array("whatever".utf8)), by: server)
    }

    @Test func closingAnIdentitysSessionsEndsThemAndSparesTheOthers() async throws {
        let keys = Mutex(Self.keys.merging(["node-2": Array("secret-key-of-node-2".utf8)]) { $1 })
        let server = try CoAPServer(
            configuration: .init(endpoints: [.dtls(host: "127.0.0.1", port: 0)],
                                 dtls: DTLSServerCredentials(psk: PSKServerCredentials { identity in keys.withLock { $0[identity] } })),
            router: Self.router())
        defer { server.shutdown() }
        let url = "coaps://127.0.0.1:\(server.port(secure: true)!)/whoami"
        let revoked = try CoAPClient(configuration: .init(dtls: .psk(identity: "node-1", key: Self.keys["node-1"]!)))
        defer { revoked.shutdown() }
        let kept = try CoAPClient(configuration: .init(dtls: .psk(identity: "node-2", key: Array("secret-key-of-node-2".utf8))))
        defer { kept.shutdown() }
        #expect(try await revoked.get(url, timeout: .seconds(5)).text == "node-1 secure=true")
        #expect(try await kept.get(url, timeout: .seconds(5)).text == "node-2 secure=true")

        // Taking the key away refuses new handshakes; the session already open outlives it.
        _ = keys.withLock { $0.removeValue(forKey: "node-1") }
        #expect(try await revoked.get(url, timeout: .seconds(5)).text == "node-1 secure=true")

        #expect(await server.closeSessions(of: "node-1") == 1)
        await #expect(throws: CoAPError.self) { try await revoked.get(url, timeout: .seconds(2)) }
        #expect(try await kept.get(url, timeout: .seconds(5)).text == "node-2 secure=true")
        #expect(await server.closeSessions(of: "node-1") == 0)
    }

    @Test func anIdleSessionIsClosedAndTheNextRequestOpensANewOne() async throws {
        let server = try Self.pskServer()
        defer { server.shutdown() }
        let url = "coaps://127.0.0.1:\(server.port(secure: true)!)/whoami"
        func client(idleAfter timeout: Duration) throws -> CoAPClient {
            try CoAPClient(configuration: .init(dtls: .psk(identity: "node-1", key: Self.keys["node-1"]!), idleSessionTimeout: timeout))
        }
        let keeping = try client(idleAfter: .seconds(600))
        defer { keeping.shutdown() }
        let closing = try client(idleAfter: .milliseconds(300))
        defer { closing.shutdown() }
        #expect(try await keeping.get(url, timeout: .seconds(5)).text == "node-1 secure=true")
        #expect(try await closing.get(url, timeout: .seconds(5)).text == "node-1 secure=true")

        // No event says "closed": look every 100 ms, for at most 10 s.
        var open = 1
        for _ in 0..<100 where open > 0 {
            try await Task.sleep(for: .milliseconds(100))
            open = await closing.sessionCount
        }
        #expect(open == 0, "the idle session was closed")
        #expect(await keeping.sessionCount == 1, "a session within its idle time stays")
        #expect(try await closing.get(url, timeout: .seconds(5)).text == "node-1 secure=true", "a new session serves the next request")
    }

    @Test func closingSessionsFindsACertificateName() async throws {
        let pki = try await TestPKI.make()
        defer { pki.remove() }
        let server = try Self.pkiServer(pki)
        defer { server.shutdown() }
        let client = try CoAPClient(configuration: .init(dtls: .pki(pki.client)))
        defer { client.shutdown() }
        let url = "coaps://127.0.0.1:\(server.port(secure: true)!)/whoami"
        #expect(try await client.get(url, timeout: .seconds(5)).text == "node-7 secure=true")
        #expect(await server.closeSessions(of: "node-8") == 0)
        #expect(await server.closeSessions(of: "node-7") == 1)
    }

    @Test func certificatesSignedByTheCAWorkAndTheNameIsSeen() async throws {
        let pki = try await TestPKI.make()
        defer { pki.remove() }
        let server = try Self.pkiServer(pki)
        defer { server.shutdown() }
        let client = try CoAPClient(configuration: .init(dtls: .pki(pki.client)))
        defer { client.shutdown() }
        let answer = try await client.get("coaps://127.0.0.1:\(server.port(secure: true)!)/whoami", timeout: .seconds(5))
        #expect(answer.text == "node-7 secure=true")
    }

    @Test func aClientThatNamesTheServerAcceptsOnlyThatName() async throws {
        let pki = try await TestPKI.make()
        defer { pki.remove() }
        let server = try Self.pkiServer(pki)
        defer { server.shutdown() }
        var expecting = pki.client
        expecting.peerName = "fleet-server"
        let client = try CoAPClient(configuration: .init(dtls: .pki(expecting)))
        defer { client.shutdown() }
        let answer = try await client.get("coaps://127.0.0.1:\(server.port(secure: true)!)/whoami", timeout: .seconds(5))
        #expect(answer.text == "node-7 secure=true")
        // The same CA issued the server's certificate, but not under the name this client wants.
        expecting.peerName = "node-8"
        try await Self.expectRefused(.pki(expecting), by: server)
    }

    @Test func aSelfSignedClientIsRefused() async throws {
        let pki = try await TestPKI.make()
        defer { pki.remove() }
        let server = try Self.pkiServer(pki)
        defer { server.shutdown() }
        let rogue = PKICredentials(caFile: pki.file("ca.crt"), certificateFile: pki.file("rogue.crt"), privateKeyFile: pki.file("rogue.key"))
        try await Self.expectRefused(.pki(rogue), by: server)
    }

    @Test func aClientWithoutACertificateIsRefused() async throws {
        let pki = try await TestPKI.make()
        defer { pki.remove() }
        let server = try Self.pkiServer(pki)
        defer { server.shutdown() }
        // PSK credentials only: the server offers no PSK, and the client has no certificate.
        try await Self.expectRefused(.psk(identity: "node-1", key: Self.keys["node-1"]!), by: server)
    }

    @Test func aClientRefusesAServerSignedByAnotherCA() async throws {
        let pki = try await TestPKI.make()
        defer { pki.remove() }
        let other = try await TestPKI.make()
        defer { other.remove() }
        let server = try Self.pkiServer(other)
        defer { server.shutdown() }
        try await Self.expectRefused(.pki(pki.client), by: server)
    }
}

extension TestPKI {
    var server: PKICredentials {
        PKICredentials(caFile: file("ca.crt"), certificateFile: file("server.crt"), privateKeyFile: file("server.key"))
    }

    var client: PKICredentials {
        PKICredentials(caFile: file("ca.crt"), certificateFile: file("client.crt"), privateKeyFile: file("client.key"))
    }
}
