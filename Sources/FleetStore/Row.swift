import CSQLite

/// The current row of a running ``Statement``; columns are 0-based.
///
/// A row is a view, not a copy: it is valid until its statement steps again or is reset, and
/// reading it later is a programming error that traps. Read columns as any
/// ``SQLiteValueConvertible`` type; a column that does not hold that type throws ``SQLiteError``
/// with code ``SQLiteError/ResultCode/mismatch``:
///
/// ```swift
/// let id: Int64 = try row[0]
/// let note: String? = try row[1]     // NULL reads as nil
/// ```
public struct Row {
    /// The statement this row belongs to; keeps its `sqlite3_stmt` alive.
    private let statement: Statement
    /// The statement's position when this row was produced.
    private let position: UInt64

    init(statement: Statement, position: UInt64) {
        self.statement = statement
        self.position = position
    }

    /// The number of columns.
    public var count: Int {
        Int(sqlite3_column_count(currentHandle()))
    }

    /// The name of the 0-based `column`, as SQLite reports it (the `AS` alias if there is one).
    public func name(of column: Int) -> String {
        let handle = handle(for: column)
        return sqlite3_column_name(handle, Int32(column)).map { String(cString: $0) } ?? ""
    }

    /// The value of the 0-based `column`, in the storage class SQLite holds it in.
    public func value(at column: Int) -> SQLiteValue {
        let handle = handle(for: column)
        let index = Int32(column)
        switch sqlite3_column_type(handle, index) {
        case SQLITE_INTEGER:
            return .integer(sqlite3_column_int64(handle, index))
        case SQLITE_FLOAT:
            return .real(sqlite3_column_double(handle, index))
        case SQLITE_TEXT:
            // The pointer comes first, then the length of what it points to (SQLite's advice).
            guard let text = sqlite3_column_text(handle, index) else { return .text("") }
            let length = Int(sqlite3_column_bytes(handle, index))
            return .text(String(decoding: UnsafeBufferPointer(start: text, count: length), as: UTF8.self))
        case SQLITE_BLOB:
            // A zero-length blob comes back as a nil pointer.
            guard let blob = sqlite3_column_blob(handle, index) else { return .blob([]) }
            let length = Int(sqlite3_column_bytes(handle, index))
            return .blob(Array(UnsafeRawBufferPointer(start: blob, count: length)))
        default:
            return .null
        }
    }

    /// The 0-based `column` as `Value`; throws ``SQLiteError/ResultCode/mismatch`` when the
    /// column holds another storage class (or `NULL` and `Value` is not optional).
    public subscript<Value: SQLiteValueConvertible>(column: Int) -> Value {
        get throws(SQLiteError) {
            let value = value(at: column)
            guard let converted = Value(sqliteValue: value) else {
                throw SQLiteError(
                    .mismatch, "column \(column) (\(name(of: column))) holds \(storageClass(of: value)), not \(Value.self)",
                    sql: statement.sql)
            }
            return converted
        }
    }

    /// The name SQLite gives the storage class of `value`.
    private func storageClass(of value: SQLiteValue) -> String {
        switch value {
        case .integer: "INTEGER"
        case .real: "REAL"
        case .text: "TEXT"
        case .blob: "BLOB"
        case .null: "NULL"
        }
    }

    /// The statement's handle, after checking that this row is still its current row.
    private func currentHandle() -> OpaquePointer {
        precondition(statement.position == position, "row of \"\(statement.sql)\" read after its statement moved on")
        return statement.handle
    }

    /// The statement's handle, after checking that this row is current and has `column`.
    private func handle(for column: Int) -> OpaquePointer {
        let handle = currentHandle()
        precondition(column >= 0 && column < Int(sqlite3_column_count(handle)), "no column \(column) in \"\(statement.sql)\"")
        return handle
    }
}

/// Not `Sendable`: it is a view into a statement on one thread.
@available(*, unavailable)
extension Row: Sendable {}
