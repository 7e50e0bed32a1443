import CoAPCore
import FleetModel
import Glibc

/// Artifact contents on disk, named by their SHA-256: `<dir>/<sha256>`. A file appears only
/// whole (written beside, synced, renamed), so a crash never leaves half an artifact.
public struct ArtifactFiles: Sendable {
    /// The directory that holds the files.
    public let directory: String

    /// Creates the directory if needed and removes leftovers of interrupted writes.
    public init(directory: String) throws(FileError) {
        self.directory = directory
        try FileSystem.makeDirectories(directory)
        for name in FileSystem.names(in: directory) where name.hasSuffix(".part") {
            unlink("\(directory)/\(name)")
        }
    }

    /// Stores `bytes` under their digest; storing the same content twice keeps one file.
    public func store(_ bytes: [UInt8]) throws(FileError) -> (sha256: String, size: Int) {
        let digest = SHA256.hex(of: bytes)
        let path = self.path(of: digest)
        if FileSystem.size(of: path) == bytes.count { return (digest, bytes.count) }
        try FileSystem.writeAtomically(bytes, to: path)
        return (digest, bytes.count)
    }

    /// Stores the spooled upload `body` under its digest, moving the file into place (no
    /// copy): read once for the digest, flushed, renamed. Storing content already there keeps
    /// the existing file.
    public func store(file body: SpooledBody) throws(FileError) -> (sha256: String, size: Int) {
        guard let sha256 = SHA256.hex(ofFileAt: body.path) else { throw FileError(path: body.path, operation: "read") }
        let path = self.path(of: sha256)
        if FileSystem.size(of: path) == body.size { return (sha256, body.size) }
        let descriptor = open(body.path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw FileError(path: body.path, operation: "open") }
        defer { close(descriptor) }
        guard fsync(descriptor) == 0 else { throw FileError(path: body.path, operation: "sync") }
        guard rename(body.path, path) == 0 else { throw FileError(path: path, operation: "rename") }
        FileSystem.syncDirectory(directory)
        return (sha256, body.size)
    }

    /// The file of an artifact as a response body, block by block from disk.
    public func body(sha256: String, size: Int) -> FileBody {
        FileBody(path: path(of: sha256), size: size, entityTag: Array(sha256.utf8.prefix(8)))
    }

    /// True when the file is there with the expected size.
    public func isPresent(sha256: String, size: Int) -> Bool {
        FileSystem.size(of: path(of: sha256)) == size
    }

    /// Deletes the file of an artifact (nothing if it is gone already).
    public func remove(sha256: String) {
        unlink(path(of: sha256))
    }

    /// Bytes used by every artifact file.
    public func usage() -> Int {
        FileSystem.names(in: directory).reduce(0) { $0 + (FileSystem.size(of: "\(directory)/\($1)") ?? 0) }
    }

    private func path(of sha256: String) -> String { "\(directory)/\(sha256)" }
}
