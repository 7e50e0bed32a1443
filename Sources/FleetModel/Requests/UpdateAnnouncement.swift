/// What the server sends a target node at `POST /updates/available`, and lists in the
/// `pending_jobs` of its answers to registrations and health reports: everything the node needs
/// to carry out its part of a job.
///
/// Rules checked by ``validate()``, so a node refuses a malformed announcement before acting:
/// `job_id` is an identifier; `name` and `version` are non-empty text; the package type has
/// what it needs (as in ``UpdateCreation``); an artifact comes with its SHA-256 (64 lowercase
/// hex digits), size and server path, and its name has no `/`; packages, `install_path` and the
/// commands follow the creation rules.
public struct UpdateAnnouncement: Codable, Sendable, Equatable, ValidatedPayload {
    /// `job_id`. Required.
    public var jobID: String
    /// `name` of the update; installed versions are kept per name. Required.
    public var name: String
    /// `version` being installed. Required.
    public var version: String
    /// `package_type`. Required.
    public var packageType: PackageType
    /// `packages`: pip or apt specifiers.
    public var packages: [String]?
    /// `artifact_id` of the artifact to fetch.
    public var artifactID: String?
    /// `artifact_name`: the artifact's file name, e.g. a wheel's `demo-1.0-py3-none-any.whl`.
    public var artifactName: String?
    /// SHA-256 (lowercase hex) the downloaded artifact must have.
    public var artifactSHA256: String?
    /// Size in bytes the downloaded artifact must have.
    public var artifactSize: Int?
    /// Path of the artifact on the server, e.g. `artifacts/art-1f2e…`, fetched block-wise.
    public var artifactPath: String?
    /// `install_path` of a file or firmware image (absolute; resolved inside the node's install root).
    public var installPath: String?
    /// `post_install` command.
    public var postInstall: String?
    /// `health_check` command; its failure rolls the update back.
    public var healthCheck: String?
    /// `command_timeout_s`: the limit for each command. Defaults to 300.
    public var commandTimeoutSeconds: Int
    /// `shell`: run the commands through `/bin/sh -c`. Defaults to false.
    public var shell: Bool
    /// `signed_manifest`: the publisher's signed description of the update, which nodes that
    /// require signed updates check the job against.
    public var signedManifest: SignedManifest?

    /// Creates an announcement.
    public init(
        jobID: String, name: String, version: String, packageType: PackageType, packages: [String]? = nil,
        artifactID: String? = nil, artifactName: String? = nil, artifactSHA256: String? = nil, artifactSize: Int? = nil,
        artifactPath: String? = nil, installPath: String? = nil, postInstall: String? = nil, healthCheck: String? = nil,
        commandTimeoutSeconds: Int = UpdateCreation.defaultCommandTimeoutSeconds, shell: Bool = false,
        signedManifest: SignedManifest? = nil
    ) {
        self.jobID = jobID
        self.name = name
        self.version = version
        self.packageType = packageType
        self.packages = packages
        self.artifactID = artifactID
        self.artifactName = artifactName
        self.artifactSHA256 = artifactSHA256
        self.artifactSize = artifactSize
        self.artifactPath = artifactPath
        self.installPath = installPath
        self.postInstall = postInstall
        self.healthCheck = healthCheck
        self.commandTimeoutSeconds = commandTimeoutSeconds
        self.shell = shell
        self.signedManifest = signedManifest
    }

    enum CodingKeys: String, CodingKey {
        case jobID = "job_id"
        case name
        case version
        case packageType = "package_type"
        case packages
        case artifactID = "artifact_id"
        case artifactName = "artifact_name"
        case artifactSHA256 = "artifact_sha256"
        case artifactSize = "artifact_size"
        case artifactPath = "artifact_path"
        case installPath = "install_path"
        case postInstall = "post_install"
        case healthCheck = "health_check"
        case commandTimeoutSeconds = "command_timeout_s"
        case shell
        case signedManifest = "signed_manifest"
    }

