import CSQLite

/// `SQLITE_TRANSIENT`, which Swift does not import: SQLite copies the bound bytes at once, so
/// the Swift buffer may go away when the bind call returns.
private let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)

/// One compiled SQL statement (`sqlite3_stmt`), finalized when the object goes away.
///
/// Made by ``Connection/makeStatement(_:)`` or ``Connection/cachedStatement(_:)``. Parameters
/// are bound by 1-based index (`?` is 1, as in SQLite); columns of a ``Row`` are 0-based.
/// A statement belongs to its connection's thread and must not outlive the connection.
///
/// ```swift
/// let select = try db.cachedStatement("SELECT id, name FROM nodes WHERE site = ?")
/// let nodes = try select.fetchAll(["lab"]) { row in (try row[0] as Int64, try row[1] as String) }
/// ```
public final class Statement {
    /// The SQL text this statement was compiled from.
    public let sql: String
    /// The `sqlite3_stmt`, owned by this object alone.
    let handle: OpaquePointer
    /// The owner of the `sqlite3*` this statement was compiled on; `unowned` so that the
    /// connection's statement cache is no retain cycle, and a statement used after its
    /// connection is gone traps instead of touching a closed handle.
    private unowned let connection: Connection
    /// Counts steps and resets, so that a ``Row`` can tell it still describes the current row.
    private(set) var position: UInt64 = 0
    /// True while ``fetchAll(_:_:)``, ``fetchOne(_:_:)`` or ``execute(_:)`` runs this statement,
    /// so that the statement cache does not hand it out again in the middle.
    private(set) var isRunning = false

    /// Takes ownership of `handle`, compiled from `sql` on `connection`.
    init(handle: OpaquePointer, sql: String, connection: Connection) {
        self.handle = handle
        self.sql = sql
        self.connection = connection
    }

    deinit {
        sqlite3_finalize(handle)
    }

    /// The number of `?` parameters.
    public var parameterCount: Int { Int(sqlite3_bind_parameter_count(handle)) }

    /// Binds `value` to the 1-based parameter `index`; `nil` binds `NULL`.
    ///
    /// Text and blobs are copied by SQLite. An empty blob is bound as a zero-length blob, not
    /// as `NULL`.
    public func bind(_ value: (any SQLiteValueConvertible)?, at index: Int) throws(SQLiteError) {
        let parameter = Int32(clamping: index)
        let code: Int32
        switch value?.sqliteValue ?? .null {
        case .integer(let integer):
            code = sqlite3_bind_int64(handle, parameter, integer)
        case .real(let real):
            code = sqlite3_bind_double(handle, parameter, real)
        case .text(let text):
            let length = UInt64(text.utf8.count)
            // Safe: SQLite copies the bytes (transient) before withCString returns.
            code = text.withCString { sqlite3_bind_text64(handle, parameter, $0, length, transient, UInt8(SQLITE_UTF8)) }
        case .blob(let bytes) where bytes.isEmpty:
            // A nil pointer would bind NULL.
            code = sqlite3_bind_zeroblob(handle, parameter, 0)
        case .blob(let bytes):
            // Safe: SQLite copies the bytes (transient) before withUnsafeBytes returns.
            code = bytes.withUnsafeBytes { sqlite3_bind_blob64(handle, parameter, $0.baseAddress, UInt64($0.count), transient) }
        case .null:
            code = sqlite3_bind_null(handle, parameter)
        }
        guard code == SQLITE_OK else { throw failure(code) }
    }

    /// Binds `arguments` to parameters 1, 2, …; their number must be ``parameterCount``.
    public func bind(_ arguments: [SQLiteValue]) throws(SQLiteError) {
        guard arguments.count == parameterCount else {
            throw SQLiteError(.misuse, "expected \(parameterCount) arguments, got \(arguments.count)", sql: sql)
        }
        for (offset, argument) in arguments.enumerated() {
            try bind(argument, at: offset + 1)
        }
    }

    /// Runs the statement to its next row: the row, or nil when the statement is done.
    ///
    /// The row is valid until the statement steps again or is reset.
    public func step() throws(SQLiteError) -> Row? {
        if connection.isReadOnly, sqlite3_stmt_readonly(handle) == 0 {
            throw SQLiteError(.readOnly, "a read transaction cannot run a statement that writes", sql: sql)
        }
        position &+= 1
        let code = sqlite3_step(handle)
        switch code {
        case SQLITE_ROW: return Row(statement: self, position: position)
        case SQLITE_DONE: return nil
        default: throw failure(code)
        }
    }

    /// Rewinds the statement and clears its bindings, ready to run again.
    ///
    /// `sqlite3_reset` repeats the error of a failed step, which ``step()`` already threw, so
    /// its result is not looked at.
    public func reset() {
        position &+= 1
        sqlite3_reset(handle)
        sqlite3_clear_bindings(handle)
    }

    /// Starts a complete run: resets, marks the statement running and binds `arguments`.
    /// Every successful call is paired with ``finishRun()``.
    func startRun(_ arguments: [SQLiteValue]) throws(SQLiteError) {
        reset()
        isRunning = true
        do {
            try bind(arguments)
        } catch {
            finishRun()
            throw error
        }
    }

    /// Ends a run started by ``startRun(_:)``: resets, so that the statement holds no read
    /// snapshot once the run is over.
    func finishRun() {
        reset()
        isRunning = false
    }

    /// The error for `code`, returned by a call on this statement.
    private func failure(_ code: Int32) -> SQLiteError {
        SQLiteError(resultCode: code, connection: connection.handle, sql: sql)
    }
}

/// Not `Sendable`: it belongs to its connection's thread.
@available(*, unavailable)
extension Statement: Sendable {}
