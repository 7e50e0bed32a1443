import FleetStore
import Foundation
import TestSupport
import Testing

/// Committed transactions survive `kill -9` of the process that wrote them.
///
/// The writer must be another process. Since this target cannot add an executable, the test
/// bundle runs itself (`/proc/self/exe`) with ``crashWriterVariable`` set, filtered to
/// ``DurabilityTests/crashWriter()``, which is skipped in every other run.
@Suite struct DurabilityTests {
    /// Names the database the writer child writes to; set only in the child.
    static let crashWriterVariable = "FLEETSTORE_CRASH_WRITER_DATABASE"
    /// Rows per transaction: the kill must never leave part of a transaction behind.
    static let rowsPerTransaction = 10
    /// Transactions the parent waits for before it kills the writer: about 8 MB, so that the
    /// write-ahead log has been checkpointed into the database a few times by then.
    static let transactionsBeforeKill = 2000
    /// Where the writer stops if nobody kills it.
    static let transactionLimit: Int64 = 20 * Int64(transactionsBeforeKill)

    static func migrator() -> Migrator {
        var migrator = Migrator()
        migrator.registerMigration("v1-rows") { db in
            try db.execute("""
                CREATE TABLE rows (
                    txn INTEGER NOT NULL,
                    n INTEGER NOT NULL,
                    payload BLOB NOT NULL,
                    PRIMARY KEY (txn, n)
                ) STRICT
                """)
        }
        return migrator
    }

    /// The child: commits transactions of ``rowsPerTransaction`` rows (about 4 KB) with the
    /// default configuration (WAL, `synchronous=NORMAL`) and prints `committed <txn>` after
    /// each commit returns, until it is killed (or gives up at ``transactionLimit`` or after a
    /// minute, should the parent be gone).
    @Test(.enabled(if: ProcessInfo.processInfo.environment[crashWriterVariable] != nil))
    func crashWriter() throws {
        let path = try #require(ProcessInfo.processInfo.environment[Self.crashWriterVariable])
        let queue = try DatabaseQueue(path: path, migrator: Self.migrator())
        let payload = SQLiteValue.blob([UInt8](repeating: 0xA5, count: 400))
        let deadline = ContinuousClock.now + .seconds(60)
        var txn: Int64 = 0
        while txn < Self.transactionLimit, ContinuousClock.now < deadline {
            txn += 1
            try queue.write { [txn] db in
                for n in 0..<Int64(Self.rowsPerTransaction) {
                    try db.execute("INSERT INTO rows (txn, n, payload) VALUES (?, ?, ?)", [.integer(txn), .integer(n), payload])
                }
            }
            // Unbuffered: the line is in the pipe before the next transaction starts.
            FileHandle.standardOutput.write(Data("committed \(txn)\n".utf8))
        }
    }

    @Test func committedTransactionsSurviveKill9() async throws {
        try await withTemporaryDirectory { directory in
            let path = "\(directory)/crash.sqlite"
            // Killed from the thread that reads its output, the moment enough commits are in.
            let seen = Locked(0)
            let child = try ChildProcess(
                "/proc/self/exe", ["--testing-library", "swift-testing", "--filter", "DurabilityTests/crashWriter"],
                environment: [Self.crashWriterVariable: path]
            ) { line, pid in
                guard line.hasPrefix("committed ") else { return }
                seen.update { $0 += 1 }
                if seen.value == Self.transactionsBeforeKill { kill(pid, SIGKILL) }
            }
            let committed = try await committedTransactions(of: child)
            let end = try await child.ended(within: .seconds(30))
            #expect(end == ExitStatus(exited: false, status: SIGKILL))
            #expect(committed.count >= Self.transactionsBeforeKill)
            #expect(committed == Array(1...Int64(committed.count)))

            let db = try Connection(path: path)
            #expect(try db.makeStatement("PRAGMA integrity_check").fetchAll { try $0[0] as String } == ["ok"])
            let counts = try db.makeStatement("SELECT txn, count(*) FROM rows GROUP BY txn ORDER BY txn").fetchAll {
                (try $0[0] as Int64, try $0[1] as Int)
            }
            // Every transaction whose commit returned is there, and none is there in part.
            #expect(counts.map(\.0).starts(with: committed))
            #expect(counts.allSatisfy { $0.1 == Self.rowsPerTransaction })
        }
    }

    /// The transactions the child reported, read until its output ends (lines already in the
    /// pipe when it was killed are still read).
    private func committedTransactions(of child: ChildProcess) async throws -> [Int64] {
        let isCommit: @Sendable (String) -> Bool = { $0.hasPrefix("committed ") }
        _ = try await child.ended(within: .seconds(90))
        // Nothing matches: this returns when the reader finishes the inbox at the output's end.
        _ = try? await child.lines.first(within: .seconds(30), "the end of the output") { _ in false }
        return child.lines.items.filter(isCommit).compactMap { Int64($0.dropFirst("committed ".count)) }
    }
}
