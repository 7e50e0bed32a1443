/// A stored artifact (firmware image, file or wheel), as listed by `GET /artifacts`.
public struct ArtifactInfo: Codable, Sendable, Equatable {
    /// `artifact_id` (see ``FleetIdentifier``).
    public var artifactID: String
    /// `name`: the original file name.
    public var name: String
    /// `sha256`: lowercase hex digest that nodes check before installing.
    public var sha256: String
    /// `size` in bytes.
    public var size: Int
    /// `created_at` (ISO 8601 UTC).
    public var createdAt: String

    /// Creates an entry.
    public init(artifactID: String, name: String, sha256: String, size: Int, createdAt: String) {
        self.artifactID = artifactID
        self.name = name
        self.sha256 = sha256
        self.size = size
        self.createdAt = createdAt
    }

    enum CodingKeys: String, CodingKey {
        case artifactID = "artifact_id"
        case name
        case sha256
        case size
        case createdAt = "created_at"
    }
}
