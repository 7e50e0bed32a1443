import FoundationEssentials

/// An uploaded artifact: its file is named by its SHA-256.
public struct StoredArtifact: Sendable, Equatable {
    public var id: String
    public var name: String
    /// Lowercase hexadecimal SHA-256 of the content.
    public var sha256: String
    public var size: Int
    public var createdAt: Date

    public init(id: String, name: String, sha256: String, size: Int, createdAt: Date) {
        self.id = id
        self.name = name
        self.sha256 = sha256
        self.size = size
        self.createdAt = createdAt
    }
}
