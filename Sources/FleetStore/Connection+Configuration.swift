extension Connection {
    /// How a ``Connection`` is opened.
    public struct Configuration: Sendable {
        /// How hard a commit works to reach the disk; see ``Synchronous``.
        public var synchronous: Synchronous
        /// How long a statement waits for another connection's lock before it fails with
        /// ``SQLiteError/ResultCode/busy``.
        public var busyTimeout: Duration

        /// A configuration; the defaults survive a crash of the process (`kill -9`).
        public init(synchronous: Synchronous = .normal, busyTimeout: Duration = .seconds(5)) {
            self.synchronous = synchronous
            self.busyTimeout = busyTimeout
        }
    }

    /// SQLite's `PRAGMA synchronous`, in WAL mode.
    public enum Synchronous: Sendable {
        /// `NORMAL`: a commit is written to the write-ahead log before it returns, and the log
        /// is synced to disk at checkpoints. A committed transaction survives the process being
        /// killed; a power loss or kernel crash can lose the last transactions (the database
        /// stays consistent).
        case normal
        /// `FULL`: the write-ahead log is also synced at every commit, so committed transactions
        /// survive a power loss too, at the price of one `fsync` per transaction.
        case full
    }
}
