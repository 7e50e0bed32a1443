import CoAPCore
@testable import FleetNode
import FleetModel
import Foundation
import Glibc
import Testing
import TestSupport

@Suite("job journal")
struct JobJournalTests {
    static func announcement(_ jobID: String, version: String = "1.0") -> UpdateAnnouncement {
        UpdateAnnouncement(jobID: jobID, name: "demo", version: version, packageType: .apt, packages: ["pkg1"])
    }

    static func files(in directory: String) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []).sorted()
    }

    @Test func insertWritesARecordFileAndKeepsItInMemory() throws {
        let state = try makeTemporaryDirectory("journal")
        defer { try? FileManager.default.removeItem(atPath: state) }
        let journal = try JobJournal(stateDirectory: state, logger: .disabled)
        #expect(journal.all.isEmpty)
        #expect(try journal.insert(JobRecord(announcement: Self.announcement("job-a"))))
        #expect(journal.record("job-a")?.state == .notified)
        #expect(Self.files(in: state + "/jobs") == ["job-a.json"])
        let bytes = try #require(DurableFile.read(state + "/jobs/job-a.json"))
        let onDisk = try JSONDecoder().decode(JobRecord.self, from: Data(bytes))
        #expect(onDisk == JobRecord(announcement: Self.announcement("job-a")))
    }

    @Test func pruningKeepsTheNewestFinishedRecordsAndEveryOneStillInUse() throws {
        let state = try makeTemporaryDirectory("journal")
        defer { try? FileManager.default.removeItem(atPath: state) }
        let journal = try JobJournal(stateDirectory: state, logger: .disabled)
        for (index, id) in ["job-a", "job-b", "job-c", "job-d"].enumerated() {
            #expect(try journal.insert(JobRecord(announcement: Self.announcement(id))))
            try journal.update(id) { record in
                record.advance(to: .failed, progress: 0, error: "x")
                record.outbox = []
                record.finishedAt = Double(index)
            }
        }
        #expect(try journal.insert(JobRecord(announcement: Self.announcement("job-running"))))
        try journal.update("job-d") { $0.outbox = [JobRecord.Report(state: .failed, progress: 0, error: "x")] }
        journal.prune(keeping: 1)
        // job-c is the newest reported one; job-d still has a report to send; job-running is not done.
        #expect(journal.all.map(\.jobID) == ["job-c", "job-d", "job-running"])
        #expect(Self.files(in: state + "/jobs") == ["job-c.json", "job-d.json", "job-running.json"])
    }

    @Test func insertingAKnownJobReturnsFalseAndWritesNothing() throws {
        let state = try makeTemporaryDirectory("journal")
        defer { try? FileManager.default.removeItem(atPath: state) }
        let journal = try JobJournal(stateDirectory: state, logger: .disabled)
        let original = JobRecord(announcement: Self.announcement("job-a", version: "1.0"))
        #expect(try journal.insert(original))
        let path = state + "/jobs/job-a.json"
        let before = try #require(DurableFile.read(path))
        // Every durable write renames a new file over the old one, so a rewrite changes the inode.
        var status = stat()
        #expect(stat(path, &status) == 0)
        let inode = status.st_ino

        let replacement = JobRecord(announcement: Self.announcement("job-a", version: "9.9"))
        #expect(try journal.insert(replacement) == false)
        #expect(journal.record("job-a") == original)
        #expect(DurableFile.read(path) == before)
        #expect(stat(path, &status) == 0)
        #expect(status.st_ino == inode, "the record file was replaced")
        #expect(Self.files(in: state + "/jobs") == ["job-a.json"])
    }

    @Test func anUpdateIsSeenByASecondJournalOnTheSameDirectory() throws {
        let state = try makeTemporaryDirectory("journal")
        defer { try? FileManager.default.removeItem(atPath: state) }
        let journal = try JobJournal(stateDirectory: state, logger: .disabled)
        #expect(try journal.insert(JobRecord(announcement: Self.announcement("job-a"))))
        let updated = try journal.update("job-a") { record in
            record.advance(to: .installing, progress: 0)
            record.rollback = .pip(previous: ["demo": "1.0", "extra": nil])
        }
        #expect(updated?.state == .installing)

        let reopened = try JobJournal(stateDirectory: state, logger: .disabled)
        let record = try #require(reopened.record("job-a"))
        #expect(record == updated)
        #expect(record.state == .installing)
        #expect(record.rollback == .pip(previous: ["demo": "1.0", "extra": nil]))
        #expect(record.outbox == [JobRecord.Report(state: .installing, progress: 0, error: nil)])
    }

    @Test func updatingAnUnknownJobReturnsNilAndWritesNothing() throws {
        let state = try makeTemporaryDirectory("journal")
        defer { try? FileManager.default.removeItem(atPath: state) }
        let journal = try JobJournal(stateDirectory: state, logger: .disabled)
        var called = false
        let result = try journal.update("job-missing") { _ in called = true }
        #expect(result == nil)
        #expect(!called)
        #expect(Self.files(in: state + "/jobs").isEmpty)
    }

    @Test func allListsRecordsInJobIDOrder() throws {
        let state = try makeTemporaryDirectory("journal")
        defer { try? FileManager.default.removeItem(atPath: state) }
        let journal = try JobJournal(stateDirectory: state, logger: .disabled)
        for id in ["job-c", "job-a", "job-b"] {
            #expect(try journal.insert(JobRecord(announcement: Self.announcement(id))))
        }
        #expect(journal.all.map(\.jobID) == ["job-a", "job-b", "job-c"])
        let reopened = try JobJournal(stateDirectory: state, logger: .disabled)
        #expect(reopened.all.map(\.jobID) == ["job-a", "job-b", "job-c"])
    }

    @Test func anUnreadableRecordIsMovedAsideAndTheOthersLoad() throws {
        let state = try makeTemporaryDirectory("journal")
        defer { try? FileManager.default.removeItem(atPath: state) }
        do {
            let journal = try JobJournal(stateDirectory: state, logger: .disabled)
            #expect(try journal.insert(JobRecord(announcement: Self.announcement("job-a"))))
            #expect(try journal.insert(JobRecord(announcement: Self.announcement("job-b"))))
        }
        let garbage = state + "/jobs/job-bad.json"
        try Data("{\"job\": not json".utf8).write(to: URL(fileURLWithPath: garbage))

        let reopened = try JobJournal(stateDirectory: state, logger: .disabled)
        #expect(reopened.all.map(\.jobID) == ["job-a", "job-b"])
        #expect(reopened.record("job-bad") == nil)
        #expect(Self.files(in: state + "/jobs") == ["job-a.json", "job-b.json", "job-bad.json.unreadable"])
        #expect(DurableFile.read(garbage + ".unreadable") == Array("{\"job\": not json".utf8))
        // A third opening finds nothing new to move.
        let again = try JobJournal(stateDirectory: state, logger: .disabled)
        #expect(again.all.map(\.jobID) == ["job-a", "job-b"])
        #expect(Self.files(in: state + "/jobs") == ["job-a.json", "job-b.json", "job-bad.json.unreadable"])
    }

    @Test func noTemporaryFilesAreLeftBehind() throws {
        let state = try makeTemporaryDirectory("journal")
        defer { try? FileManager.default.removeItem(atPath: state) }
        let journal = try JobJournal(stateDirectory: state, logger: .disabled)
        #expect(try journal.insert(JobRecord(announcement: Self.announcement("job-a"))))
        #expect(try journal.insert(JobRecord(announcement: Self.announcement("job-b"))))
        for progress in stride(from: 0.0, through: 100, by: 25) {
            try journal.update("job-a") { $0.advance(to: .downloading, progress: progress) }
        }
        try journal.update("job-b") { $0.advance(to: .failed, progress: 0, error: "nope") }
        let files = Self.files(in: state + "/jobs")
        #expect(files == ["job-a.json", "job-b.json"])
        #expect(!files.contains { $0.hasSuffix(".tmp") })
    }

    @Test func recordFilesAreWrittenWithMode0600() throws {
        let state = try makeTemporaryDirectory("journal")
        defer { try? FileManager.default.removeItem(atPath: state) }
        let journal = try JobJournal(stateDirectory: state, logger: .disabled)
        #expect(try journal.insert(JobRecord(announcement: Self.announcement("job-a"))))
        var status = stat()
        #expect(stat(state + "/jobs/job-a.json", &status) == 0)
        #expect(status.st_mode & 0o777 == 0o600)
    }
}
