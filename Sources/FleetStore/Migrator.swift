/// Named, ordered schema migrations, each applied once per database.
///
/// ```swift
/// var migrator = Migrator()
/// migrator.registerMigration("v1-nodes") { db in
///     try db.execute("CREATE TABLE nodes (id TEXT PRIMARY KEY, name TEXT NOT NULL) STRICT")
/// }
/// let queue = try DatabaseQueue(path: path, migrator: migrator)
/// ```
///
/// Applied migrations are recorded in the table `schema_migrations (name, applied_at)`.
/// Each pending migration runs in its own write transaction together with its record, so a
/// migration that throws leaves the schema as it was. Migrations are append-only: never
/// rename, reorder or change one that has shipped; add a new one.
public struct Migrator: Sendable {
    /// One registered migration.
    private struct Migration: Sendable {
        let name: String
        let migrate: @Sendable (Connection) throws -> Void
    }

    /// The migrations, in the order they were registered (and are applied).
    private var migrations: [Migration] = []

    /// A migrator with no migrations.
    public init() {}

    /// The names of the registered migrations, in order.
    public var migrationNames: [String] { migrations.map(\.name) }

    /// Adds a migration after those already registered; `name` must be new.
    ///
    /// `migrate` runs inside a transaction with foreign keys enforced. To rebuild a table that
    /// others reference, start it with `PRAGMA defer_foreign_keys = ON`, so that the keys are
    /// checked at commit.
    public mutating func registerMigration(_ name: String, _ migrate: @escaping @Sendable (Connection) throws -> Void) {
        precondition(!migrationNames.contains(name), "migration \"\(name)\" is registered twice")
        migrations.append(Migration(name: name, migrate: migrate))
    }

    /// Applies the migrations `connection`'s database has not seen yet, in order.
    ///
    /// Throws ``MigrationError`` with kind ``MigrationError/Kind/unknownMigrations`` (and
    /// changes nothing) when the database records a migration that is not registered here,
    /// and with kind ``MigrationError/Kind/failed`` when one throws.
    public func migrate(_ connection: Connection) throws {
        try connection.execute("""
            CREATE TABLE IF NOT EXISTS schema_migrations (
                name TEXT PRIMARY KEY NOT NULL,
                applied_at TEXT NOT NULL
            ) STRICT
            """)
        let applied = try appliedMigrations(connection)
        let unknown = applied.filter { !migrationNames.contains($0) }
        guard unknown.isEmpty else { throw MigrationError(.unknownMigrations, migrations: unknown) }
        for migration in migrations where !applied.contains(migration.name) {
            do {
                try connection.transaction { db in
                    // Another process may have applied it since `applied` was read.
                    guard try !appliedMigrations(db).contains(migration.name) else { return }
                    try migration.migrate(db)
                    try db.execute("""
                        INSERT INTO schema_migrations (name, applied_at)
                        VALUES (?, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
                        """, [.text(migration.name)])
                }
            } catch {
                throw MigrationError(.failed, migrations: [migration.name], underlying: error)
            }
        }
    }

    /// The names recorded in `schema_migrations`, in the order they were applied.
    private func appliedMigrations(_ connection: Connection) throws -> [String] {
        try connection.cachedStatement("SELECT name FROM schema_migrations ORDER BY rowid").fetchAll { row in
            try row[0] as String
        }
    }
}
