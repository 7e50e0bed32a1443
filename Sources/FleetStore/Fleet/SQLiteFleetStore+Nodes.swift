import FleetModel
import FoundationEssentials

extension SQLiteFleetStore {
    public func registerNode(_ registration: NodeRegistration, address: String, at time: Date) throws -> Bool {
        let json = try StoredJSON.encode(registration)
        return try queue.write { db in
            let existed = try db.cachedStatement("SELECT 1 FROM nodes WHERE node_id = ?")
                .fetchOne([.text(registration.nodeID)]) { _ in true } ?? false
            try db.cachedStatement("""
                INSERT INTO nodes (node_id, registration, address, registered_at, last_seen) VALUES (?, ?, ?, ?, ?)
                ON CONFLICT (node_id) DO UPDATE SET registration = excluded.registration, address = excluded.address,
                    last_seen = excluded.last_seen
                """).execute([.text(registration.nodeID), .text(json), .text(address), time.storedSeconds, time.storedSeconds])
            return !existed
        }
    }

    public func node(_ id: String) throws -> StoredNode? {
        try queue.read { db in
            try db.cachedStatement("SELECT registration, address, registered_at, last_seen FROM nodes WHERE node_id = ?")
                .fetchOne([.text(id)], Self.storedNode)
        }
    }

    public func nodes() throws -> [StoredNode] {
        try queue.read { db in
            try db.cachedStatement("SELECT registration, address, registered_at, last_seen FROM nodes ORDER BY node_id")
                .fetchAll([], Self.storedNode)
        }
    }

    public func removeNode(_ id: String) throws -> Bool {
        try queue.write { db in
            // Its part in jobs still running ends; finished jobs keep their history.
            try db.cachedStatement("""
                DELETE FROM job_nodes WHERE node_id = ? AND job_id IN (SELECT job_id FROM jobs WHERE state IN ('created', 'installing'))
                """).execute([.text(id)])
            try db.cachedStatement("DELETE FROM nodes WHERE node_id = ?").execute([.text(id)])
            return db.changes > 0
        }
    }

    private static func storedNode(_ row: Row) throws -> StoredNode {
        StoredNode(
            registration: try StoredJSON.decode(NodeRegistration.self, try row[0]), address: try row[1],
            registeredAt: Date(storedSeconds: try row[2]), lastSeen: Date(storedSeconds: try row[3]))
    }
}
