import FleetModel
import FoundationEssentials

extension SQLiteFleetStore {
    public func createJob(_ job: StoredJob) throws {
        let creation = try StoredJSON.encode(job.creation)
        try queue.write { db in
            try db.cachedStatement("""
                INSERT INTO jobs (job_id, creation, artifact_id, state, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)
                """).execute([
                    .text(job.id), .text(creation), job.creation.artifactID.map(SQLiteValue.text) ?? .null,
                    .text(job.state.rawValue), job.createdAt.storedSeconds, job.updatedAt.storedSeconds,
                ])
            for (nodeID, node) in job.nodes { try Self.write(node, of: nodeID, in: job.id, db) }
            try Self.countInstallingJobs(db, into: installingJobs)
        }
    }

    public func job(_ id: String) throws -> StoredJob? {
        try queue.read { db in try Self.readJob(id, db) }
    }

    public func jobs() throws -> [StoredJob] {
        try queue.read { db in
            let ids = try db.cachedStatement("SELECT job_id FROM jobs ORDER BY created_at DESC, job_id").fetchAll { row in try row[0] as String }
            return try ids.compactMap { try Self.readJob($0, db) }
        }
    }

    public func updateJob<Result>(_ id: String, _ change: (inout StoredJob) throws -> Result) throws -> Result? {
        try withoutActuallyEscaping(change) { change in
            let box = ChangeBox(change)
            return try queue.write { db -> Result? in
                guard var job = try Self.readJob(id, db) else { return nil }
                let before = job
                let result = try box.change(&job)
                try writeJobRow(id, state: job.state, updatedAt: job.updatedAt, was: (before.state, before.updatedAt), db)
                for (nodeID, node) in job.nodes where before.nodes[nodeID] != node {
                    try Self.write(node, of: nodeID, in: id, db)
                }
                for nodeID in before.nodes.keys where job.nodes[nodeID] == nil {
                    try db.cachedStatement("DELETE FROM job_nodes WHERE job_id = ? AND node_id = ?").execute([.text(id), .text(nodeID)])
                }
                return result
            }
        }
    }

    public func updateJobNode<Result>(_ jobID: String, _ nodeID: String, _ change: (inout JobNodeChange) throws -> Result) throws -> Result? {
        try withoutActuallyEscaping(change) { change in
            let box = ChangeBox(change)
            return try queue.write { db -> Result? in
                guard let before = try Self.readJobNode(jobID, nodeID, db) else { return nil }
                var changed = before
                let result = try box.change(&changed)
                try writeJobRow(
                    jobID, state: changed.jobState, updatedAt: changed.jobUpdatedAt, was: (before.jobState, before.jobUpdatedAt), db)
                if let node = changed.node, before.node != nil, node != before.node {
                    try Self.write(node, of: nodeID, in: jobID, db)
                }
                return result
            }
        }
    }

    /// Writes a job's state and time when they changed, and recounts the installing jobs when
    /// the state did.
    private func writeJobRow(
        _ id: String, state: JobState, updatedAt: Date, was previous: (state: JobState, updatedAt: Date), _ db: Connection
    ) throws {
        guard state != previous.state || updatedAt != previous.updatedAt else { return }
        try db.cachedStatement("UPDATE jobs SET state = ?, updated_at = ? WHERE job_id = ?")
            .execute([.text(state.rawValue), updatedAt.storedSeconds, .text(id)])
        if state != previous.state { try Self.countInstallingJobs(db, into: installingJobs) }
    }

    public func unfinishedJobs(for nodeID: String) throws -> [StoredJob] {
        guard installingJobs.load(ordering: .relaxed) > 0 else { return [] }
        return try queue.read { db in
            let ids = try db.cachedStatement("""
                SELECT j.job_id FROM jobs j JOIN job_nodes n ON n.job_id = j.job_id
                WHERE j.state = 'installing' AND n.node_id = ?
                  AND n.state NOT IN ('succeeded', 'failed', 'rolled_back', 'cancelled')
                ORDER BY j.created_at
                """).fetchAll([.text(nodeID)]) { row in try row[0] as String }
            return try ids.compactMap { try Self.readJob($0, db) }
        }
    }

