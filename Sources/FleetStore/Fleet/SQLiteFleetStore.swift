import FleetModel
import FoundationEssentials

/// The fleet store in one SQLite file (WAL), shared by every thread through a
/// ``DatabaseQueue``. Payloads are kept as the JSON they travel as; what queries need
/// (ids, states, times) has columns of its own.
public final class SQLiteFleetStore: FleetStore {
    let queue: DatabaseQueue

    /// Opens (or creates) the database at `path` and brings its schema up to date.
    public init(path: String, synchronous: Connection.Synchronous = .normal) throws {
        var configuration = Connection.Configuration()
        configuration.synchronous = synchronous
        queue = try DatabaseQueue(path: path, configuration: configuration, migrator: FleetSchema.migrator)
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

/// JSON columns: payloads are stored as they travel.
enum StoredJSON {
    static func encode(_ value: some Encodable) throws -> String {
        String(decoding: try JSONEncoder().encode(value), as: UTF8.self)
    }

    static func decode<T: Decodable>(_ type: T.Type, _ text: String) throws -> T {
        try JSONDecoder().decode(type, from: Data(text.utf8))
    }
}

extension Date {
    /// Seconds since 1970, as the REAL time columns hold them.
    var storedSeconds: SQLiteValue { .real(timeIntervalSince1970) }

    init(storedSeconds: Double) { self.init(timeIntervalSince1970: storedSeconds) }
}
