import CoAPCore
import FleetModel
import FleetNode
import Foundation
import TestSupport
import Testing

/// Update jobs carried out by in-process agents against a real fleet server on loopback.
@Suite struct AgentUpdateTests {
    @Test func aFileJobIsInstalledVerifiedAndReported() async throws {
        let fleet = try AgentFleet()
        defer { fleet.close() }
        let events = Inbox<NodeAgentEvent>()
        let agent = fleet.agent("upd-file", events: events)
        try agent.start()
        defer { agent.stop() }
        _ = try await events.first(within: .seconds(10), "registration") { $0.isRegistered }

        let content = testBytes(count: 300_000)
        let artifact = try await FleetRequests.upload(fleet.client, fleet.serverURI, content, name: "app.bin")
        let jobID = try await FleetRequests.createAndInstall(fleet.client, fleet.serverURI, Seed.fileJob(["upd-file"], artifactID: artifact.artifactID)
            .replacingOccurrences(of: #""post_install":"systemctl restart app","health_check":"systemctl is-active app","#, with: ""))
        let end = try await events.first(within: .seconds(20), "the job's end") { $0.finishes(jobID) }
        #expect(end == .jobChanged(jobID: jobID, state: .succeeded, progress: 100))

        let installed = try Data(contentsOf: URL(fileURLWithPath: fleet.installRoot(of: "upd-file") + "/opt/app/app.bin"))
        #expect(SHA256.hex(of: [UInt8](installed)) == SHA256.hex(of: content))
        let status = try await FleetRequests.awaitJob(fleet.client, fleet.serverURI, jobID, within: .seconds(10))
        #expect(status.state == .completed)
        #expect(status.nodes.first?.state == .succeeded)
        let progress = events.items.compactMap { event -> Double? in
            if case .jobChanged(jobID, .downloading, let progress) = event { progress } else { nil }
        }
        #expect(Set(stride(from: 0.0, through: 100, by: 10)).isSubset(of: Set(progress)), "progress at every tenth: \(progress)")
    }
}

/// The agent's `POST /updates/available`: validation, and a job announced twice runs once.
@Suite struct AnnouncementEndpointTests {
    private static let recordOnly = #"{"job_id":"job-once","name":"tools","version":"7","package_type":"pip"}"#

    @Test(arguments: [
        (#"{"job_id": "#, "invalid_json"),
        (#"{"name":"x","version":"1","package_type":"pip"}"#, "missing_field"),
        (#"{"job_id":"j1","name":"x","version":"1","package_type":"rpm"}"#, "invalid_value"),
        (#"{"job_id":"j1","name":"x","version":1,"package_type":"pip"}"#, "wrong_type"),
        (#"{"job_id":"j1","name":"x","version":"1","package_type":"file","artifact_id":"a1","install_path":"/x"}"#, "missing_field"),
        (#"{"job_id":"j1","name":"x","version":"1","package_type":"file","artifact_id":"a1","artifact_sha256":"\#(String(repeating: "0", count: 64))","artifact_size":1,"artifact_path":"artifacts/a1","install_path":"/opt/../etc/passwd"}"#, "invalid_value"),
        (#"["job"]"#, "wrong_type"),
    ])
    func badAnnouncementsAreRefusedAndRecordNothing(body: String, error: String) async throws {
        let fleet = try AgentFleet()
        defer { fleet.close() }
        let agent = fleet.agent("ann-bad", events: Inbox<NodeAgentEvent>())
        let port = try agent.start()
        defer { agent.stop() }
        let answer = try await fleet.send(.post, "/updates/available", json: body, base: "coap://127.0.0.1:\(port)")
        #expect(answer.code == .badRequest)
        let decoded = try JSONDecoder().decode(ErrorBody.self, from: Data(answer.payload))
        #expect(decoded.error == error, "\(decoded.detail)")
        #expect(!decoded.detail.isEmpty)
        let records = try FileManager.default.contentsOfDirectory(atPath: fleet.stateDirectory(of: "ann-bad") + "/jobs")
        #expect(records.isEmpty)
    }

    @Test func oversizedAndWrongMethodsGetTheirCodes() async throws {
        let fleet = try AgentFleet()
        defer { fleet.close() }
        let agent = fleet.agent("ann-size", events: Inbox<NodeAgentEvent>())
        let base = "coap://127.0.0.1:\(try agent.start())"
        defer { agent.stop() }
        let huge = #"{"job_id":"j1","name":"\#(String(repeating: "x", count: 20_000))"}"#
        #expect(try await fleet.send(.post, "/updates/available", json: huge, base: base).code == .requestEntityTooLarge)
        #expect(try await fleet.send(.get, "/updates/available", base: base).code == .methodNotAllowed)
        #expect(try await fleet.send(.post, "/updates/elsewhere", json: "{}", base: base).code == .notFound)
    }

    @Test func announcementsAreTakenOnlyFromTheConfiguredServer() async throws {
        let fleet = try AgentFleet()
        defer { fleet.close() }
        // Listening on every interface; the server is 127.0.0.1, the stranger comes from ::1.
        let agent = NodeAgent(configuration: NodeAgentConfiguration(
            serverURI: fleet.serverURI, nodeID: "ann-source", host: "::", port: 0, healthInterval: .seconds(30),
            stateDirectory: fleet.stateDirectory(of: "ann-source"), installRoot: fleet.installRoot(of: "ann-source")))
        let port = try agent.start()
        defer { agent.stop() }
        let stranger = try await fleet.send(.post, "/updates/available", json: Self.recordOnly, base: "coap://[::1]:\(port)")
        #expect(stranger.code == .forbidden)
        #expect(try JSONDecoder().decode(ErrorBody.self, from: Data(stranger.payload)).error == "forbidden")
        let server = try await fleet.send(.post, "/updates/available", json: Self.recordOnly, base: "coap://127.0.0.1:\(port)")
        #expect(server.code == .changed)
    }

    /// Posts the record-only announcement to `base` as `credentials` (nil: plain CoAP).
    private static func announce(to base: String, as credentials: DTLSClientCredentials?) async throws -> CoAPResponse {
        let client = try CoAPClient(configuration: .init(dtls: credentials))
        defer { client.shutdown() }
        return try await client.post("\(base)/updates/available", payload: Array(recordOnly.utf8), contentFormat: .json, timeout: .seconds(2))
    }

    @Test func withAPreSharedKeyOnlyTheServerIdentityWithThatKeyAnnounces() async throws {
        let fleet = try AgentFleet()
        defer { fleet.close() }
        let key = Array("key-of-ann-psk-0123456789abcdef".utf8)
        let agent = NodeAgent(configuration: NodeAgentConfiguration(
            serverURI: fleet.serverURI, nodeID: "ann-psk", host: "127.0.0.1", port: 0, healthInterval: .seconds(30),
            stateDirectory: fleet.stateDirectory(of: "ann-psk"), installRoot: fleet.installRoot(of: "ann-psk"),
            dtls: .psk(identity: "ann-psk", key: key)))
        let port = try agent.start()
        defer { agent.stop() }
        let base = "coaps://127.0.0.1:\(port)"

        let accepted = try await Self.announce(to: base, as: .psk(identity: ServerIdentity.defaultName, key: key))
        #expect(accepted.code == .changed)
        // The node's own identity is not the server's, and another key proves nothing.
        let asNode = await #expect(throws: CoAPError.self) { try await Self.announce(to: base, as: .psk(identity: "ann-psk", key: key)) }
        #expect(asNode?.kind == .dtls)
        let wrongKey = await #expect(throws: CoAPError.self) {
            try await Self.announce(to: base, as: .psk(identity: ServerIdentity.defaultName, key: Array("guess".utf8)))
        }
        #expect(wrongKey?.kind == .dtls)
        // No plain CoAP on the port: nothing answers.
        await #expect(throws: CoAPError.self) { try await Self.announce(to: "coap://127.0.0.1:\(port)", as: nil) }
    }

    @Test func withCertificatesOnlyTheServersCertificateAnnounces() async throws {
        let fleet = try AgentFleet()
        defer { fleet.close() }
        let pki = try await TestPKI.make()
        defer { pki.remove() }
        func credentials(_ name: String) -> PKICredentials {
            PKICredentials(caFile: pki.file("ca.crt"), certificateFile: pki.file("\(name).crt"), privateKeyFile: pki.file("\(name).key"))
        }
        let agent = NodeAgent(configuration: NodeAgentConfiguration(
            serverURI: fleet.serverURI, nodeID: "node-7", host: "127.0.0.1", port: 0, healthInterval: .seconds(30),
            stateDirectory: fleet.stateDirectory(of: "node-7"), installRoot: fleet.installRoot(of: "node-7"),
            dtls: .pki(credentials("client"))))
        let port = try agent.start()
        defer { agent.stop() }
        let base = "coaps://127.0.0.1:\(port)"

        // An operator's certificate from the same CA completes the handshake but is not the server.
        let operatorAnswer = await #expect(throws: CoAPError.self) { try await Self.announce(to: base, as: .pki(credentials("admin"))) }
        #expect(operatorAnswer?.code == .forbidden)
        #expect(try JSONDecoder().decode(ErrorBody.self, from: Data(operatorAnswer?.payload ?? [])).detail.contains("not from ops"))
        #expect(try await Self.announce(to: base, as: .pki(credentials("server"))).code == .changed)
        let rogue = PKICredentials(caFile: pki.file("ca.crt"), certificateFile: pki.file("rogue.crt"), privateKeyFile: pki.file("rogue.key"))
        let refused = await #expect(throws: CoAPError.self) { try await Self.announce(to: base, as: .pki(rogue)) }
        #expect(refused?.kind == .dtls)
    }

    @Test func aJobAnnouncedTwiceIsAcknowledgedTwiceAndRunOnce() async throws {
        let fleet = try AgentFleet()
        defer { fleet.close() }
        let events = Inbox<NodeAgentEvent>()
        let agent = fleet.agent("ann-once", events: events)
        let base = "coap://127.0.0.1:\(try agent.start())"
        defer { agent.stop() }
        let first = try await fleet.send(.post, "/updates/available", json: Self.recordOnly, base: base)
        #expect(first.code == .changed)
        #expect(first.text.contains(#""status":"accepted""#))
        _ = try await events.first(within: .seconds(10), "the job's end") { $0.finishes("job-once") }
        let second = try await fleet.send(.post, "/updates/available", json: Self.recordOnly, base: base)
        #expect(second.code == .changed)
        #expect(second.text.contains(#""status":"known""#))
        let system = try await fleet.get(NodeSystemInfo.self, "/system", base: base)
        #expect(system.installedVersions["tools"] == "7")
        // "known" is answered without queueing anything, so one run is all there can be.
        let runs = events.count { if case .jobChanged("job-once", .installing, _) = $0 { true } else { false } }
        #expect(runs == 1)
    }
}
