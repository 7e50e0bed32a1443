import Glibc

/// The size of a file, as the agent checks staged artifacts.
enum FileSize {
    /// The size of the file at `path` in bytes, or nil when it does not exist.
    static func of(_ path: String) -> Int? {
        var status = stat()
        guard stat(path, &status) == 0 else { return nil }
        return Int(status.st_size)
    }
}
