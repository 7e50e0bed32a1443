import FoundationEssentials

extension SQLiteFleetStore {
    public func audit(_ entry: AuditEntry) throws {
        try queue.write { db in
            try db.cachedStatement("INSERT INTO audit_log (at, actor, action, detail) VALUES (?, ?, ?, ?)")
                .execute([entry.at.storedSeconds, .text(entry.actor), .text(entry.action), .text(entry.detail)])
        }
    }

    public func auditLog(limit: Int) throws -> [AuditEntry] {
        try queue.read { db in
            try db.cachedStatement("SELECT at, actor, action, detail FROM audit_log ORDER BY id DESC LIMIT ?")
                .fetchAll([.integer(Int64(max(0, limit)))]) { row in
                    AuditEntry(at: Date(storedSeconds: try row[0]), actor: try row[1], action: try row[2], detail: try row[3])
                }
        }
    }
}
