import FleetStore
import Testing

@Suite struct MigratorTests {
    struct Refusal: Error {}

    /// `v1` creates a table, `v2` adds a row to it: applied twice, `v2` would add two.
    func baseMigrator() -> Migrator {
        var migrator = Migrator()
        migrator.registerMigration("v1-nodes") { db in
            try db.execute("CREATE TABLE nodes (id TEXT PRIMARY KEY NOT NULL) STRICT")
        }
        migrator.registerMigration("v2-first-node") { db in
            try db.execute("INSERT INTO nodes (id) VALUES ('n1')")
        }
        return migrator
    }

    func applied(_ db: Connection) throws -> [String] {
        try db.makeStatement("SELECT name FROM schema_migrations ORDER BY rowid").fetchAll { try $0[0] as String }
    }

    func nodeCount(_ db: Connection) throws -> Int {
        try db.makeStatement("SELECT count(*) FROM nodes").fetchOne { try $0[0] as Int } ?? -1
    }

    func tables(_ db: Connection) throws -> [String] {
        try db.makeStatement("SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name").fetchAll { try $0[0] as String }
    }

    @Test func migrationsApplyOnceAndAreSkippedOnReopen() async throws {
        try await withTemporaryDirectory { directory in
            let path = "\(directory)/test.sqlite"
            for _ in 0..<2 {
                let db = try Connection(path: path)
                try baseMigrator().migrate(db)
                #expect(try applied(db) == ["v1-nodes", "v2-first-node"])
                #expect(try nodeCount(db) == 1)
            }
            let db = try Connection(path: path)
            let stamps = try db.makeStatement("SELECT applied_at FROM schema_migrations").fetchAll { try $0[0] as String }
            #expect(stamps.allSatisfy { $0.hasSuffix("Z") && $0.count == 24 })  // 2025-01-31T12:00:00.000Z
        }
    }

    @Test func aNewMigrationIsAppliedAlone() async throws {
        try await withTemporaryDirectory { directory in
            let path = "\(directory)/test.sqlite"
            _ = try DatabaseQueue(path: path, migrator: baseMigrator())
            var migrator = baseMigrator()
            migrator.registerMigration("v3-second-node") { db in
                try db.execute("INSERT INTO nodes (id) VALUES ('n2')")
            }
            #expect(migrator.migrationNames == ["v1-nodes", "v2-first-node", "v3-second-node"])
            let queue = try DatabaseQueue(path: path, migrator: migrator)
            let (names, count) = try queue.read { db in (try applied(db), try nodeCount(db)) }
            #expect(names == migrator.migrationNames)
            #expect(count == 2)
        }
    }

    @Test func aFailingMigrationRollsBackAndNamesItself() async throws {
        try await withTemporaryDirectory { directory in
            let path = "\(directory)/test.sqlite"
            var migrator = baseMigrator()
            migrator.registerMigration("v3-broken") { db in
                try db.execute("CREATE TABLE jobs (id TEXT PRIMARY KEY NOT NULL) STRICT")
                try db.execute("INSERT INTO nodes (id) VALUES ('n2')")
                throw Refusal()
            }
            migrator.registerMigration("v4-never") { db in
                try db.execute("CREATE TABLE later (id INTEGER) STRICT")
            }
            do {
                _ = try DatabaseQueue(path: path, migrator: migrator)
                Issue.record("the broken migration was applied")
            } catch let error as MigrationError {
                #expect(error.kind == .failed)
                #expect(error.migrations == ["v3-broken"])
                #expect(error.underlying is Refusal)
                #expect(error.description.contains("\"v3-broken\""))
            }
            let db = try Connection(path: path)
            #expect(try applied(db) == ["v1-nodes", "v2-first-node"])
            #expect(try tables(db) == ["nodes", "schema_migrations"])
            #expect(try nodeCount(db) == 1)
        }
    }

    @Test func aFailingStatementInAMigrationIsItsUnderlyingError() async throws {
        try await withTemporaryDirectory { directory in
            var migrator = baseMigrator()
            migrator.registerMigration("v3-duplicate") { db in
                try db.execute("INSERT INTO nodes (id) VALUES ('n1')")
            }
            let db = try Connection(path: "\(directory)/test.sqlite")
            #expect {
                try migrator.migrate(db)
            } throws: { error in
                let error = error as? MigrationError
                return error?.migrations == ["v3-duplicate"] && (error?.underlying as? SQLiteError)?.code == .constraintPrimaryKey
            }
        }
    }

    @Test func aDatabaseWithUnknownMigrationsIsRefused() async throws {
        try await withTemporaryDirectory { directory in
            let path = "\(directory)/test.sqlite"
            _ = try DatabaseQueue(path: path, migrator: baseMigrator())
            var older = Migrator()
            older.registerMigration("v1-nodes") { _ in Issue.record("an applied migration ran again") }
            older.registerMigration("v1b-other") { _ in Issue.record("a migration ran on a newer database") }
            #expect {
                _ = try DatabaseQueue(path: path, migrator: older)
            } throws: { error in
                let error = error as? MigrationError
                return error?.kind == .unknownMigrations && error?.migrations == ["v2-first-node"]
            }
        }
    }
}
