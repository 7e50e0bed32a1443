import FleetModel
import TestSupport
import Testing

/// The example payloads of `seed/coap-update-system.md`, copied verbatim: they must decode
/// unchanged and re-encode with the same snake_case keys and values.
@Suite("Seed payloads")
struct SeedPayloadTests {
    /// Every field of `json` is present with the same value after decoding `type` and
    /// encoding again, and no key in the output is camelCase.
    func expectRoundTrip<T: Codable>(_ type: T.Type, _ json: String) throws {
        let original = try jsonObject(Array(json.utf8))
        let reencoded = try encodedObject(try decode(type, json))
        for (key, value) in original {
            #expect(reencoded[key] == value, "key \(key)")
        }
        for key in reencoded.keys {
            #expect(key == key.lowercased(), "key \(key) is not snake_case")
        }
    }

    @Test func createUpdateDecodesWithEveryField() throws {
        let creation = try decode(UpdateCreation.self, Seed.createPayload)
        #expect(creation.name == "python-packages-update")
        #expect(creation.version == "2025.09.16")
        #expect(creation.packageType == .pip)
        #expect(creation.targetNodes == ["all"])
        #expect(creation.targetsAllNodes)
        #expect(creation.packages == ["aiocoap==0.4.7", "aiohttp==3.9.1"])
        #expect(creation.commandTimeoutSeconds == 300)
        try expectRoundTrip(UpdateCreation.self, Seed.createPayload)
    }

    @Test func createUpdateArrivesAsACreationAtSlashUpdates() throws {
        let request = try decode(UpdatesRequest.self, Seed.createPayload)
        guard case .create(let creation) = request else {
            Issue.record("expected a creation, got \(request)")
            return
        }
        #expect(creation.name == "python-packages-update")
        try expectRoundTrip(UpdatesRequest.self, Seed.createPayload)
    }

    /// The endpoint list's abbreviated create has neither `packages` nor `artifact_id`; a
    /// client written for the seed sends exactly this, so it is accepted.
    @Test func shortCreateIsAccepted() throws {
        guard case .create(let creation) = try decode(UpdatesRequest.self, Seed.shortCreatePayload) else {
            Issue.record("expected a creation")
            return
        }
        #expect(creation.packageType == .pip && creation.targetsAllNodes)
        #expect(creation.packages == nil && creation.artifactID == nil)
    }

    @Test func triggerAndStatusDecodeAsActions() throws {
        #expect(try decode(UpdatesRequest.self, Seed.triggerPayload) == .action(.install(jobID: "abc123-def456-ghi789")))
        #expect(try decode(UpdatesRequest.self, Seed.shortTriggerPayload) == .action(.install(jobID: "abc123-def456-ghi789")))
        #expect(try decode(UpdatesRequest.self, Seed.shortStatusPayload) == .action(.status(jobID: "abc123-def456-ghi789")))
        try expectRoundTrip(UpdatesRequest.self, Seed.triggerPayload)
        try expectRoundTrip(UpdateAction.self, Seed.shortStatusPayload)
    }

    @Test func healthReportDecodesWithEveryField() throws {
        let report = try decode(HealthReport.self, Seed.healthPayload)
        #expect(report.nodeID == "node-123")
        #expect(report.overallHealthy)
        #expect(report.cpuPercent == 15.5)
        #expect(report.memoryPercent == 45.2)
        #expect(report.diskPercent == 30.1)
        #expect(report.temperature == 42.5)
        #expect(report.servicesStatus == ["systemd": true, "network": true, "ssh": true, "docker": false])
        #expect(report.errorMessages == ["Service docker is not running"])
        try expectRoundTrip(HealthReport.self, Seed.healthPayload)
    }

    @Test func nodeRegistrationDecodesWithEveryFieldAndDefaults() throws {
        let registration = try decode(NodeRegistration.self, Seed.registrationPayload)
        #expect(registration.nodeID == "worker-03")
        #expect(registration.hostname == "worker-03")
        #expect(registration.ipAddress == "<NODE_IP>")
        #expect(registration.status == "online")
        #expect(registration.lastSeen == "2025-09-17T10:00:00")
        #expect(registration.services == ["docker", "ssh"])
        #expect(registration.drivers == ["gpio", "i2c"])
        #expect(registration.systemInfo == ["os": .string("linux"), "arch": .string("arm64")])
        #expect(registration.coapPort == 5683)
        #expect(registration.healthIntervalSeconds == 30)
        #expect(registration.agentVersion == nil)
        #expect(registration.installedVersions.isEmpty)
        try expectRoundTrip(NodeRegistration.self, Seed.registrationPayload)
    }

    @Test func systemActionsDecode() throws {
        #expect(try decode(SystemAction.self, #"{"action":"restart"}"#) == .restart)
        #expect(try decode(SystemAction.self, #"{"action":"shutdown"}"#) == .shutdown)
        #expect(try decode(SystemAction.self, #"{"action":"status"}"#) == .status)
        try expectRoundTrip(SystemAction.self, #"{"action":"restart"}"#)
    }
}