    static func readJob(_ id: String, _ db: Connection) throws -> StoredJob? {
        guard var job = try db.cachedStatement("SELECT creation, state, created_at, updated_at FROM jobs WHERE job_id = ?")
            .fetchOne([.text(id)], { row in
                StoredJob(
                    id: id, creation: try StoredJSON.decode(UpdateCreation.self, try row[0]),
                    state: try Self.decodeState(JobState.self, try row[1]),
                    createdAt: Date(storedSeconds: try row[2]), updatedAt: Date(storedSeconds: try row[3]), nodes: [:])
            })
        else { return nil }
        let nodes = try db.cachedStatement("SELECT node_id, state, progress, error, updated_at FROM job_nodes WHERE job_id = ?")
            .fetchAll([.text(id)]) { row in
                (try row[0] as String, StoredNodeState(
                    state: try Self.decodeState(NodeUpdateState.self, try row[1]), progress: try row[2], error: try row[3],
                    updatedAt: Date(storedSeconds: try row[4])))
            }
        job.nodes = Dictionary(nodes, uniquingKeysWith: { first, _ in first })
        return job
    }

    /// The job's state, one node's part and the job's per-state counts; nil without the job.
    private static func readJobNode(_ jobID: String, _ nodeID: String, _ db: Connection) throws -> JobNodeChange? {
        guard let (state, updatedAt) = try db.cachedStatement("SELECT state, updated_at FROM jobs WHERE job_id = ?")
            .fetchOne([.text(jobID)], { row in (try Self.decodeState(JobState.self, try row[0]), Date(storedSeconds: try row[1])) })
        else { return nil }
        let node = try db.cachedStatement("SELECT state, progress, error, updated_at FROM job_nodes WHERE job_id = ? AND node_id = ?")
            .fetchOne([.text(jobID), .text(nodeID)]) { row in
                StoredNodeState(
                    state: try Self.decodeState(NodeUpdateState.self, try row[0]), progress: try row[1], error: try row[2],
                    updatedAt: Date(storedSeconds: try row[3]))
            }
        var summary: [NodeUpdateState: Int] = [:]
        for (name, count) in try db.cachedStatement("SELECT state, count(*) FROM job_nodes WHERE job_id = ? GROUP BY state")
            .fetchAll([.text(jobID)], { row in (try row[0] as String, try row[1] as Int) }) {
            summary[try Self.decodeState(NodeUpdateState.self, name)] = count
        }
        return JobNodeChange(jobID: jobID, nodeID: nodeID, jobState: state, jobUpdatedAt: updatedAt, node: node, summary: summary)
    }

    private static func write(_ node: StoredNodeState, of nodeID: String, in jobID: String, _ db: Connection) throws {
        try db.cachedStatement("""
            INSERT INTO job_nodes (job_id, node_id, state, progress, error, updated_at) VALUES (?, ?, ?, ?, ?, ?)
            ON CONFLICT (job_id, node_id) DO UPDATE SET state = excluded.state, progress = excluded.progress,
                error = excluded.error, updated_at = excluded.updated_at
            """).execute([
                .text(jobID), .text(nodeID), .text(node.state.rawValue), .real(node.progress),
                node.error.map(SQLiteValue.text) ?? .null, node.updatedAt.storedSeconds,
            ])
    }

    private static func decodeState<State: RawRepresentable>(_ type: State.Type, _ text: String) throws -> State where State.RawValue == String {
        guard let state = State(rawValue: text) else {
            throw SQLiteError(.mismatch, "unknown \(State.self) '\(text)' in the database")
        }
        return state
    }
}

/// Carries a non-escaping change closure into the queue's write closure for the duration of
/// the call (the queue runs it synchronously, on this thread).
private final class ChangeBox<Change>: @unchecked Sendable {
    let change: Change
    init(_ change: Change) { self.change = change }
}
