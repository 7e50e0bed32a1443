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
        let artifact = try await fleet.upload(content, name: "app.bin")
        let jobID = try await fleet.createAndInstall(Seed.fileJob(["upd-file"], artifactID: artifact.artifactID)
            .replacingOccurrences(of: #""post_install":"systemctl restart app","health_check":"systemctl is-active app","#, with: ""))
        let end = try await events.first(within: .seconds(20), "the job's end") { $0.finishes(jobID) }
        #expect(end == .jobChanged(jobID: jobID, state: .succeeded, progress: 100))

        let installed = try Data(contentsOf: URL(fileURLWithPath: fleet.installRoot(of: "upd-file") + "/opt/app/app.bin"))
        #expect(SHA256.hex(of: [UInt8](installed)) == SHA256.hex(of: content))
        let status = try await awaitJobStatus(
            fleet.client, "coap://127.0.0.1:\(fleet.port)/updates/\(jobID)/status", within: .seconds(10)) { $0.state.isFinal }
        #expect(status.state == .completed)
        #expect(status.nodes.first?.state == .succeeded)
        let progress = events.items.compactMap { event -> Double? in
            if case .jobChanged(jobID, .downloading, let progress) = event { progress } else { nil }
        }
        #expect(Set(stride(from: 0.0, through: 100, by: 10)).isSubset(of: Set(progress)), "progress at every tenth: \(progress)")
    }
}
