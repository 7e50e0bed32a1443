import Synchronization

/// One ``Connection`` shared by every thread, one caller at a time.
///
/// The connection lives behind a `Mutex`: ``read(_:)`` and ``write(_:)`` block until it is
/// free, run their closure on the calling thread, and return. They are meant for short work
/// (the fleet server calls them from its CoAP loop thread). The compiler keeps the connection
/// (and anything made from it, such as a ``Statement``) from escaping a closure: values leave
/// only as the closure's result.
///
/// Calling the queue again from inside one of its own closures is a programming error that
/// traps ("Recursive call to lock Mutex"); use the `Connection` the closure received.
public final class DatabaseQueue: Sendable {
    /// The path of the database file.
    public let path: String
    /// The connection, reachable only while its lock is held.
    private let connection: Mutex<Connection>

    /// Opens the database at `path` and applies `migrator`'s pending migrations.
    ///
    /// Throws ``SQLiteError`` when the database cannot be opened and ``MigrationError`` when a
    /// migration fails or the database holds migrations this program does not know.
    public init(
        path: String, configuration: Connection.Configuration = Connection.Configuration(),
        migrator: Migrator = Migrator()
    ) throws {
        let connection = try Connection(path: path, configuration: configuration)
        try migrator.migrate(connection)
        self.path = path
        self.connection = Mutex(connection)
    }

    /// Runs `body` in a read-only transaction and returns its result: every read in `body`
    /// sees the same snapshot; a write throws ``SQLiteError/ResultCode/readOnly``.
    public func read<Result>(_ body: sending (Connection) throws -> sending Result) throws -> sending Result {
        try inTransaction(.read, body)
    }

    /// Runs `body` in a write transaction (as ``Connection/transaction(_:)`` does) and returns
    /// its result: everything `body` wrote is committed, or nothing when it throws.
    public func write<Result>(_ body: sending (Connection) throws -> sending Result) throws -> sending Result {
        try inTransaction(.write, body)
    }

    /// Runs `body` with the connection, in a transaction of `kind`, under the lock.
    private func inTransaction<Result>(
        _ kind: Connection.TransactionKind, _ body: sending (Connection) throws -> sending Result
    ) throws -> sending Result {
        try connection.withLock { connection in
            // `body` is called here rather than passed to `Connection.transaction`: handing it
            // to a method of the connection would tie the two together for the region checker,
            // and the connection could no longer stay behind the lock.
            try connection.beginTransaction(kind)
            do {
                let result = try body(connection)
                try connection.commitTransaction(kind)
                return result
            } catch {
                connection.rollBackTransaction(kind)
                throw error
            }
        }
    }
}
