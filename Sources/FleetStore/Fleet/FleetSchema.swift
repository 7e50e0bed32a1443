/// The fleet database's migrations, in order. A released migration never changes; a new
/// schema change is a new migration at the end.
enum FleetSchema {
    static var migrator: Migrator {
        var migrator = Migrator()
        migrator.registerMigration("v1-fleet") { db in
            try db.execute("""
                CREATE TABLE nodes (
                    node_id TEXT PRIMARY KEY,
                    registration TEXT NOT NULL,
                    address TEXT NOT NULL,
                    registered_at REAL NOT NULL,
                    last_seen REAL NOT NULL
                ) STRICT;

                CREATE TABLE health_reports (
                    id INTEGER PRIMARY KEY,
                    node_id TEXT NOT NULL REFERENCES nodes(node_id) ON DELETE CASCADE,
                    received_at REAL NOT NULL,
                    report TEXT NOT NULL
                ) STRICT;
                CREATE INDEX health_reports_by_node ON health_reports(node_id, id);

                CREATE TABLE artifacts (
                    artifact_id TEXT PRIMARY KEY,
                    name TEXT NOT NULL,
                    sha256 TEXT NOT NULL,
                    size INTEGER NOT NULL CHECK (size >= 0),
                    created_at REAL NOT NULL
                ) STRICT;

                CREATE TABLE jobs (
                    job_id TEXT PRIMARY KEY,
                    creation TEXT NOT NULL,
                    artifact_id TEXT REFERENCES artifacts(artifact_id),
                    state TEXT NOT NULL,
                    created_at REAL NOT NULL,
                    updated_at REAL NOT NULL
                ) STRICT;
                CREATE INDEX jobs_by_artifact ON jobs(artifact_id);

                CREATE TABLE job_nodes (
                    job_id TEXT NOT NULL REFERENCES jobs(job_id) ON DELETE CASCADE,
                    node_id TEXT NOT NULL,
                    state TEXT NOT NULL,
                    progress REAL NOT NULL CHECK (progress >= 0 AND progress <= 100),
                    error TEXT,
                    updated_at REAL NOT NULL,
                    PRIMARY KEY (job_id, node_id)
                ) STRICT;
                CREATE INDEX job_nodes_by_node ON job_nodes(node_id);

                CREATE TABLE audit_log (
                    id INTEGER PRIMARY KEY,
                    at REAL NOT NULL,
                    actor TEXT NOT NULL,
                    action TEXT NOT NULL,
                    detail TEXT NOT NULL
                ) STRICT;
                """)
        }
        return migrator
    }
}
