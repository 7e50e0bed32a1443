import FleetModel
import FoundationEssentials
import Synchronization

/// The fleet store in one SQLite file (WAL), shared by every thread through a
/// ``DatabaseQueue``. Payloads are kept as the JSON they travel as; what queries need
/// (ids, states, times) has columns of its own.
public final class SQLiteFleetStore: FleetStore {
    let queue: DatabaseQueue
    /// How many jobs are installing, refreshed by every write that can change a job's state:
    /// with none, a node's pending jobs need no query (asked on every health report).
    let installingJobs = Atomic<Int>(0)

    /// Opens (or creates) the database at `path` and brings its schema up to date.
    public init(path: String, synchronous: Connection.Synchronous = .normal) throws {
        var configuration = Connection.Configuration()
        configuration.synchronous = synchronous
        queue = try DatabaseQueue(path: path, configuration: configuration, migrator: FleetSchema.migrator)
        try queue.write { db in try Self.countInstallingJobs(db, into: installingJobs) }
    }

    /// Stores the number of installing jobs `db` holds in `counter` (inside a write, so no
    /// change can slip between the count and the store).
    static func countInstallingJobs(_ db: Connection, into counter: borrowing Atomic<Int>) throws {
        let count = try db.cachedStatement("SELECT count(*) FROM jobs WHERE state = 'installing'").fetchOne { row in try row[0] as Int }
        counter.store(count ?? 0, ordering: .relaxed)
    }

    public func counts() throws -> SystemInfo.Counts {
        try queue.read { db in
            func count(_ sql: String) throws -> Int { try db.cachedStatement(sql).fetchOne { row in try row[0] as Int } ?? 0 }
            return SystemInfo.Counts(
                nodes: try count("SELECT count(*) FROM nodes"),
                healthReports: try count("SELECT count(*) FROM health_reports"),
                jobs: try count("SELECT count(*) FROM jobs"),
                unfinishedJobs: try count("SELECT count(*) FROM jobs WHERE state IN ('created', 'installing')"),
                artifacts: try count("SELECT count(*) FROM artifacts"),
                auditEntries: try count("SELECT count(*) FROM audit_log"))
        }
    }
}

/// JSON columns: payloads are stored as they travel (FleetModel's coder: the wire's bytes, and
/// a fraction of Foundation's cost for a job's creation read with every status).
enum StoredJSON {
    static func encode(_ value: some Encodable) throws -> String {
        String(decoding: try JSONCoding.encode(value), as: UTF8.self)
    }

    static func decode<T: Decodable>(_ type: T.Type, _ text: String) throws -> T {
        try JSONCoding.decode(type, from: Array(text.utf8))
    }
}

extension Date {
    /// Seconds since 1970, as the REAL time columns hold them.
    var storedSeconds: SQLiteValue { .real(timeIntervalSince1970) }

    init(storedSeconds: Double) { self.init(timeIntervalSince1970: storedSeconds) }
}
