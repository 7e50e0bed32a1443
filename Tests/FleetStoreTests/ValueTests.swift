import FleetStore
import Testing

@Suite struct ValueTests {
    /// Values at the edges of each storage class.
    static let values: [SQLiteValue] = [
        .integer(.min), .integer(.max), .integer(0), .integer(-1),
        .real(0.1), .real(-1.5e308), .real(.pi), .real(.infinity), .real(-0.0),
        .text(""), .text("plain"), .text("héllo wörld — 日本語 🚀 עברית"), .text("a\u{0}b"),
        .blob([]), .blob([0, 1, 2, 255]), .blob((0..<1_000_000).map { UInt8(truncatingIfNeeded: $0 &* 2_654_435_761) }),
        .null,
    ]

    @Test func everyValueRoundTrips() async throws {
        try await withTemporaryDirectory { directory in
            let db = try Connection(path: "\(directory)/test.sqlite")
            // A column without a type keeps each value's storage class.
            try db.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, v)")
            for value in Self.values {
                try db.execute("INSERT INTO t (v) VALUES (?)", [value])
            }
            let stored = try db.makeStatement("SELECT v FROM t ORDER BY id").fetchAll { $0.value(at: 0) }
            #expect(stored == Self.values)
        }
    }

    @Test func typedValuesRoundTrip() async throws {
        try await withTemporaryDirectory { directory in
            let db = try Connection(path: "\(directory)/test.sqlite")
            try db.execute("CREATE TABLE t (i INTEGER, n INTEGER, d REAL, s TEXT, b BLOB, f INTEGER, o TEXT) STRICT")
            let insert = try db.makeStatement("INSERT INTO t VALUES (?, ?, ?, ?, ?, ?, ?)")
            let optionalText: String? = nil
            try insert.bind(Int64.min, at: 1)
            try insert.bind(Int.max, at: 2)
            try insert.bind(2.5, at: 3)
            try insert.bind("ünïcode ✓", at: 4)
            try insert.bind([UInt8]([9, 8, 7]), at: 5)
            try insert.bind(true, at: 6)
            try insert.bind(optionalText, at: 7)
            #expect(try insert.step() == nil)

            let row = try #require(try db.makeStatement("SELECT * FROM t").fetchOne { row in
                (try row[0] as Int64, try row[1] as Int, try row[2] as Double, try row[3] as String,
                 try row[4] as [UInt8], try row[5] as Bool, try row[6] as String?, try row[3] as String?)
            })
            #expect(row.0 == .min)
            #expect(row.1 == .max)
            #expect(row.2 == 2.5)
            #expect(row.3 == "ünïcode ✓")
            #expect(row.4 == [9, 8, 7])
            #expect(row.5 == true)
            #expect(row.6 == nil)
            #expect(row.7 == "ünïcode ✓")
        }
    }

    @Test func literalsMakeValues() {
        let values: [SQLiteValue] = [42, 2.5, "text", true, false, nil]
        #expect(values == [.integer(42), .real(2.5), .text("text"), .integer(1), .integer(0), .null])
    }
}
