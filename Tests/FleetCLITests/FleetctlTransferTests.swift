import CoAPCore
import FleetModel
import Foundation
import TestSupport
import Testing

/// Artifacts and update jobs through the built `fleetctl` binary, with a real `fleet-node`.
@Suite struct FleetctlTransferTests {
    @Test func anArtifactGoesUpAndComesBackByteIdenticalAndAPartialDownloadResumes() async throws {
        let harness = try await FleetctlHarness()
        defer { harness.close() }
        let content = testBytes(count: 300_000, seed: 7)
        let file = "\(harness.directory)/firmware.bin"
        try Data(content).write(to: URL(fileURLWithPath: file))

        let uploaded = try await harness.fleetctl(["artifacts", "upload", file, "--name", "fw-1.bin", "--json"])
        #expect(uploaded.status == 0, "\(uploaded.error)")
        let artifact = try JSONDecoder().decode(ArtifactInfo.self, from: Data(uploaded.output.utf8))
        #expect(artifact.sha256 == SHA256.hex(of: content))
        let listed = try await harness.fleetctl(["artifacts", "list"])
        #expect(listed.output.contains("\(artifact.artifactID)  fw-1.bin  293.0 KiB  \(artifact.sha256.prefix(12))  just now"))

        let copy = "\(harness.directory)/copy.bin"
        let downloaded = try await harness.fleetctl(["artifacts", "download", artifact.artifactID, "-o", copy])
        #expect(downloaded.status == 0, "\(downloaded.error)")
        #expect(downloaded.output == "downloaded \(artifact.artifactID) to \(copy) (293.0 KiB)\n")
        #expect(SHA256.hex(of: [UInt8](try Data(contentsOf: URL(fileURLWithPath: copy)))) == artifact.sha256)

        // A partial file is continued, not fetched again: its first 8 KiB (zeros here, to tell) stay.
        let partial = "\(harness.directory)/partial.bin"
        try Data(count: 8192).write(to: URL(fileURLWithPath: partial))
        let resumed = try await harness.fleetctl(["artifacts", "download", artifact.artifactID, "-o", partial])
        #expect(resumed.status == 0)
        let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: partial)))
        #expect(bytes.count == content.count)
        #expect(bytes.prefix(8192).allSatisfy { $0 == 0 })
        #expect(bytes[8192...] == content[8192...])

        let removed = try await harness.fleetctl(["artifacts", "rm", artifact.artifactID])
        #expect(removed.status == 0)
        let empty = try await harness.fleetctl(["artifacts", "list", "--json"])
        #expect(try JSONDecoder().decode([ArtifactInfo].self, from: Data(empty.output.utf8)).isEmpty)
    }

    @Test func aWatchedUpdateEndsWithTheExitCodeOfItsOutcome() async throws {
        let harness = try await FleetctlHarness()
        defer { harness.close() }
        let node = try await harness.startNode("watch-node")
        defer { node.signal(SIGTERM) }
        let file = "\(harness.directory)/app.bin"
        try Data(testBytes(count: 100_000, seed: 8)).write(to: URL(fileURLWithPath: file))

        let created = try await harness.fleetctl([
            "updates", "create", "--name", "app", "--version", "1.0", "--type", "file", "--file", file,
            "--install-path", "/opt/app.bin", "--targets", "watch-node", "--json",
        ])
        #expect(created.status == 0, "\(created.error)")
        let job = try JSONDecoder().decode(JobCreated.self, from: Data(created.output.utf8)).jobID
        let install = try await harness.fleetctl(["updates", "install", job])
        #expect(install.output == "job \(job) is installing on 1 node\n")
        let watched = try await harness.fleetctl(["updates", "status", job, "--watch"])
        #expect(watched.status == 0, "\(watched.output)\(watched.error)")
        #expect(watched.output.contains("watch-node  succeeded  100%"))

        let failing = try await harness.fleetctl([
            "updates", "create", "--name", "app", "--version", "2.0", "--type", "file", "--file", file,
            "--install-path", "/opt/app.bin", "--targets", "watch-node", "--health-check", "false", "--json",
        ])
        let second = try JSONDecoder().decode(JobCreated.self, from: Data(failing.output.utf8)).jobID
        _ = try await harness.fleetctl(["updates", "install", second])
        let failed = try await harness.fleetctl(["updates", "status", second, "--watch", "--json"])
        #expect(failed.status == 1)
        let lines = failed.output.split(separator: "\n")
        let last = try JSONDecoder().decode(JobStatus.self, from: Data(try #require(lines.last).utf8))
        #expect(last.nodes.first?.state == .rolledBack)
        #expect(lines.allSatisfy { (try? JSONSerialization.jsonObject(with: Data($0.utf8))) != nil }, "one JSON document per line")

        let list = try await harness.fleetctl(["updates", "list"])
        #expect(list.output.contains("\(second)  app   2.0      file  failed     0/1 succeeded"))
        #expect(list.output.contains("\(job)  app   1.0      file  completed  1/1 succeeded"))

        let third = try await harness.fleetctl([
            "updates", "create", "--name", "tools", "--version", "1", "--type", "apt", "--packages", "curl,jq", "--json",
        ])
        let cancelJob = try JSONDecoder().decode(JobCreated.self, from: Data(third.output.utf8)).jobID
        let cancelled = try await harness.fleetctl(["updates", "cancel", cancelJob])
        #expect(cancelled.output == "job \(cancelJob) is cancelled\n")
    }

    @Test func healthWatchPrintsOneDocumentPerChange() async throws {
        let harness = try await FleetctlHarness()
        defer { harness.close() }
        let watcher = try ChildProcess(FleetctlHarness.fleetctl, ["health", "--watch", "--json", "--server", harness.serverURI])
        defer { watcher.signal(SIGTERM) }
        let first = try await watcher.lines.first(within: .seconds(10), "the current health")
        #expect(first.contains(#""total":0"#))
        try await harness.register("edge-9")
        let changed = try await watcher.lines.first(within: .seconds(10), "a change", occurrence: 2)
        let health = try JSONDecoder().decode(FleetHealth.self, from: Data(changed.utf8))
        #expect(health.total == 1)
    }
}
