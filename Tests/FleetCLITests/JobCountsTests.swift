@testable import FleetCLI
import FleetModel
import Foundation
import Testing

/// `updates status --watch` on a job too big for one line per node shows the counts.
@Suite struct JobCountsTests {
    @Test func aBigJobIsShownByItsCounts() throws {
        let nodes = (0..<150).map { index in
            NodeJobStatus(
                nodeID: "n\(index)", state: index < 100 ? .succeeded : .downloading, progress: 50, error: nil,
                updatedAt: "2026-12-04T10:00:00Z")
        }
        let status = JobStatus(
            jobID: "job-1", name: "fw", version: "2", packageType: .firmware, state: .installing,
            createdAt: "2026-12-04T10:00:00Z", updatedAt: "2026-12-04T10:00:00Z", targetNodes: [], nodes: nodes)
        let context = CommandContext(
            arguments: ParsedCommand(command: CommandSpec(path: ["updates", "status"], summary: "")),
            client: try FleetClient(settings: ConnectionSettings()), output: CapturedOutput(), style: .plain, json: false,
            now: { RelativeTime.parse("2026-12-04T10:03:00Z")! })
        #expect(UpdateCommands.renderCounts(status, context) == """
            job job-1 fw 2 (firmware): installing, updated 3 min ago
            nodes: downloading 50, succeeded 100

            """)
        #expect(150 > UpdateCommands.maximumWatchedNodes)
    }
}
