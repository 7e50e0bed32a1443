import FleetStore
import Foundation
import Testing

@Suite struct ConnectionTests {
    @Test func openingTurnsOnWALForeignKeysAndNormalSynchronous() async throws {
        try await withTemporaryDirectory { directory in
            let db = try Connection(path: "\(directory)/test.sqlite")
            #expect(try db.makeStatement("PRAGMA journal_mode").fetchOne { try $0[0] as String } == "wal")
            #expect(try db.makeStatement("PRAGMA foreign_keys").fetchOne { try $0[0] as Int } == 1)
            #expect(try db.makeStatement("PRAGMA synchronous").fetchOne { try $0[0] as Int } == 1)  // NORMAL
        }
    }

    @Test func synchronousFullIsApplied() async throws {
        try await withTemporaryDirectory { directory in
            let db = try Connection(path: "\(directory)/test.sqlite", configuration: .init(synchronous: .full))
            #expect(try db.makeStatement("PRAGMA synchronous").fetchOne { try $0[0] as Int } == 2)  // FULL
        }
    }

    @Test func aFileThatIsNotADatabaseIsRefusedAndLeftClosed() async throws {
        try await withTemporaryDirectory { directory in
            let path = "\(directory)/garbage.sqlite"
            try Data(repeating: 0x5A, count: 8192).write(to: URL(fileURLWithPath: path))
            #expect {
                _ = try Connection(path: path)
            } throws: { error in
                (error as? SQLiteError)?.code == .notADatabase
            }
            let openFiles = try FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd").compactMap {
                try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/fd/\($0)")
            }
            #expect(!openFiles.contains { $0.hasPrefix(directory) })
        }
    }

    @Test func aMissingDirectoryCannotBeOpened() async throws {
        try await withTemporaryDirectory { directory in
            #expect {
                _ = try Connection(path: "\(directory)/missing/test.sqlite")
            } throws: { error in
                (error as? SQLiteError)?.code == .cantOpen
            }
        }
    }

    @Test func aWriterWaitsForTheBusyTimeoutThenFailsWithBusy() async throws {
        try await withTemporaryDirectory { directory in
            let path = "\(directory)/test.sqlite"
            let holder = try Connection(path: path)
            let waiter = try Connection(path: path, configuration: .init(busyTimeout: .milliseconds(200)))
            try holder.transaction { _ in
                let start = ContinuousClock.now
                #expect {
                    try waiter.transaction { _ in }
                } throws: { ($0 as? SQLiteError)?.code == .busy }
                #expect(ContinuousClock.now - start >= .milliseconds(150))
            }
            try waiter.transaction { _ in }  // free again
        }
    }

    /// Statements that break a constraint, and the extended code each must fail with.
    static let violations: [(sql: String, code: SQLiteError.ResultCode)] = [
        ("INSERT INTO nodes (id, name, port) VALUES ('n1', 'again', 1)", .constraintPrimaryKey),
        ("INSERT INTO nodes (id, name, port) VALUES ('n2', 'first', 1)", .constraintUnique),
        ("INSERT INTO nodes (id, name, port) VALUES ('n2', NULL, 1)", .constraintNotNull),
        ("INSERT INTO nodes (id, name, port) VALUES ('n2', 'second', 0)", .constraintCheck),
        ("INSERT INTO nodes (id, name, port) VALUES ('n2', 'second', 'eighty')", .constraintDataType),
        ("INSERT INTO health (node_id, status) VALUES ('unknown', 'ok')", .constraintForeignKey),
    ]

    @Test(arguments: violations)
    func constraintViolationsCarryTheirExtendedCode(sql: String, code: SQLiteError.ResultCode) async throws {
        try await withTemporaryDirectory { directory in
            let db = try Connection(path: "\(directory)/test.sqlite")
            try db.execute("""
                CREATE TABLE nodes (
                    id TEXT PRIMARY KEY NOT NULL,
                    name TEXT NOT NULL UNIQUE,
                    port INTEGER NOT NULL CHECK (port > 0)
                ) STRICT;
                CREATE TABLE health (
                    node_id TEXT NOT NULL REFERENCES nodes (id),
                    status TEXT NOT NULL
                ) STRICT;
                INSERT INTO nodes (id, name, port) VALUES ('n1', 'first', 5683);
                """)
            do {
                try db.execute(sql, [])
                Issue.record("\(sql) succeeded")
            } catch let error as SQLiteError where error.code == code {
                #expect(error.code.primary == .constraint)
                #expect(error.sql == sql)
                #expect(!error.message.isEmpty)
                switch error.code {
                case .constraint: break  // `~=` matches every extended code of the primary code
                default: Issue.record("\(error.code) did not match .constraint")
                }
            }
        }
    }

    @Test func executeRunsAScriptAndNamesTheStatementThatFailed() async throws {
        try await withTemporaryDirectory { directory in
            let db = try Connection(path: "\(directory)/test.sqlite")
            do {
                try db.execute("""
                    CREATE TABLE a (x INTEGER) STRICT;
                    INSERT INTO a VALUES (1);
                    INSERT INTO missing VALUES (2);
                    INSERT INTO a VALUES (3);
                    """)
                Issue.record("the script succeeded")
            } catch let error as SQLiteError {
                #expect(error.code == .error)
                #expect(error.sql == "INSERT INTO missing VALUES (2);")
                #expect(error.message.contains("missing"))
            }
            // Outside a transaction, each statement of a script commits on its own.
            #expect(try db.makeStatement("SELECT x FROM a").fetchAll { try $0[0] as Int } == [1])
        }
    }

    @Test func aStatementHoldsExactlyOneStatementAndTheRightArgumentCount() async throws {
        try await withTemporaryDirectory { directory in
            let db = try Connection(path: "\(directory)/test.sqlite")
            #expect { try db.makeStatement("SELECT 1; SELECT 2") } throws: { ($0 as? SQLiteError)?.code == .misuse }
            #expect { try db.makeStatement("  -- nothing\n") } throws: { ($0 as? SQLiteError)?.code == .misuse }
            #expect { try db.makeStatement("SELECT * FROM nowhere") } throws: { ($0 as? SQLiteError)?.code == .error }
            let select = try db.makeStatement("SELECT ?, ?")
            #expect(select.parameterCount == 2)
            #expect { try select.execute([1]) } throws: { ($0 as? SQLiteError)?.code == .misuse }
        }
    }

    @Test func cachedStatementsAreReusedResetAndCleared() async throws {
        try await withTemporaryDirectory { directory in
            let db = try Connection(path: "\(directory)/test.sqlite")
            try db.execute("CREATE TABLE t (x INTEGER NOT NULL) STRICT; INSERT INTO t VALUES (1), (2), (3);")
            let sql = "SELECT x FROM t WHERE x >= ? ORDER BY x"
            let first = try db.cachedStatement(sql)
            #expect(try first.fetchAll([2]) { try $0[0] as Int } == [2, 3])

            // Left in the middle of its rows and with a binding, it comes back rewound and cleared.
            try first.bind(1, at: 1)
            #expect(try first.step().map { try $0[0] as Int } == 1)
            let again = try db.cachedStatement(sql)
            #expect(again === first)
            #expect(try again.step() == nil)  // the parameter is NULL again: no row matches
            #expect(try again.fetchAll([3]) { try $0[0] as Int } == [3])
        }
    }

    @Test func aNestedQueryWithTheSameSQLGetsItsOwnStatement() async throws {
        try await withTemporaryDirectory { directory in
            let db = try Connection(path: "\(directory)/test.sqlite")
            try db.execute("CREATE TABLE t (x INTEGER NOT NULL) STRICT; INSERT INTO t VALUES (1), (2), (3);")
            let sql = "SELECT x FROM t WHERE x >= ? ORDER BY x"
            let pairs = try db.cachedStatement(sql).fetchAll([1]) { row in
                let x: Int = try row[0]
                return (x, try db.cachedStatement(sql).fetchAll([x.sqliteValue]) { try $0[0] as Int }.count)
            }
            #expect(pairs.map(\.0) == [1, 2, 3])
            #expect(pairs.map(\.1) == [3, 2, 1])
        }
    }

    @Test func lastInsertRowIDAndChanges() async throws {
        try await withTemporaryDirectory { directory in
            let db = try Connection(path: "\(directory)/test.sqlite")
            try db.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, x INTEGER NOT NULL) STRICT")
            try db.execute("INSERT INTO t (x) VALUES (?), (?)", [10, 20])
            #expect(db.lastInsertRowID == 2)
            #expect(db.changes == 2)
            try db.execute("UPDATE t SET x = x + 1 WHERE x > ?", [15])
            #expect(db.changes == 1)
        }
    }

    @Test func aColumnOfAnotherTypeIsAMismatch() async throws {
        try await withTemporaryDirectory { directory in
            let db = try Connection(path: "\(directory)/test.sqlite")
            let select = try db.makeStatement("SELECT 'text' AS label, NULL AS missing, 7 AS number")
            try select.fetchOne { row throws in
                #expect(row.count == 3)
                #expect(row.name(of: 0) == "label")
                #expect { try row[0] as Int64 } throws: { ($0 as? SQLiteError)?.code == .mismatch }
                #expect { try row[1] as String } throws: { error in
                    let error = error as? SQLiteError
                    return error?.code == .mismatch && error?.message.contains("missing") == true
                }
                #expect(try row[1] as String? == nil)
                #expect(try row[2] as Double == 7)  // an integer reads as a Double
                #expect { try row[2] as String } throws: { ($0 as? SQLiteError)?.code == .mismatch }
            }
        }
    }

    @Test func aRowReadAfterItsStatementMovedOnTraps() async {
        await #expect(processExitsWith: .failure) {
            let directory = FileManager.default.temporaryDirectory.appendingPathComponent("fleetstore-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            let db = try Connection(path: directory.appendingPathComponent("test.sqlite").path)
            let select = try db.makeStatement("SELECT 1")
            let row = try #require(try select.step())
            select.reset()
            try FileManager.default.removeItem(at: directory)  // nothing is left behind by the crash
            _ = row.value(at: 0)
        }
    }
}
