/// What the server sends a target node at `POST /updates/available`, and lists in the
/// `pending_jobs` of its answers to registrations and health reports: everything the node needs
/// to carry out its part of a job.
public struct UpdateAnnouncement: Codable, Sendable, Equatable {
    public var jobID: String
    public var name: String
    public var version: String
    public var packageType: PackageType
    public var packages: [String]?
    public var artifactID: String?
    /// SHA-256 (lowercase hex) the downloaded artifact must have.
    public var artifactSHA256: String?
    /// Size in bytes the downloaded artifact must have.
    public var artifactSize: Int?
    /// Path of the artifact on the server, e.g. `artifacts/art-1f2e…`, fetched block-wise.
    public var artifactPath: String?
    public var installPath: String?
    public var postInstall: String?
    public var healthCheck: String?
    public var commandTimeoutSeconds: Int

    public init(
        jobID: String, name: String, version: String, packageType: PackageType, packages: [String]? = nil,
        artifactID: String? = nil, artifactSHA256: String? = nil, artifactSize: Int? = nil, artifactPath: String? = nil,
        installPath: String? = nil, postInstall: String? = nil, healthCheck: String? = nil,
        commandTimeoutSeconds: Int = UpdateCreation.defaultCommandTimeoutSeconds
    ) {
        self.jobID = jobID
        self.name = name
        self.version = version
        self.packageType = packageType
        self.packages = packages
        self.artifactID = artifactID
        self.artifactSHA256 = artifactSHA256
        self.artifactSize = artifactSize
        self.artifactPath = artifactPath
        self.installPath = installPath
        self.postInstall = postInstall
        self.healthCheck = healthCheck
        self.commandTimeoutSeconds = commandTimeoutSeconds
    }

    enum CodingKeys: String, CodingKey {
        case jobID = "job_id"
        case name
        case version
        case packageType = "package_type"
        case packages
        case artifactID = "artifact_id"
        case artifactSHA256 = "artifact_sha256"
        case artifactSize = "artifact_size"
        case artifactPath = "artifact_path"
        case installPath = "install_path"
        case postInstall = "post_install"
        case healthCheck = "health_check"
        case commandTimeoutSeconds = "command_timeout_s"
    }
}
