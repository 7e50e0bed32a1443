extension Connection {
    /// The two kinds of transaction this layer opens.
    enum TransactionKind {
        /// `BEGIN IMMEDIATE`: takes the write lock at once (waiting up to the busy timeout), so
        /// the transaction never fails half-way because another connection wrote first.
        case write
        /// `BEGIN DEFERRED`, with every statement checked to be read-only before it runs (not
        /// `PRAGMA query_only`, whose every change expires all prepared statements of the
        /// connection and so recompiled each one after each read): every read sees one snapshot, and a write
        /// fails with ``SQLiteError/ResultCode/readOnly``.
        case read
    }

    /// Runs `body` in a write transaction: `BEGIN IMMEDIATE`, then `COMMIT` when `body`
    /// returns, or `ROLLBACK` when it throws (the error is rethrown).
    ///
    /// `BEGIN IMMEDIATE` takes the write lock at once (waiting up to the busy timeout), so a
    /// transaction never fails half-way because another connection wrote first.
    /// Transactions do not nest: calling this while a transaction is open throws
    /// ``SQLiteError/ResultCode/misuse`` without touching the open transaction. Code that may
    /// run inside or outside a transaction takes a `Connection` and lets its caller decide.
    public func transaction<Result>(_ body: (Connection) throws -> Result) throws -> Result {
        try beginTransaction(.write)
        do {
            let result = try body(self)
            try commitTransaction(.write)
            return result
        } catch {
            rollBackTransaction(.write)
            throw error
        }
    }

    /// Opens a transaction of `kind`; throws ``SQLiteError/ResultCode/misuse`` when one is open.
    func beginTransaction(_ kind: TransactionKind) throws(SQLiteError) {
        guard !isInTransaction else {
            throw SQLiteError(.misuse, "a transaction is already open: transactions do not nest")
        }
        switch kind {
        case .write:
            try execute("BEGIN IMMEDIATE", [])
        case .read:
            try execute("BEGIN DEFERRED", [])
            isReadOnly = true
        }
    }

    /// Commits the transaction opened by ``beginTransaction(_:)``. When this throws, the
    /// transaction may still be open: call ``rollBackTransaction(_:)``.
    func commitTransaction(_ kind: TransactionKind) throws(SQLiteError) {
        try execute("COMMIT", [])
        isReadOnly = false
    }

    /// Rolls back the transaction opened by ``beginTransaction(_:)``, after a failure.
    func rollBackTransaction(_ kind: TransactionKind) {
        // SQLite rolls some failures back by itself (a full disk, an I/O error). A failing
        // ROLLBACK cannot be helped here; the error that caused it is the one worth reporting.
        if isInTransaction {
            try? execute("ROLLBACK", [])
        }
        isReadOnly = false
    }
}
