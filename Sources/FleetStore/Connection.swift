import CSQLite

/// One SQLite database connection (`sqlite3`), closed when the object goes away.
///
/// Opening sets the connection up the same way every time: write-ahead logging
/// (`journal_mode=WAL`), ``Configuration/synchronous``, enforced foreign keys, a busy timeout
/// and extended result codes. The path must name a file (WAL needs one).
///
/// A connection is not `Sendable`: it is used by one thread at a time. Share one between
/// threads through a ``DatabaseQueue``.
public final class Connection {
    /// The path of the database file.
    public let path: String
    /// The `sqlite3` handle, owned by this object alone.
    let handle: OpaquePointer
    /// Statements made by ``cachedStatement(_:)``, by SQL text.
    private var statementCache: [String: Statement] = [:]

    /// Opens (creating it if needed) the database file at `path`.
    ///
    /// Throws ``SQLiteError`` when the file cannot be opened or is no database
    /// (``SQLiteError/ResultCode/notADatabase``); nothing stays open then.
    public init(path: String, configuration: Configuration = Configuration()) throws(SQLiteError) {
        var opened: OpaquePointer?
        let flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_EXRESCODE
        let code = sqlite3_open_v2(path, &opened, flags, nil)
        guard let opened else {
            // SQLite could not even allocate the connection.
            throw SQLiteError(resultCode: code, connection: nil, sql: nil)
        }
        guard code == SQLITE_OK else {
            // A handle comes back even when opening fails, and must be closed.
            let error = SQLiteError(resultCode: code, connection: opened, sql: nil)
            sqlite3_close_v2(opened)
            throw error
        }
        self.path = path
        handle = opened
        // From here on `deinit` closes the handle, also when the set-up below throws.
        sqlite3_extended_result_codes(handle, 1)
        sqlite3_busy_timeout(handle, Self.milliseconds(configuration.busyTimeout))
        let journalMode = try makeStatement("PRAGMA journal_mode = WAL").step().map { row throws(SQLiteError) in
            try row[0] as String
        }
        guard journalMode?.lowercased() == "wal" else {
            throw SQLiteError(.error, "journal mode is \(journalMode ?? "unknown"), not wal", sql: "PRAGMA journal_mode = WAL")
        }
        switch configuration.synchronous {
        case .normal: try execute("PRAGMA synchronous = NORMAL")
        case .full: try execute("PRAGMA synchronous = FULL")
        }
        try execute("PRAGMA foreign_keys = ON")
    }

    deinit {
        // Statements first, so that the connection closes now rather than lingering as a
        // zombie (which `sqlite3_close_v2` allows) until the last statement is finalized.
        statementCache.removeAll()
        sqlite3_close_v2(handle)
    }

    /// The rowid of the last row inserted on this connection.
    public var lastInsertRowID: Int64 { sqlite3_last_insert_rowid(handle) }

    /// The number of rows changed by the last `INSERT`, `UPDATE` or `DELETE` on this connection.
    public var changes: Int { Int(sqlite3_changes64(handle)) }

    /// True inside a read transaction: a statement that would write throws instead of running.
    var isReadOnly = false

    /// True while a transaction is open (SQLite is out of autocommit mode).
    public var isInTransaction: Bool { sqlite3_get_autocommit(handle) == 0 }

    /// Compiles `sql`, which must hold exactly one statement, into a new statement.
    public func makeStatement(_ sql: String) throws(SQLiteError) -> Statement {
        try prepare(sql, persistent: false)
    }

    /// The statement for `sql` (exactly one statement), compiled the first time and reused
    /// afterwards, reset and with its bindings cleared.
    ///
    /// While a cached statement is running a fetch or an `execute`, asking for the same SQL
    /// (a nested query) gets a new, uncached statement rather than disturbing the running one.
    public func cachedStatement(_ sql: String) throws(SQLiteError) -> Statement {
        if let cached = statementCache[sql] {
            guard !cached.isRunning else { return try makeStatement(sql) }
            cached.reset()
            return cached
        }
        let statement = try prepare(sql, persistent: true)
        statementCache[sql] = statement
        return statement
    }

    /// Runs one statement of `sql` with `arguments`, through the statement cache.
    public func execute(_ sql: String, _ arguments: [SQLiteValue]) throws(SQLiteError) {
        try cachedStatement(sql).execute(arguments)
    }

    /// Runs every statement of `sql` in turn (schema scripts, pragmas); stops at the first
    /// failure, whose error names the statement that failed.
    public func execute(_ sql: String) throws(SQLiteError) {
        try withEachStatement(in: sql, persistent: false) { statement throws(SQLiteError) in
            try statement.execute()
        }
    }

    /// Compiles `sql` into a statement; throws ``SQLiteError/ResultCode/misuse`` unless it
    /// holds exactly one statement.
    private func prepare(_ sql: String, persistent: Bool) throws(SQLiteError) -> Statement {
        var statements: [Statement] = []
        try withEachStatement(in: sql, persistent: persistent) { statements.append($0) }
        guard statements.count == 1 else {
            throw SQLiteError(.misuse, "expected one SQL statement, found \(statements.count)", sql: sql)
        }
        return statements[0]
    }

    /// Compiles the statements of `sql` one by one, each after `body` has seen the previous
    /// one (so that a script can create a table and then use it).
    private func withEachStatement(
        in sql: String, persistent: Bool, _ body: (Statement) throws(SQLiteError) -> Void
    ) throws(SQLiteError) {
        let flags = UInt32(persistent ? SQLITE_PREPARE_PERSISTENT : 0)
        let text = Array(sql.utf8)
        var offset = 0
        while offset < text.count {
            var compiled: OpaquePointer?
            var consumed = 0
            // Safe: SQLite reads only within the buffer (the length is given) and the tail
            // pointer it returns points into it; both are used before the closure returns.
            let code = text.withUnsafeBufferPointer { buffer in
                buffer.withMemoryRebound(to: CChar.self) { characters in
                    let start = characters.baseAddress! + offset
                    var tail: UnsafePointer<CChar>?
                    let code = sqlite3_prepare_v3(handle, start, Int32(characters.count - offset), flags, &compiled, &tail)
                    consumed = tail.map { $0 - start } ?? characters.count - offset
                    return code
                }
            }
            let statementText = Self.trimmed(String(decoding: text[offset..<(offset + consumed)], as: UTF8.self))
            guard code == SQLITE_OK else {
                throw SQLiteError(resultCode: code, connection: handle, sql: statementText)
            }
            offset += consumed
            // Only whitespace or a comment was left: nothing compiled.
            guard let compiled else { continue }
            try body(Statement(handle: compiled, sql: statementText, connection: self))
        }
    }

    /// `text` without leading and trailing whitespace.
    private static func trimmed(_ text: String) -> String {
        var result = Substring(text).drop(while: \.isWhitespace)
        while result.last?.isWhitespace == true { result.removeLast() }
        return String(result)
    }

    /// `duration` in whole milliseconds, as `sqlite3_busy_timeout` takes it.
    private static func milliseconds(_ duration: Duration) -> Int32 {
        let (seconds, attoseconds) = duration.components
        return Int32(clamping: seconds * 1000 + attoseconds / 1_000_000_000_000_000)
    }
}

/// Not `Sendable`: one thread at a time; share it through a ``DatabaseQueue``.
@available(*, unavailable)
extension Connection: Sendable {}
