import FleetModel
import FoundationEssentials

extension SQLiteFleetStore {
    public func recordHealth(_ report: HealthReport, json: String?, at time: Date, retention: Int) throws -> Bool {
        let json = try json ?? StoredJSON.encode(report)
        let node = SQLiteValue.text(report.nodeID)
        return try queue.write { db in
            try db.cachedStatement("UPDATE nodes SET last_seen = ? WHERE node_id = ?").execute([time.storedSeconds, node])
            guard db.changes > 0 else { return false }
            try db.cachedStatement("INSERT INTO health_reports (node_id, received_at, report) VALUES (?, ?, ?)")
                .execute([node, time.storedSeconds, .text(json)])
            // Keep the newest `retention` reports of this node.
            try db.cachedStatement("""
                DELETE FROM health_reports WHERE node_id = ?1 AND id <= (
                    SELECT id FROM health_reports WHERE node_id = ?1 ORDER BY id DESC LIMIT 1 OFFSET ?2)
                """).execute([node, .integer(Int64(max(1, retention)))])
            return true
        }
    }

    public func latestHealth() throws -> [String: StoredHealth] {
        try queue.read { db in
            let rows = try db.cachedStatement("""
                SELECT h.report, h.received_at FROM health_reports h
                JOIN (SELECT node_id, max(id) AS id FROM health_reports GROUP BY node_id) newest ON newest.id = h.id
                """).fetchAll([], Self.storedHealth)
            return Dictionary(rows.map { ($0.report.nodeID, $0) }, uniquingKeysWith: { first, _ in first })
        }
    }

    public func healthHistory(of nodeID: String, limit: Int) throws -> [StoredHealth] {
        try queue.read { db in
            try db.cachedStatement("""
                SELECT report, received_at FROM (
                    SELECT id, report, received_at FROM health_reports WHERE node_id = ? ORDER BY id DESC LIMIT ?)
                ORDER BY id
                """).fetchAll([.text(nodeID), .integer(Int64(max(0, limit)))], Self.storedHealth)
        }
    }

    private static func storedHealth(_ row: Row) throws -> StoredHealth {
        StoredHealth(report: try StoredJSON.decode(HealthReport.self, try row[0]), receivedAt: Date(storedSeconds: try row[1]))
    }
}
