import FleetModel
import CoAPCore
import Glibc
import Synchronization

/// The job records in the state directory, one JSON file per job under `jobs/`, kept in memory
/// too. The journal is their only writer: every change is written durably, under its lock,
/// before it returns, so the agent's endpoint can rely on it synchronously.
final class JobJournal: Sendable {
    private let directory: String
    private let records: Mutex<[String: JobRecord]>

    /// Opens the journal in `stateDirectory`, creating `jobs/` and loading every record; a
    /// record that cannot be read is moved aside (`.unreadable`) and logged.
    init(stateDirectory: String, logger: Logger) throws(DurableFileError) {
        directory = "\(stateDirectory)/jobs"
        try DurableFile.makeDirectory(directory)
        var loaded: [String: JobRecord] = [:]
        let names = DirectoryListing.names(in: directory) ?? []
        for name in names where name.hasSuffix(".json") {
            let path = "\(directory)/\(name)"
            if let bytes = DurableFile.read(path), let record = try? JSONCoding.decode(JobRecord.self, from: bytes) {
                loaded[record.jobID] = record
            } else {
                logger.error("job record \(path) is unreadable; moved aside")
                _ = rename(path, "\(path).unreadable")
            }
        }
        records = Mutex(loaded)
    }

    /// The record of `jobID`, if the node has one.
    func record(_ jobID: String) -> JobRecord? {
        records.withLock { $0[jobID] }
    }

    /// Every record, unfinished ones and those with reports to send, in job-id order.
    var all: [JobRecord] {
        records.withLock { $0.values.sorted { $0.jobID < $1.jobID } }
    }

    /// Adds a record for a job not seen before; false (and nothing written) when it is known.
    func insert(_ record: JobRecord) throws(DurableFileError) -> Bool {
        try records.withLock { records throws(DurableFileError) -> Bool in
            guard records[record.jobID] == nil else { return false }
            try save(record, into: &records)
            return true
        }
    }

    /// Changes the record of `jobID` with `change` and writes it; returns the new record.
    @discardableResult
    func update(_ jobID: String, _ change: (inout JobRecord) -> Void) throws(DurableFileError) -> JobRecord? {
        try records.withLock { records throws(DurableFileError) -> JobRecord? in
            guard var record = records[jobID] else { return nil }
            let before = record
            change(&record)
            if record != before { try save(record, into: &records) }
            return record
        }
    }

    /// Deletes the records of finished, fully reported jobs beyond the newest `keeping`, so
    /// the journal does not grow for ever. Only a job whose final state the server acknowledged
    /// goes, and the server never announces such a job again.
    func prune(keeping: Int) {
        records.withLock { records in
            let done = records.values.filter { $0.isFinished && $0.outbox.isEmpty }
                .sorted { ($0.finishedAt ?? 0) > ($1.finishedAt ?? 0) }
            for record in done.dropFirst(keeping) {
                unlink(path(of: record.jobID))
                records[record.jobID] = nil
            }
        }
    }

    private func save(_ record: JobRecord, into records: inout [String: JobRecord]) throws(DurableFileError) {
        let bytes: [UInt8]
        do {
            bytes = try JSONCoding.encode(record)
        } catch {
            throw DurableFileError(path(of: record.jobID), "cannot encode the record")
        }
        try DurableFile.write(bytes, to: path(of: record.jobID))
        records[record.jobID] = record
    }

    private func path(of jobID: String) -> String {
        "\(directory)/\(jobID).json"
    }
}
