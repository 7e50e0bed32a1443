import FleetModel
import Glibc

/// The SHA-256 of a file, read in 1 MiB pieces so a large artifact never sits in memory whole.
enum FileDigest {
    /// The file's SHA-256 in lowercase hex, or nil when it cannot be read.
    static func sha256(ofFileAt path: String) -> String? {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        var digest = SHA256()
        var buffer = [UInt8](repeating: 0, count: 1 << 20)
        while true {
            let count = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            if count < 0 { return nil }
            if count == 0 { break }
            digest.update(buffer[..<count])
        }
        return SHA256.hexString(digest.finalize())
    }

    /// The size of the file at `path` in bytes, or nil when it does not exist.
    static func size(ofFileAt path: String) -> Int? {
        var status = stat()
        guard stat(path, &status) == 0 else { return nil }
        return Int(status.st_size)
    }
}
