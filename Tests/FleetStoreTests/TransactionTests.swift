import FleetStore
import Testing

@Suite struct TransactionTests {
    struct Refusal: Error, Equatable {}

    /// A connection on a fresh database with a table `t (x INTEGER NOT NULL)`.
    func withTable(_ body: (Connection) throws -> Void) async throws {
        try await withTemporaryDirectory { directory in
            let db = try Connection(path: "\(directory)/test.sqlite")
            try db.execute("CREATE TABLE t (x INTEGER NOT NULL) STRICT")
            try body(db)
        }
    }

    func values(_ db: Connection) throws -> [Int] {
        try db.cachedStatement("SELECT x FROM t ORDER BY x").fetchAll { try $0[0] as Int }
    }

    @Test func aTransactionCommitsAndReturnsItsResult() async throws {
        try await withTable { db throws in
            let count = try db.transaction { db in
                try db.execute("INSERT INTO t VALUES (?), (?)", [1, 2])
                return db.changes
            }
            #expect(count == 2)
            #expect(!db.isInTransaction)
            #expect(try values(db) == [1, 2])
        }
    }

    @Test func aTransactionWhoseClosureThrowsLeavesNothingBehind() async throws {
        try await withTable { db throws in
            try db.execute("INSERT INTO t VALUES (1)", [])
            #expect(throws: Refusal()) {
                try db.transaction { db in
                    try db.execute("INSERT INTO t VALUES (?)", [2])
                    try db.execute("CREATE TABLE other (y INTEGER)")
                    throw Refusal()
                }
            }
            #expect(!db.isInTransaction)
            #expect(try values(db) == [1])
            #expect(try db.makeStatement("SELECT count(*) FROM sqlite_schema WHERE name = 'other'").fetchOne { try $0[0] as Int } == 0)
        }
    }

    @Test func aFailingStatementRollsTheWholeTransactionBack() async throws {
        try await withTable { db throws in
            #expect {
                try db.transaction { db in
                    try db.execute("INSERT INTO t VALUES (?)", [1])
                    try db.execute("INSERT INTO t VALUES (?)", [nil])
                }
            } throws: { ($0 as? SQLiteError)?.code == .constraintNotNull }
            #expect(try values(db) == [])
        }
    }

    @Test func transactionsDoNotNest() async throws {
        try await withTable { db throws in
            try db.transaction { db in
                try db.execute("INSERT INTO t VALUES (1)", [])
                #expect {
                    try db.transaction { _ in }
                } throws: { ($0 as? SQLiteError)?.code == .misuse }
                // The open transaction is untouched and goes on.
                #expect(db.isInTransaction)
                try db.execute("INSERT INTO t VALUES (2)", [])
            }
            #expect(try values(db) == [1, 2])
        }
    }

    @Test func aQueueReadCannotWriteAndLeavesTheConnectionWritable() async throws {
        try await withTemporaryDirectory { directory in
            var migrator = Migrator()
            migrator.registerMigration("t") { db in try db.execute("CREATE TABLE t (x INTEGER NOT NULL) STRICT") }
            let queue = try DatabaseQueue(path: "\(directory)/test.sqlite", migrator: migrator)
            #expect {
                try queue.read { db in try db.execute("INSERT INTO t VALUES (1)", []) }
            } throws: { ($0 as? SQLiteError)?.code == .readOnly }
            try queue.write { db in try db.execute("INSERT INTO t VALUES (2)", []) }
            #expect(try queue.read { db in try values(db) } == [2])
        }
    }
}
