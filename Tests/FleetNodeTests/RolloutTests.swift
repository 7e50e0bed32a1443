import CoAPCore
import FleetModel
import Foundation
import TestSupport
import Testing

/// Rollouts from a real `fleet-server` process to real `fleet-node` processes on loopback.
@Suite(.serialized) struct RolloutTests {
    @Test func aFourMebibyteFileReachesEveryNodeByteIdentical() async throws {
        let fleet = try await RolloutFleet()
        defer { fleet.close() }
        let nodes = ["roll-a", "roll-b", "roll-c"]
        for node in nodes { try await fleet.startNode(node) }
        try await fleet.awaitRegistered(nodes)

        let content = testBytes(count: 4 << 20)
        let artifact = try await fleet.upload(content, name: "app.bin")
        let jobID = try await fleet.createAndInstall(fileJob(nodes, artifactID: artifact.artifactID))
        let status = try await fleet.awaitJob(jobID)
        #expect(status.state == .completed)
        #expect(status.nodes.map(\.state) == [.succeeded, .succeeded, .succeeded])
        for node in nodes {
            #expect(fleet.installedDigest("/opt/app/app.bin", on: node) == SHA256.hex(of: content), "\(node)'s file")
        }
        // The next registration carries the installed version.
        _ = try await fleet.node("roll-a").lines.first(within: .seconds(10), "a registration after the install", occurrence: 2) {
            $0.contains("registered as")
        }
        let summaries = try await fleet.client.get("\(fleet.serverURI)/nodes")
        let listed = try JSONDecoder().decode([NodeSummary].self, from: Data(summaries.payload))
        #expect(listed.first { $0.nodeID == "roll-a" }?.installedVersions["app"] == "1.0")
    }

    @Test func anArtifactWhoseDigestDoesNotMatchIsRefusedAndNothingIsInstalled() async throws {
        let fleet = try await RolloutFleet()
        defer { fleet.close() }
        try await fleet.startNode("roll-tamper")
        try await fleet.awaitRegistered(["roll-tamper"])
        let content = testBytes(count: 200_000)
        let artifact = try await fleet.upload(content, name: "app.bin")
        // The stored copy goes bad after upload (disk fault, tampering): same size, other bytes.
        let stored = try #require(FileManager.default.enumerator(atPath: fleet.server.dataDirectory)?
            .compactMap { $0 as? String }.first { $0.hasSuffix(artifact.sha256) })
        let handle = try #require(FileHandle(forWritingAtPath: "\(fleet.server.dataDirectory)/\(stored)"))
        try handle.seek(toOffset: 1000)
        handle.write(Data(repeating: 0x5A, count: 16))
        try handle.close()

        let jobID = try await fleet.createAndInstall(fileJob(["roll-tamper"], artifactID: artifact.artifactID))
        let status = try await fleet.awaitJob(jobID)
        let node = try #require(status.nodes.first)
        #expect(node.state == .failed)
        #expect(node.error?.contains("SHA-256 mismatch") == true, "\(node.error ?? "no error")")
        #expect(fleet.installedDigest("/opt/app/app.bin", on: "roll-tamper") == nil)
    }

    @Test func aFailingHealthCheckRollsBackToThePreviousFile() async throws {
        let fleet = try await RolloutFleet()
        defer { fleet.close() }
        try await fleet.startNode("roll-back")
        try await fleet.awaitRegistered(["roll-back"])
        let first = testBytes(count: 50_000, seed: 1)
        let second = testBytes(count: 60_000, seed: 2)
        let v1 = try await fleet.upload(first, name: "app-1.bin")
        let v2 = try await fleet.upload(second, name: "app-2.bin")

        let good = try await fleet.createAndInstall(fileJob(["roll-back"], artifactID: v1.artifactID, extra: #","health_check":"test -r /proc/self/status""#))
        #expect(try await fleet.awaitJob(good).state == .completed)
        let bad = try await fleet.createAndInstall(fileJob(
            ["roll-back"], artifactID: v2.artifactID, version: "2.0",
            extra: #","health_check":"echo probe failed >&2; exit 3","shell":true"#))
        let status = try await fleet.awaitJob(bad)
        let node = try #require(status.nodes.first)
        #expect(node.state == .rolledBack)
        #expect(node.error?.contains("health check failed: exit status 3") == true, "\(node.error ?? "no error")")
        #expect(node.error?.contains("probe failed") == true, "the command's output is reported")
        #expect(fleet.installedDigest("/opt/app/app.bin", on: "roll-back") == SHA256.hex(of: first))
    }

    @Test func aNodeKilledMidDownloadResumesWhereItStopped() async throws {
        let fleet = try await RolloutFleet()
        defer { fleet.close() }
        try await fleet.startNode("roll-resume")
        try await fleet.awaitRegistered(["roll-resume"])
        let content = testBytes(count: 16 << 20, seed: 3)
        let artifact = try await fleet.upload(content, name: "big.bin")
        let jobID = try await fleet.createAndInstall(fileJob(["roll-resume"], artifactID: artifact.artifactID))
        _ = try await fleet.awaitJob(jobID) { status in
            status.nodes.first.map { $0.state == .downloading && $0.progress >= 10 } ?? false
        }
        try fleet.node("roll-resume").kill9()
        _ = try await fleet.node("roll-resume").ended()
        let staged = "\(fleet.stateDirectory(of: "roll-resume"))/staging/\(jobID).artifact"
        let held = try #require(FileManager.default.attributesOfItem(atPath: staged)[.size] as? Int)
        #expect(held > 0 && held < content.count, "a partial download is left: \(held) bytes")

        let restarted = try await fleet.startNode("roll-resume")
        let fetching = try await restarted.lines.first(within: .seconds(15), "the resumed fetch") { $0.contains("fetching ") }
        let resumedFrom = fetching.split(separator: "holding ").last.flatMap { Int($0.split(separator: " ")[0]) }
        #expect((resumedFrom ?? 0) > 0, "resumes instead of starting over: \(fetching)")
        let status = try await fleet.awaitJob(jobID)
        #expect(status.nodes.first?.state == .succeeded)
        #expect(fleet.installedDigest("/opt/app/app.bin", on: "roll-resume") == SHA256.hex(of: content))
    }

    @Test func aNodeOfflineAtInstallTimeInstallsWhenItReturns() async throws {
        let fleet = try await RolloutFleet()
        defer { fleet.close() }
        try await fleet.startNode("roll-away")
        try await fleet.awaitRegistered(["roll-away"])
        try fleet.node("roll-away").signal(SIGTERM)
        _ = try await fleet.node("roll-away").ended()

        let content = testBytes(count: 30_000, seed: 4)
        let artifact = try await fleet.upload(content, name: "app.bin")
        let jobID = try await fleet.createAndInstall(fileJob(["roll-away"], artifactID: artifact.artifactID))
        let pending = try await fleet.client.get("\(fleet.serverURI)/updates/\(jobID)/status")
        let before = try JSONDecoder().decode(JobStatus.self, from: Data(pending.payload))
        #expect(before.nodes.first?.state == .pending)

        let back = try await fleet.startNode("roll-away")
        _ = try await back.lines.first(within: .seconds(15), "the job picked up") { $0.contains("picked up from pending_jobs") }
        let status = try await fleet.awaitJob(jobID)
        #expect(status.nodes.first?.state == .succeeded)
        #expect(fleet.installedDigest("/opt/app/app.bin", on: "roll-away") == SHA256.hex(of: content))
    }
}
