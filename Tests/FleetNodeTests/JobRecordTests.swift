@testable import FleetNode
import FleetModel
import Foundation
import Testing

@Suite("job record")
struct JobRecordTests {
    static let announcement = UpdateAnnouncement(
        jobID: "job-rec", name: "demo", version: "2.0", packageType: .file, artifactID: "art-1",
        artifactSHA256: String(repeating: "ab", count: 32), artifactSize: 12, artifactPath: "artifacts/art-1",
        installPath: "/opt/demo/bin", healthCheck: "true")

    @Test func aNewRecordIsNotifiedWithAnEmptyOutbox() {
        let record = JobRecord(announcement: Self.announcement)
        #expect(record.jobID == "job-rec")
        #expect(record.state == .notified)
        #expect(record.progress == 0)
        #expect(record.outbox.isEmpty)
        #expect(record.rollback == nil)
        #expect(!record.isFinished)
    }

    @Test func progressOfTheSameStateIsCoalescedIntoOneReport() {
        var record = JobRecord(announcement: Self.announcement)
        record.advance(to: .downloading, progress: 0)
        record.advance(to: .downloading, progress: 10)
        record.advance(to: .downloading, progress: 40)
        #expect(record.outbox == [JobRecord.Report(state: .downloading, progress: 40, error: nil)])
        #expect(record.state == .downloading)
        #expect(record.progress == 40)
    }

    @Test func aNewStateAppendsAReportAfterTheQueuedOnes() {
        var record = JobRecord(announcement: Self.announcement)
        record.advance(to: .downloading, progress: 30)
        record.advance(to: .downloaded, progress: 100)
        record.advance(to: .installing, progress: 0)
        record.advance(to: .failed, progress: 100, error: "boom")
        #expect(record.outbox == [
            JobRecord.Report(state: .downloading, progress: 30, error: nil),
            JobRecord.Report(state: .downloaded, progress: 100, error: nil),
            JobRecord.Report(state: .installing, progress: 0, error: nil),
            JobRecord.Report(state: .failed, progress: 100, error: "boom"),
        ])
        #expect(record.error == "boom")
        #expect(record.isFinished)
    }

    @Test func onlyTheLastQueuedReportIsReplaced() {
        // A state seen earlier but not last in the outbox gets a report of its own again.
        var record = JobRecord(announcement: Self.announcement)
        record.advance(to: .downloading, progress: 10)
        record.advance(to: .downloaded, progress: 100)
        record.advance(to: .downloading, progress: 20)
        #expect(record.outbox.map(\.state) == [.downloading, .downloaded, .downloading])
        #expect(record.outbox.last?.progress == 20)
    }

    @Test func advancingClearsAnEarlierError() {
        var record = JobRecord(announcement: Self.announcement)
        record.advance(to: .installing, progress: 0, error: "transient")
        record.advance(to: .installing, progress: 50)
        #expect(record.error == nil)
        #expect(record.outbox == [JobRecord.Report(state: .installing, progress: 50, error: nil)])
    }

    static let rollbackPoints: [RollbackPoint] = [
        .file(previous: "/opt/demo/bin.fleet-previous"),
        .file(previous: nil),
        .pip(previous: ["demo-pkg": "1.0", "new-pkg": nil]),
        .pip(previous: ["only-new": nil]),
        .pip(previous: [:]),
        .none,
    ]

    @Test(arguments: rollbackPoints)
    func aRecordSurvivesACodableRoundTrip(rollback: RollbackPoint) throws {
        var record = JobRecord(announcement: Self.announcement)
        record.advance(to: .downloading, progress: 50)
        record.advance(to: .installing, progress: 0, error: "retrying")
        record.rollback = rollback
        let data = try JSONEncoder().encode(record)
        let decoded = try JSONDecoder().decode(JobRecord.self, from: data)
        #expect(decoded == record)
        #expect(decoded.rollback == rollback)
    }

    @Test func aNilPipVersionStaysNilAndDistinctFromAbsent() throws {
        var record = JobRecord(announcement: Self.announcement)
        record.rollback = .pip(previous: ["fresh": nil, "old": "0.9"])
        let decoded = try JSONDecoder().decode(JobRecord.self, from: JSONEncoder().encode(record))
        guard case .pip(let previous) = decoded.rollback else {
            Issue.record("expected a pip rollback point, got \(String(describing: decoded.rollback))")
            return
        }
        #expect(previous.keys.sorted() == ["fresh", "old"])
        #expect(previous["fresh"] == .some(nil))
        #expect(previous["old"] == .some("0.9"))
    }
}
