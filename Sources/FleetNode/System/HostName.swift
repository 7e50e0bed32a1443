import Glibc

/// This machine's host name from `gethostname(2)`.
enum HostName {
    /// The host name, or an empty string when `gethostname` fails.
    static func current() -> String {
        // 255 bytes is the longest host name POSIX allows; the extra byte keeps a NUL at the end.
        var buffer = [CChar](repeating: 0, count: 256)
        guard gethostname(&buffer, buffer.count - 1) == 0 else { return "" }
        return buffer.withUnsafeBytes(CString.decode(bytes:))
    }
}
