import CoAPCore
import FleetModel
import TestSupport
import Testing

/// `/nodes`: registration (2.01 new, 2.04 known), listing, removal.
@Suite("Nodes")
struct NodesTests {
    @Test func theSeedsRegistrationIsCreatedThenKnown() async throws {
        let fleet = try FleetHarness()
        defer { fleet.close() }

        let first = try await fleet.post("/nodes", Seed.registrationPayload)
        #expect(first.code == .created, "\(first.text)")
        let created = try first.json()
        #expect(created["node_id"].string == "worker-03")
        #expect(created["status"].string == "registered")
        #expect(created["pending_jobs"].array?.isEmpty == true)

        let again = try await fleet.post("/nodes", Seed.registrationPayload)
        #expect(again.code == .changed, "\(again.text)")
        #expect(try again.json()["status"].string == "updated")
        #expect(try again.json()["pending_jobs"].array?.isEmpty == true)
        #expect(try await fleet.counts()["nodes"].int == 1)
    }

    @Test func theListingCarriesTheRegistrationAndOnline() async throws {
        let fleet = try FleetHarness()
        defer { fleet.close() }
        #expect(try await fleet.json("/nodes").array?.isEmpty == true)
        try #require(try await fleet.post("/nodes", Seed.registrationPayload).code == .created)

        let nodes = try #require(try await fleet.json("/nodes").array)
        try #require(nodes.count == 1)
        let node = nodes[0]
        #expect(node["node_id"].string == "worker-03")
        #expect(node["hostname"].string == "worker-03")
        #expect(node["ip_address"].string == "<NODE_IP>")
        #expect(node["status"].string == "online")
        #expect(node["services"] == .array([.string("docker"), .string("ssh")]))
        #expect(node["drivers"] == .array([.string("gpio"), .string("i2c")]))
        #expect(node["system_info"] == .object(["os": .string("linux"), "arch": .string("arm64")]))
        #expect(node["online"].bool == true)
        // The server's own clock, not the node's "2025-09-17T10:00:00".
        let lastSeen = try #require(node["last_seen"].string)
        #expect(lastSeen != "2025-09-17T10:00:00")
        #expect(UTCTimestamp.date(from: lastSeen) != nil, "last_seen '\(lastSeen)' is no ISO 8601 time")
        // The seed's payload has no coap_port: the default.
        #expect(node["coap_port"].int == 5683)
    }

    @Test func reRegistrationReplacesTheRegistration() async throws {
        let fleet = try FleetHarness()
        defer { fleet.close() }
        try await fleet.register("edge-1")
        let answer = try await fleet.post("/nodes", #"{"node_id":"edge-1","hostname":"renamed","services":["mqtt"]}"#)
        #expect(answer.code == .changed)
        let node = try #require(try await fleet.json("/nodes").array?.first)
        #expect(node["hostname"].string == "renamed")
        #expect(node["services"] == .array([.string("mqtt")]))
        #expect(try await fleet.json("/nodes").array?.count == 1)
    }

    @Test func deletingANodeAnswersDeletedThenNotFound() async throws {
        let fleet = try FleetHarness()
        defer { fleet.close() }
        try await fleet.register("worker-03")
        try await fleet.register("worker-04")
        try await fleet.report("worker-03")

        let removed = try await fleet.delete("/nodes", #"{"node_id":"worker-03"}"#)
        #expect(removed.code == .deleted, "\(removed.text)")
        let body = try removed.json()
        #expect(body["node_id"].string == "worker-03")
        #expect(body["status"].string == "deleted")
        #expect(body["pending_jobs"].array?.isEmpty == true)

        let ids = try await fleet.json("/nodes").array?.compactMap { $0["node_id"].string }
        #expect(ids == ["worker-04"])
        let counts = try await fleet.counts()
        #expect(counts["nodes"].int == 1)
        #expect(counts["health_reports"].int == 0, "the removed node's history goes with it")

        let again = try await fleet.delete("/nodes", #"{"node_id":"worker-03"}"#)
        #expect(again.code == .notFound)
        #expect(try again.errorBody().error == "not_found")
        #expect(try await fleet.get("/nodes/worker-03/health").code == .notFound)
    }

    @Test func aRemovedNodeLeavesTheJobsItWasPendingIn() async throws {
        let fleet = try FleetHarness()
        defer { fleet.close() }
        try await fleet.register("a")
        try await fleet.register("b")
        let job = try await fleet.createJob(Seed.pipJob(["a", "b"]))
        try #require(try await fleet.action("install", job).code == .changed)

        try #require(try await fleet.delete("/nodes", #"{"node_id":"b"}"#).code == .deleted)
        let status = try await fleet.action("status", job).json()
        #expect(status["nodes"].array?.compactMap { $0["node_id"].string } == ["a"])
    }
}
