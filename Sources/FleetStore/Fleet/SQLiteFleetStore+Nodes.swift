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

    public func sightings() throws -> [NodeSighting] {
        try queue.read { db in
            try db.cachedStatement(
                "SELECT node_id, last_seen, coalesce(json_extract(registration, '$.health_interval_s'), ?) FROM nodes"
            ).fetchAll([.integer(Int64(NodeRegistration.defaultHealthIntervalSeconds))]) { row in
                NodeSighting(nodeID: try row[0], lastSeen: Date(storedSeconds: try row[1]), healthIntervalSeconds: try row[2])
            }
        }
    }

    public func removeNode(_ id: String, at time: Date) throws -> [String]? {
        try queue.write { db -> [String]? in
            try db.cachedStatement("DELETE FROM nodes WHERE node_id = ?").execute([.text(id)])
            guard db.changes > 0 else { return nil }
            // Its part in jobs still running ends, and those jobs may now be finished;
            // finished jobs keep their history.
            let jobs = try db.cachedStatement("""
                SELECT n.job_id FROM job_nodes n JOIN jobs j ON j.job_id = n.job_id
                WHERE n.node_id = ? AND j.state IN ('created', 'installing') ORDER BY n.job_id
                """).fetchAll([.text(id)]) { row in try row[0] as String }
            for jobID in jobs {
                try db.cachedStatement("DELETE FROM job_nodes WHERE job_id = ? AND node_id = ?").execute([.text(jobID), .text(id)])
                guard let job = try Self.readJob(jobID, db) else { continue }
                let state = JobState.derived(from: job.nodes.values.map(\.state), current: job.state)
                if state != job.state {
                    try db.cachedStatement("UPDATE jobs SET state = ?, updated_at = ? WHERE job_id = ?")
                        .execute([.text(state.rawValue), time.storedSeconds, .text(jobID)])
                }
            }
            if !jobs.isEmpty { try Self.countInstallingJobs(db, into: installingJobs) }
            return jobs
        }
    }

    public func installedVersions() throws -> [String: [String: String]] {
        try queue.read { db in
            var versions: [String: [String: String]] = [:]
            let rows = try db.cachedStatement("""
                SELECT n.node_id, j.creation FROM job_nodes n JOIN jobs j ON j.job_id = n.job_id
                WHERE n.state = 'succeeded' ORDER BY n.updated_at, j.job_id
                """).fetchAll { row in (try row[0] as String, try StoredJSON.decode(UpdateCreation.self, try row[1])) }
            for (nodeID, creation) in rows { versions[nodeID, default: [:]][creation.name] = creation.version }
            return versions
        }
    }

    private static func storedNode(_ row: Row) throws -> StoredNode {
        StoredNode(
            registration: try StoredJSON.decode(NodeRegistration.self, try row[0]), address: try row[1],
            registeredAt: Date(storedSeconds: try row[2]), lastSeen: Date(storedSeconds: try row[3]))
    }
}
