import CSQLite

/// An error reported by SQLite (or by this layer's checks), with the SQL that failed.
///
/// Catch a specific failure by its ``code``:
///
/// ```swift
/// do {
///     try db.cachedStatement("INSERT INTO nodes(id) VALUES (?)").execute([.text(id)])
/// } catch let error as SQLiteError where error.code == .constraintUnique {
///     // already registered
/// }
/// ```
public struct SQLiteError: Error, Sendable, CustomStringConvertible {
    /// What failed: an extended result code when SQLite gave one.
    public let code: ResultCode
    /// SQLite's message (`sqlite3_errmsg`), or this layer's explanation.
    public let message: String
    /// The SQL being prepared or run, if any.
    public let sql: String?

    /// An error with the given parts.
    public init(_ code: ResultCode, _ message: String, sql: String? = nil) {
        self.code = code
        self.message = message
        self.sql = sql
    }

    /// The failure `resultCode` of a call on `connection`, with the connection's message.
    init(resultCode: Int32, connection: OpaquePointer?, sql: String?) {
        // Extended result codes are on for every connection, so `resultCode` is already precise.
        let message = connection.map { String(cString: sqlite3_errmsg($0)) } ?? String(cString: sqlite3_errstr(resultCode))
        self.init(ResultCode(rawValue: resultCode), message, sql: sql)
    }

    public var description: String {
        let base = "SQLite error \(code): \(message)"
        guard let sql else { return base }
        return "\(base) — while running: \(sql)"
    }
}
