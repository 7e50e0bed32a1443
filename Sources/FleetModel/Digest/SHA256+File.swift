import Glibc

extension SHA256 {
    /// The SHA-256 (lowercase hex) of the file at `path`, read in 1 MiB pieces so a large
    /// artifact never sits in memory whole; nil when it cannot be read.
    public static func hex(ofFileAt path: String) -> String? {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        var digest = SHA256()
        var buffer = [UInt8](repeating: 0, count: 1 << 20)
        while true {
            let count = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            if count < 0 && errno == EINTR { continue }
            if count < 0 { return nil }
            if count == 0 { break }
            digest.update(buffer[..<count])
        }
        return hexString(digest.finalize())
    }
}
