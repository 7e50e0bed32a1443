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
        #expect([UInt8](installed) == content)
        let status = try await fleet.get(JobStatus.self, "/updates/\(jobID)/status")
        #expect(status.state == .completed)
        #expect(status.nodes.first?.state == .succeeded)
        let downloads = events.count {
            if case .jobChanged(jobID, .downloading, _) = $0 { true } else { false }
        }
        #expect(downloads >= 11, "progress at least every 10 %")
    }
}
