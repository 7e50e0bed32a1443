import FleetModel
import Glibc

/// Files the agent must not lose or leave half-written: each write goes to a temporary file
/// beside the target, is flushed to disk, renamed over the target, and the directory flushed,
/// so a crash leaves the old content or the new, never a mix.
enum DurableFile {
    /// Replaces the file at `path` with `bytes`, atomically and durably.
    static func write(_ bytes: [UInt8], to path: String, mode: mode_t = 0o600) throws(DurableFileError) {
        let temporary = "\(path).tmp"
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, mode)
        guard descriptor >= 0 else { throw DurableFileError(path, "cannot create \(temporary)") }
        var written = 0
        while written < bytes.count {
            let count = bytes.withUnsafeBytes { Glibc.write(descriptor, $0.baseAddress! + written, $0.count - written) }
            guard count > 0 else {
                close(descriptor)
                throw DurableFileError(path, "cannot write \(temporary)")
            }
            written += count
        }
        let synced = fsync(descriptor) == 0
        close(descriptor)
        guard synced else { throw DurableFileError(path, "cannot flush \(temporary)") }
        guard rename(temporary, path) == 0 else { throw DurableFileError(path, "cannot rename \(temporary)") }
        try syncDirectory(of: path)
    }

    /// The whole content of the file at `path` (records are small: at most 16 MiB is read),
    /// or nil when there is none.
    static func read(_ path: String) -> [UInt8]? {
        TextFile.bytes(path, limit: 16 << 20)
    }

    /// Flushes the directory holding `path`, making a rename or unlink in it durable.
    static func syncDirectory(of path: String) throws(DurableFileError) {
        let directory = String(path[..<(path.lastIndex(of: "/") ?? path.startIndex)])
        let descriptor = open(directory.isEmpty ? "." : directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard descriptor >= 0 else { throw DurableFileError(path, "cannot open its directory") }
        defer { close(descriptor) }
        guard fsync(descriptor) == 0 else { throw DurableFileError(path, "cannot flush its directory") }
    }

    /// Creates `path` and its missing parents with `mode`.
    static func makeDirectory(_ path: String, mode: Int = 0o700) throws(DurableFileError) {
        var prefix = path.hasPrefix("/") ? "" : "."
        for component in path.split(separator: "/") {
            prefix += "/" + component
            guard mkdir(prefix, mode_t(mode)) == 0 || errno == EEXIST else {
                throw DurableFileError(path, "cannot create the directory")
            }
        }
    }
}

/// A durable write that failed: the file, what failed, and the system's reason.
struct DurableFileError: Error, CustomStringConvertible {
    let description: String

    init(_ path: String, _ what: String) {
        description = "\(path): \(what): \(String(cString: strerror(errno)))"
    }
}
