import FoundationEssentials

extension SQLiteFleetStore {
    public func addArtifact(_ artifact: StoredArtifact) throws {
        try queue.write { db in
            try db.cachedStatement("INSERT INTO artifacts (artifact_id, name, sha256, size, created_at) VALUES (?, ?, ?, ?, ?)")
                .execute([.text(artifact.id), .text(artifact.name), .text(artifact.sha256), .integer(Int64(artifact.size)),
                          artifact.createdAt.storedSeconds])
        }
    }

    public func artifact(_ id: String) throws -> StoredArtifact? {
        try queue.read { db in
            try db.cachedStatement("SELECT artifact_id, name, sha256, size, created_at FROM artifacts WHERE artifact_id = ?")
                .fetchOne([.text(id)], Self.storedArtifact)
        }
    }

    public func artifacts() throws -> [StoredArtifact] {
        try queue.read { db in
            try db.cachedStatement("SELECT artifact_id, name, sha256, size, created_at FROM artifacts ORDER BY created_at DESC, artifact_id")
                .fetchAll([], Self.storedArtifact)
        }
    }

    public func removeArtifact(_ id: String) throws -> ArtifactRemoval {
        try queue.write { db in
            guard let artifact = try db.cachedStatement("SELECT artifact_id, name, sha256, size, created_at FROM artifacts WHERE artifact_id = ?")
                .fetchOne([.text(id)], Self.storedArtifact)
            else { return .notFound }
            let users = try db.cachedStatement("SELECT job_id FROM jobs WHERE artifact_id = ? AND state IN ('created', 'installing') ORDER BY job_id")
                .fetchAll([.text(id)]) { row in try row[0] as String }
            guard users.isEmpty else { return .inUse(jobIDs: users) }
            // Finished jobs keep their record; they no longer point at the file.
            try db.cachedStatement("UPDATE jobs SET artifact_id = NULL WHERE artifact_id = ?").execute([.text(id)])
            try db.cachedStatement("DELETE FROM artifacts WHERE artifact_id = ?").execute([.text(id)])
            return .removed(artifact)
        }
    }

    private static func storedArtifact(_ row: Row) throws -> StoredArtifact {
        StoredArtifact(id: try row[0], name: try row[1], sha256: try row[2], size: try row[3], createdAt: Date(storedSeconds: try row[4]))
    }
}
