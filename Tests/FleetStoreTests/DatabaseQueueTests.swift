import FleetStore
import Testing

@Suite struct DatabaseQueueTests {
    @Test func manyTasksWriteAndReadThroughOneQueue() async throws {
        try await withTemporaryDirectory { directory in
            var migrator = Migrator()
            migrator.registerMigration("v1") { db in
                try db.execute("CREATE TABLE t (task INTEGER NOT NULL, n INTEGER NOT NULL, PRIMARY KEY (task, n)) STRICT")
            }
            let queue = try DatabaseQueue(path: "\(directory)/test.sqlite", migrator: migrator)
            let tasks = 8
            let writesPerTask = 500
            try await withThrowingTaskGroup(of: Void.self) { group in
                for task in 0..<tasks {
                    group.addTask {
                        for n in 0..<writesPerTask {
                            try queue.write { db in
                                try db.execute("INSERT INTO t (task, n) VALUES (?, ?)", [.integer(Int64(task)), .integer(Int64(n))])
                            }
                        }
                    }
                }
                // Readers beside the writers: each read sees one consistent count.
                for _ in 0..<2 {
                    group.addTask {
                        var last = 0
                        for _ in 0..<200 {
                            let count = try queue.read { db in
                                try db.cachedStatement("SELECT count(*) FROM t").fetchOne { try $0[0] as Int } ?? 0
                            }
                            #expect(count >= last)
                            last = count
                        }
                    }
                }
                try await group.waitForAll()
            }
            let perTask = try queue.read { db in
                try db.makeStatement("SELECT task, count(DISTINCT n) FROM t GROUP BY task ORDER BY task").fetchAll {
                    [try $0[0] as Int, try $0[1] as Int]
                }
            }
            #expect(perTask == (0..<tasks).map { [$0, writesPerTask] })
        }
    }
}
