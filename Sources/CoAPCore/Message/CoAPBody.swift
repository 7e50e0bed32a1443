/// A response body: bytes in memory, or a region of a file read block by block.
///
/// Serving a large artifact as `.file` keeps it out of memory: each Block2 request reads only
/// the bytes of its block.
public enum CoAPBody: Sendable {
    /// Bytes held in memory.
    case bytes([UInt8])
    /// A whole file on disk, read at the moment each block is sent.
    case file(FileBody)

    /// No body.
    public static let empty = CoAPBody.bytes([])
}

/// A file served as a response body, with an entity tag that changes when its content does.
public struct FileBody: Sendable, Hashable {
    /// Absolute path of the file.
    public var path: String
    /// Size in bytes (the file must not change size while served; give a new path instead).
    public var size: Int
    /// Up to 8 bytes that identify this content, e.g. a prefix of its SHA-256 (RFC 7252 §5.10.6).
    public var entityTag: [UInt8]

    public init(path: String, size: Int, entityTag: [UInt8]) {
        self.path = path
        self.size = size
        self.entityTag = Array(entityTag.prefix(8))
    }
}
