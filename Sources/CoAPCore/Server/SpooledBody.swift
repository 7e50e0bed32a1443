import Glibc
import Synchronization

/// A request body a resource takes as a file (see ``CoAPResource/spoolDirectory``): written
/// block by block as it arrived, whole by the time the handler runs. The server removes the
/// file after the handler returns, unless the handler moved it elsewhere.
public struct SpooledBody: Sendable, Equatable {
    /// The file holding the body.
    public let path: String
    /// Its size in bytes.
    public let size: Int

    public init(path: String, size: Int) {
        self.path = path
        self.size = size
    }
}

/// The open file of a body being spooled.
struct SpoolFile {
    let descriptor: Int32
    let path: String

    /// Numbers the files of this process (every server in it).
    private static let counter = Atomic<Int>(0)

    /// Creates a new, empty file in `directory` (0600, a name no other spool file has).
    static func create(in directory: String) -> SpoolFile? {
        let number = counter.add(1, ordering: .relaxed).newValue
        let path = "\(directory)/.upload-\(getpid())-\(number).part"
        let descriptor = open(path, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        return descriptor >= 0 ? SpoolFile(descriptor: descriptor, path: path) : nil
    }

    /// Writes `bytes` at `offset`; false when the disk refused them.
    func write(_ bytes: [UInt8], at offset: Int) -> Bool {
        bytes.withUnsafeBytes { pwrite(descriptor, $0.baseAddress, $0.count, off_t(offset)) } == bytes.count
    }

    /// Closes the file, keeping it.
    func finish() {
        close(descriptor)
    }

    /// Closes and deletes the file (a transfer that will not complete).
    func discard() {
        close(descriptor)
        unlink(path)
    }
}
