import CSQLite

/// Facts about the SQLite library the store is linked with.
public enum SQLiteLibrary {
    /// SQLite's version string, e.g. `3.40.1`.
    public static var version: String { String(cString: sqlite3_libversion()) }
}
