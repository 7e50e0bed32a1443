import CSQLite

extension SQLiteError {
    /// A SQLite result code, primary (`SQLITE_CONSTRAINT`) or extended (`SQLITE_CONSTRAINT_UNIQUE`).
    ///
    /// Connections are opened with extended result codes, so an error carries the most precise
    /// code SQLite has. `==` compares exactly; a pattern such as `case .constraint:` in a `switch`
    /// (or `~=`) also matches every extended code of that primary code; ``primary`` gives it.
    ///
    /// ```swift
    /// catch let error as SQLiteError where error.code == .constraintUnique { … }
    /// catch let error as SQLiteError where error.code.primary == .constraint { … }
    /// ```
    public struct ResultCode: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
        /// The C value (`SQLITE_*`).
        public let rawValue: Int32

        /// Wraps a C result code.
        public init(rawValue: Int32) { self.rawValue = rawValue }

        /// The primary code: the low 8 bits (`SQLITE_CONSTRAINT` for `SQLITE_CONSTRAINT_UNIQUE`).
        public var primary: ResultCode { ResultCode(rawValue: rawValue & 0xFF) }

        /// `SQLITE_OK`: success.
        public static let ok = ResultCode(rawValue: SQLITE_OK)
        /// `SQLITE_ERROR`: generic error, e.g. an SQL syntax error or a missing table.
        public static let error = ResultCode(rawValue: SQLITE_ERROR)
        /// `SQLITE_INTERNAL`: a bug inside SQLite.
        public static let `internal` = ResultCode(rawValue: SQLITE_INTERNAL)
        /// `SQLITE_PERM`: the requested access mode for the database file cannot be provided.
        public static let permission = ResultCode(rawValue: SQLITE_PERM)
        /// `SQLITE_ABORT`: an operation was aborted, e.g. by a rollback.
        public static let abort = ResultCode(rawValue: SQLITE_ABORT)
        /// `SQLITE_BUSY`: another connection holds a conflicting lock past the busy timeout.
        public static let busy = ResultCode(rawValue: SQLITE_BUSY)
        /// `SQLITE_LOCKED`: a conflict inside this same connection (e.g. dropping a table being read).
        public static let locked = ResultCode(rawValue: SQLITE_LOCKED)
        /// `SQLITE_NOMEM`: a memory allocation failed.
        public static let noMemory = ResultCode(rawValue: SQLITE_NOMEM)
        /// `SQLITE_READONLY`: a write was attempted on a read-only database or in a read.
        public static let readOnly = ResultCode(rawValue: SQLITE_READONLY)
        /// `SQLITE_INTERRUPT`: the operation was interrupted.
        public static let interrupt = ResultCode(rawValue: SQLITE_INTERRUPT)
        /// `SQLITE_IOERR`: the operating system reported an I/O error.
        public static let ioError = ResultCode(rawValue: SQLITE_IOERR)
        /// `SQLITE_CORRUPT`: the database file is malformed.
        public static let corrupt = ResultCode(rawValue: SQLITE_CORRUPT)
        /// `SQLITE_FULL`: the disk is full.
        public static let full = ResultCode(rawValue: SQLITE_FULL)
        /// `SQLITE_CANTOPEN`: the database file (or its directory) cannot be opened.
        public static let cantOpen = ResultCode(rawValue: SQLITE_CANTOPEN)
        /// `SQLITE_SCHEMA`: the schema changed under a statement.
        public static let schema = ResultCode(rawValue: SQLITE_SCHEMA)
        /// `SQLITE_TOOBIG`: a string or blob exceeds SQLite's size limit.
        public static let tooBig = ResultCode(rawValue: SQLITE_TOOBIG)
        /// `SQLITE_CONSTRAINT`: a constraint was violated; see the `constraint…` extended codes.
        public static let constraint = ResultCode(rawValue: SQLITE_CONSTRAINT)
        /// `SQLITE_MISMATCH`: a value has the wrong type (also thrown by ``Row`` for a column that
        /// cannot be read as the requested Swift type).
        public static let mismatch = ResultCode(rawValue: SQLITE_MISMATCH)
        /// `SQLITE_MISUSE`: the library was used incorrectly (also thrown for a nested
        /// ``Connection/transaction(_:)`` and a wrong number of statement arguments).
        public static let misuse = ResultCode(rawValue: SQLITE_MISUSE)
        /// `SQLITE_RANGE`: a bind parameter index is out of range.
        public static let range = ResultCode(rawValue: SQLITE_RANGE)
        /// `SQLITE_NOTADB`: the file is not a SQLite database.
        public static let notADatabase = ResultCode(rawValue: SQLITE_NOTADB)

        // Swift does not import the extended codes (macros over other macros); these are their
        // definitions in sqlite3.h.

        /// `SQLITE_CONSTRAINT_CHECK`: a `CHECK` constraint failed.
        public static let constraintCheck = ResultCode(rawValue: SQLITE_CONSTRAINT | (1 << 8))
        /// `SQLITE_CONSTRAINT_FOREIGNKEY`: a foreign key constraint failed.
        public static let constraintForeignKey = ResultCode(rawValue: SQLITE_CONSTRAINT | (3 << 8))
        /// `SQLITE_CONSTRAINT_NOTNULL`: a `NOT NULL` constraint failed.
        public static let constraintNotNull = ResultCode(rawValue: SQLITE_CONSTRAINT | (5 << 8))
        /// `SQLITE_CONSTRAINT_PRIMARYKEY`: a `PRIMARY KEY` was not unique.
        public static let constraintPrimaryKey = ResultCode(rawValue: SQLITE_CONSTRAINT | (6 << 8))
        /// `SQLITE_CONSTRAINT_UNIQUE`: a `UNIQUE` constraint or index failed.
        public static let constraintUnique = ResultCode(rawValue: SQLITE_CONSTRAINT | (8 << 8))
        /// `SQLITE_CONSTRAINT_DATATYPE`: a value of the wrong type was written to a `STRICT` table.
        public static let constraintDataType = ResultCode(rawValue: SQLITE_CONSTRAINT | (12 << 8))

        /// True when `code` is `pattern`, or an extended code of the primary code `pattern`.
        public static func ~= (pattern: ResultCode, code: ResultCode) -> Bool {
            pattern == code || (pattern == pattern.primary && pattern == code.primary)
        }

        /// SQLite's English name for the code and the number, e.g. `constraint failed (2067)`.
        public var description: String { "\(String(cString: sqlite3_errstr(rawValue))) (\(rawValue))" }
    }
}
