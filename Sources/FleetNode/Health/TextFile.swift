import Glibc

/// Reads small files such as those under `/proc` and `/sys`, and the agent's own records,
/// with plain Glibc calls (Foundation's file APIs cost the agent megabytes of memory).
///
/// Files under `/proc` report a size of zero, so this reads until end of file instead of trusting `stat`.
enum TextFile {
    /// The largest number of bytes read from one file; `/proc` files of interest are far smaller.
    static let byteLimit = 1 << 20

    /// The contents of the file at `path` decoded as UTF-8, or nil when it cannot be opened or read.
    static func read(_ path: String) -> String? {
        bytes(path).map { String(decoding: $0, as: UTF8.self) }
    }

    /// The bytes of the file at `path` (at most `limit`), or nil when it cannot be opened or read.
    static func bytes(_ path: String, limit: Int = byteLimit) -> [UInt8]? {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 4096)
        while bytes.count < limit {
            let count = chunk.withUnsafeMutableBytes { Glibc.read(descriptor, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                return nil
            }
            if count == 0 { break }
            bytes.append(contentsOf: chunk[0..<count])
        }
        return bytes
    }
}
