import FleetModel
import FoundationEssentials
import Testing

/// Applying nodes' reports to their entry in a job, with the time passed in.
@Suite("Node job status")
struct NodeJobStatusTests {
    static let start = Date(timeIntervalSince1970: 1_758_103_200)  // 2025-09-17T10:00:00Z
    static let later = start.addingTimeInterval(5)

    static func entry(_ state: NodeUpdateState, progress: Double = 0) -> NodeJobStatus {
        NodeJobStatus(nodeID: "n1", state: state, progress: progress, updatedAt: UTCTimestamp.string(from: start))
    }

    @Test func aMoveSetsStateProgressAndTime() throws {
        var entry = Self.entry(.notified)
        #expect(try entry.apply(.downloading, progress: 10, at: Self.later) == .stateChanged(from: .notified, to: .downloading))
        #expect(entry.state == .downloading)
        #expect(entry.progress == 10)
        #expect(entry.updatedAt == "2025-09-17T10:00:05Z")
    }

    @Test func repeatingALiveStateUpdatesProgress() throws {
        var entry = Self.entry(.downloading, progress: 10)
        #expect(try entry.apply(.downloading, progress: 55, at: Self.later) == .progressUpdated)
        #expect(entry.progress == 55)
        #expect(entry.updatedAt == "2025-09-17T10:00:05Z")
    }

    @Test func absentProgressKeepsTheLastOne() throws {
        var entry = Self.entry(.downloading, progress: 70)
        try entry.apply(.cancelled, at: Self.later)
        #expect(entry.state == .cancelled)
        #expect(entry.progress == 70)
    }

    @Test func aFailureRecordsItsError() throws {
        var entry = Self.entry(.installing, progress: 50)
        try entry.apply(.rolledBack, progress: 100, error: "health check failed", at: Self.later)
        #expect(entry.error == "health check failed")
        #expect(entry.state == .rolledBack)
    }

    @Test func aRepeatedFinalReportChangesNothing() throws {
        var entry = Self.entry(.succeeded, progress: 100)
        let before = entry
        #expect(try entry.apply(.succeeded, progress: 3, error: "late", at: Self.later) == .ignored)
        #expect(entry == before)
    }

    @Test func anIllegalMoveLeavesTheEntryAlone() throws {
        var entry = Self.entry(.failed)
        let before = entry
        #expect(throws: TransitionError.self) { try entry.apply(.installing, progress: 5, at: Self.later) }
        #expect(entry == before)
    }
}