    /// Decodes an announcement; `command_timeout_s` defaults to 300 and `shell` to false.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            jobID: try container.decode(String.self, forKey: .jobID),
            name: try container.decode(String.self, forKey: .name),
            version: try container.decode(String.self, forKey: .version),
            packageType: try container.decode(PackageType.self, forKey: .packageType),
            packages: try container.decodeIfPresent([String].self, forKey: .packages),
            artifactID: try container.decodeIfPresent(String.self, forKey: .artifactID),
            artifactName: try container.decodeIfPresent(String.self, forKey: .artifactName),
            artifactSHA256: try container.decodeIfPresent(String.self, forKey: .artifactSHA256),
            artifactSize: try container.decodeIntegerIfPresent(forKey: .artifactSize),
            artifactPath: try container.decodeIfPresent(String.self, forKey: .artifactPath),
            installPath: try container.decodeIfPresent(String.self, forKey: .installPath),
            postInstall: try container.decodeIfPresent(String.self, forKey: .postInstall),
            healthCheck: try container.decodeIfPresent(String.self, forKey: .healthCheck),
            commandTimeoutSeconds: try container.decodeIntegerIfPresent(forKey: .commandTimeoutSeconds)
                ?? UpdateCreation.defaultCommandTimeoutSeconds,
            shell: try container.decodeIfPresent(Bool.self, forKey: .shell) ?? false,
            signedManifest: try container.decodeIfPresent(SignedManifest.self, forKey: .signedManifest)
        )
    }

    /// Checks the rules listed on the type; throws the first one broken.
    public func validate() throws(PayloadError) {
        try FleetIdentifier.check(jobID, field: CodingKeys.jobID.rawValue)
        try FieldRules.text(name, field: CodingKeys.name.rawValue, maximumLength: 128)
        try FieldRules.text(version, field: CodingKeys.version.rawValue, maximumLength: 64)
        switch packageType {
        case .apt where packages == nil:
            throw .missing(CodingKeys.packages.rawValue, "is required for package_type 'apt'")
        case .file where artifactID == nil, .firmware where artifactID == nil:
            throw .missing(CodingKeys.artifactID.rawValue, "is required for package_type '\(packageType.rawValue)'")
        case .file where installPath == nil, .firmware where installPath == nil:
            throw .missing(CodingKeys.installPath.rawValue, "is required for package_type '\(packageType.rawValue)'")
        default:
            break
        }
        if let packages { try UpdateCreation.validatePackages(packages) }
        if let artifactID { try validateArtifact(artifactID) }
        if let installPath { try UpdateCreation.validateInstallPath(installPath) }
        try UpdateCreation.validateCommands(postInstall: postInstall, healthCheck: healthCheck, timeout: commandTimeoutSeconds)
    }

    /// An artifact needs its digest, size and path; its name, when given, is a plain file name.
    private func validateArtifact(_ artifactID: String) throws(PayloadError) {
        try FleetIdentifier.check(artifactID, field: CodingKeys.artifactID.rawValue)
        guard let artifactSHA256 else {
            throw .missing(CodingKeys.artifactSHA256.rawValue, "is required with an artifact_id")
        }
        guard artifactSHA256.utf8.count == 64, artifactSHA256.utf8.allSatisfy({ (0x30...0x39).contains($0) || (0x61...0x66).contains($0) })
        else {
            throw .invalid(CodingKeys.artifactSHA256.rawValue, "must be 64 lowercase hexadecimal digits")
        }
        guard let artifactSize else {
            throw .missing(CodingKeys.artifactSize.rawValue, "is required with an artifact_id")
        }
        guard artifactSize >= 0 else {
            throw .invalid(CodingKeys.artifactSize.rawValue, "must not be negative (got \(artifactSize))")
        }
        guard let artifactPath else {
            throw .missing(CodingKeys.artifactPath.rawValue, "is required with an artifact_id")
        }
        try FieldRules.text(artifactPath, field: CodingKeys.artifactPath.rawValue, maximumLength: 256)
        guard !artifactPath.split(separator: "/").contains("..") else {
            throw .invalid(CodingKeys.artifactPath.rawValue, "must not contain '..' components")
        }
        if let artifactName {
            try FieldRules.text(artifactName, field: CodingKeys.artifactName.rawValue, maximumLength: 255)
            guard !artifactName.contains("/"), artifactName != ".", artifactName != ".." else {
                throw .invalid(CodingKeys.artifactName.rawValue, "must be a plain file name (got '\(artifactName)')")
            }
        }
    }
}
