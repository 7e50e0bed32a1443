import CoAPCore
import FleetModel
import TestSupport
import Testing

/// Installing a job announces it at each target node's `POST /updates/available`; a node that
/// cannot be reached stays `pending` and learns of the job from its next report.
@Suite("Announcements")
struct AnnouncementTests {
    @Test func aFileJobIsAnnouncedWithItsArtifactAndTheNodeIsNotified() async throws {
        let fleet = try FleetHarness()
        defer { fleet.close() }
        let node = try TestNode()
        defer { node.close() }
        try await fleet.register("worker-03", coapPort: node.port)
        try await fleet.register("worker-04")  // its port answers nothing
        let bytes = testBytes(count: 3000, seed: 7)
        let artifact = try await fleet.upload("app.bin", bytes)
        let artifactID = try #require(artifact["artifact_id"].string)
        let job = try await fleet.createJob(Seed.fileJob(["worker-03", "worker-04"], artifactID: artifactID))
        let status = try fleet.watch("/updates/\(job)/status")
        defer { status.cancel() }

        try #require(try await fleet.action("install", job).code == .changed)
        let announcement = try await node.announcement(of: job)
        #expect(announcement["job_id"].string == job)
        #expect(announcement["name"].string == "app-config")
        #expect(announcement["version"].string == "3.1")
        #expect(announcement["package_type"].string == "file")
        #expect(announcement["artifact_id"].string == artifactID)
        #expect(announcement["artifact_sha256"].string == SHA256.hex(of: bytes))
        #expect(announcement["artifact_size"].int == bytes.count)
        #expect(announcement["artifact_path"].string == "artifacts/\(artifactID)")
        #expect(announcement["install_path"].string == "/opt/app/app.bin")
        #expect(announcement["post_install"].string == "systemctl restart app")
        #expect(announcement["health_check"].string == "systemctl is-active app")
        #expect(announcement["command_timeout_s"].int == 60)
        // The path it names is where the artifact downloads from.
        let path = try #require(announcement["artifact_path"].string)
        #expect(try await fleet.client.download("\(fleet.base)/\(path)") == bytes)

        let notified = try await status.first("worker-03 notified") { FleetHarness.nodeState($0, "worker-03") == "notified" }
        #expect(notified["state"].string == "installing")
        #expect(FleetHarness.nodeState(notified, "worker-04") == "pending")
        #expect(notified["summary"]["notified"].int == 1)
        #expect(FleetHarness.nodeState(try await fleet.action("status", job).json(), "worker-03") == "notified")
    }

    @Test func anUnreachableNodeStaysPendingAndLearnsFromItsNextReport() async throws {
        let fleet = try FleetHarness()
        defer { fleet.close() }
        let node = try TestNode()
        defer { node.close() }
        try await fleet.register("reachable", coapPort: node.port)
        try await fleet.register("offline")
        let job = try await fleet.createJob(Seed.createPayload)
        try #require(try await fleet.action("install", job).code == .changed)
        _ = try await node.announcement(of: job)
        let status = try fleet.watch("/updates/\(job)/status")
        defer { status.cancel() }
        _ = try await status.first("reachable notified") { FleetHarness.nodeState($0, "reachable") == "notified" }
        #expect(FleetHarness.nodeState(try await fleet.action("status", job).json(), "offline") == "pending")

        let health = try await fleet.report("offline").json()
        let pending = try #require(health["pending_jobs"].array)
        #expect(pending.count == 1)
        #expect(pending.first?["job_id"].string == job)
        #expect(pending.first?["package_type"].string == "pip")
        #expect(pending.first?["packages"] == .array([.string("aiocoap==0.4.7"), .string("aiohttp==3.9.1")]))
        // Registering again tells it as well.
        let registration = try await fleet.register("offline").json()
        #expect(registration["pending_jobs"].array?.compactMap { $0["job_id"].string } == [job])

        // Once the node reports on the job, it is no longer pending for it.
        try #require(try await fleet.progress(job, "offline", "downloading", 1).code == .changed)
        #expect(try await fleet.report("offline").json()["pending_jobs"].array?.isEmpty == true)
        // A notified node that has not reported yet is still told.
        #expect(try await fleet.report("reachable").json()["pending_jobs"].array?.compactMap { $0["job_id"].string } == [job])
    }

    @Test func aJobThatIsOnlyCreatedIsNeitherAnnouncedNorPending() async throws {
        let fleet = try FleetHarness()
        defer { fleet.close() }
        let node = try TestNode()
        defer { node.close() }
        try await fleet.register("worker-03", coapPort: node.port)
        let created = try await fleet.createJob(Seed.pipJob(["worker-03"], name: "later"))
        #expect(try await fleet.report("worker-03").json()["pending_jobs"].array?.isEmpty == true)
        // Installing another job proves the node hears announcements, and only that one.
        let installed = try await fleet.createJob(Seed.pipJob(["worker-03"], name: "now"))
        try #require(try await fleet.action("install", installed).code == .changed)
        _ = try await node.announcement(of: installed)
        #expect(node.announcements.count { $0["job_id"].string == created } == 0)
    }

    @Test func aSecondInstallDoesNotAnnounceAgain() async throws {
        let fleet = try FleetHarness()
        defer { fleet.close() }
        let node = try TestNode()
        defer { node.close() }
        try await fleet.register("worker-03", coapPort: node.port)
        let job = try await fleet.createJob(Seed.pipJob(["worker-03"], name: "first"))
        try #require(try await fleet.action("install", job).code == .changed)
        _ = try await node.announcement(of: job)
        let status = try fleet.watch("/updates/\(job)/status")
        defer { status.cancel() }
        let notified = try await status.first("notified") { FleetHarness.nodeState($0, "worker-03") == "notified" }

        let again = try await fleet.action("install", job)
        #expect(again.code == .changed)
        #expect(try again.json() == notified, "a second install changes nothing")
        // A later job's announcement is the marker: anything the second install sent would
        // have been on its way before it.
        let marker = try await fleet.createJob(Seed.pipJob(["worker-03"], name: "marker"))
        try #require(try await fleet.action("install", marker).code == .changed)
        _ = try await node.announcement(of: marker)
        #expect(node.announcements.count { $0["job_id"].string == job } == 1)
        #expect(try await fleet.action("status", job).json() == notified)
    }

    @Test func everyTargetOfAnAllJobIsAnnounced() async throws {
        let fleet = try FleetHarness()
        defer { fleet.close() }
        let nodes = try (0..<5).map { _ in try TestNode() }
        defer { nodes.forEach { $0.close() } }
        for (index, node) in nodes.enumerated() { try await fleet.register("node-\(index)", coapPort: node.port) }
        let job = try await fleet.createJob(Seed.shortCreatePayload)
        try #require(try await fleet.action("install", job).code == .changed)
        for node in nodes {
            let announcement = try await node.announcement(of: job)
            #expect(announcement["name"].string == "update")
            #expect(announcement["version"].string == "1.0")
        }
        let status = try fleet.watch("/updates/\(job)/status")
        defer { status.cancel() }
        _ = try await status.first("all notified") { $0["summary"]["notified"].int == 5 }
    }
}
