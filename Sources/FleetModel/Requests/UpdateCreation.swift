/// An operator's new update job: `POST /updates` without an `action` field.
///
/// Rules checked by ``validate()``:
/// - `name` (≤ 128 bytes) and `version` (≤ 64 bytes) are non-empty;
/// - `target_nodes` is `["all"]` or a non-empty list of distinct node ids;
/// - `apt` needs `packages`; `pip` may name `packages` or `artifact_id` (a wheel), or neither,
///   as the seed's own short example does (a job that installs nothing new and records the
///   version);
///   `file` and `firmware` need `artifact_id` and an absolute `install_path`;
/// - each package is a non-empty specifier that does not start with `-`;
/// - `install_path` is absolute, has no `..` component and does not end in `/`;
/// - `command_timeout_s` is 1…86400 (default 300); `shell` defaults to false.
///
/// Whether the named nodes and artifact exist needs the store: see ``unknownTargets(known:)``.
public struct UpdateCreation: Codable, Sendable, Equatable, ValidatedPayload {
    /// The `target_nodes` value that means every registered node.
    public static let allNodes = "all"
    /// The command timeout when the operator does not set one, in seconds.
    public static let defaultCommandTimeoutSeconds = 300

    /// `name`: a human label for the job. Required.
    public var name: String
    /// `version` being installed. Required.
    public var version: String
    /// `package_type`. Required.
    public var packageType: PackageType
    /// `target_nodes`: node ids, or `["all"]`. Required, non-empty.
    public var targetNodes: [String]
    /// `packages`: pip or apt specifiers, e.g. "aiocoap==0.4.7".
    public var packages: [String]?
    /// `artifact_id` of a stored artifact: the file or firmware image, or a wheel for pip.
    public var artifactID: String?
    /// `install_path`: where a file or firmware artifact is written (absolute).
    public var installPath: String?
    /// `post_install`: a command the node runs after installing.
    public var postInstall: String?
    /// `health_check`: a command whose success confirms the install; failure rolls back.
    public var healthCheck: String?
    /// `command_timeout_s`: the limit for each command the node runs. Defaults to 300.
    public var commandTimeoutSeconds: Int
    /// `shell`: run `post_install` and `health_check` through `/bin/sh -c`; by default they are
    /// split into words and run directly, with no shell.
    public var shell: Bool
    /// `signed_manifest`: the publisher's signed description of the update, which nodes that
    /// require signed updates check the job against.
    public var signedManifest: SignedManifest?

    /// Creates a job description.
    public init(
        name: String, version: String, packageType: PackageType, targetNodes: [String],
        packages: [String]? = nil, artifactID: String? = nil, installPath: String? = nil,
        postInstall: String? = nil, healthCheck: String? = nil,
        commandTimeoutSeconds: Int = defaultCommandTimeoutSeconds, shell: Bool = false,
        signedManifest: SignedManifest? = nil
    ) {
        self.name = name
        self.version = version
        self.packageType = packageType
        self.targetNodes = targetNodes
        self.packages = packages
        self.artifactID = artifactID
        self.installPath = installPath
        self.postInstall = postInstall
        self.healthCheck = healthCheck
        self.commandTimeoutSeconds = commandTimeoutSeconds
        self.shell = shell
        self.signedManifest = signedManifest
    }

    enum CodingKeys: String, CodingKey {
        case name
        case version
        case packageType = "package_type"
        case targetNodes = "target_nodes"
        case packages
        case artifactID = "artifact_id"
        case installPath = "install_path"
        case postInstall = "post_install"
        case healthCheck = "health_check"
        case commandTimeoutSeconds = "command_timeout_s"
        case shell
        case signedManifest = "signed_manifest"
    }

    /// Decodes a job description, defaulting `command_timeout_s` to 300.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            name: try container.decode(String.self, forKey: .name),
            version: try container.decode(String.self, forKey: .version),
            packageType: try container.decode(PackageType.self, forKey: .packageType),
            targetNodes: try container.decode([String].self, forKey: .targetNodes),
            packages: try container.decodeIfPresent([String].self, forKey: .packages),
            artifactID: try container.decodeIfPresent(String.self, forKey: .artifactID),
            installPath: try container.decodeIfPresent(String.self, forKey: .installPath),
            postInstall: try container.decodeIfPresent(String.self, forKey: .postInstall),
            healthCheck: try container.decodeIfPresent(String.self, forKey: .healthCheck),
            commandTimeoutSeconds: try container.decodeIntegerIfPresent(forKey: .commandTimeoutSeconds)
                ?? Self.defaultCommandTimeoutSeconds,
            shell: try container.decodeIfPresent(Bool.self, forKey: .shell) ?? false,
            signedManifest: try container.decodeIfPresent(SignedManifest.self, forKey: .signedManifest)
        )
    }

    /// Whether the job targets every registered node (`["all"]`).
    public var targetsAllNodes: Bool { targetNodes == [Self.allNodes] }

    /// The named targets that are not among `known` node ids, in request order; always empty
    /// for `["all"]`. The server refuses a job naming unknown nodes.
    public func unknownTargets(known: Set<String>) -> [String] {
        targetsAllNodes ? [] : targetNodes.filter { !known.contains($0) }
    }

    /// Checks the rules listed on the type; throws the first one broken.
    public func validate() throws(PayloadError) {
        try FieldRules.text(name, field: CodingKeys.name.rawValue, maximumLength: 128)
        try FieldRules.text(version, field: CodingKeys.version.rawValue, maximumLength: 64)
        try validateTargets()
        try validateContents()
        try Self.validateCommands(postInstall: postInstall, healthCheck: healthCheck, timeout: commandTimeoutSeconds)
    }

    /// The node-side commands: each at most 1024 bytes without control characters, and the timeout 1…86400 s.
    static func validateCommands(postInstall: String?, healthCheck: String?, timeout: Int) throws(PayloadError) {
        if let postInstall {
            try FieldRules.text(postInstall, field: CodingKeys.postInstall.rawValue, maximumLength: 1024)
        }
        if let healthCheck {
            try FieldRules.text(healthCheck, field: CodingKeys.healthCheck.rawValue, maximumLength: 1024)
        }
        try FieldRules.integer(timeout, in: 1...86400, field: CodingKeys.commandTimeoutSeconds.rawValue)
    }

    private func validateTargets() throws(PayloadError) {
        let field = CodingKeys.targetNodes.rawValue
        guard !targetNodes.isEmpty else {
            throw .invalid(field, "must list at least one node id, or be [\"all\"]")
        }
        guard targetsAllNodes || !targetNodes.contains(Self.allNodes) else {
            throw .invalid(field, "may hold \"all\" only on its own, not mixed with node ids")
        }
        guard !targetsAllNodes else { return }
        var seen = Set<String>()
        for (index, node) in targetNodes.enumerated() {
            try FleetIdentifier.check(node, field: "\(field)[\(index)]")
            guard seen.insert(node).inserted else {
                throw .invalid(field, "lists '\(node)' more than once")
            }
        }
    }

    /// The package-type combinations: what each type needs, and the form of what is given.
    private func validateContents() throws(PayloadError) {
        let type = "for package_type '\(packageType.rawValue)'"
        switch packageType {
        case .apt where packages == nil:
            throw .missing(CodingKeys.packages.rawValue, "is required \(type)")
        case .file where artifactID == nil, .firmware where artifactID == nil:
            throw .missing(CodingKeys.artifactID.rawValue, "is required \(type)")
        case .file where installPath == nil, .firmware where installPath == nil:
            throw .missing(CodingKeys.installPath.rawValue, "is required \(type)")
        default:
            break
        }
        if let packages {
            try Self.validatePackages(packages)
        }
        if let artifactID {
            try FleetIdentifier.check(artifactID, field: CodingKeys.artifactID.rawValue)
        }
        if let installPath {
            try Self.validateInstallPath(installPath)
        }
    }

    static func validatePackages(_ packages: [String]) throws(PayloadError) {
        let field = CodingKeys.packages.rawValue
        guard !packages.isEmpty else {
            throw .invalid(field, "must list at least one package")
        }
        for (index, package) in packages.enumerated() {
            try FieldRules.text(package, field: "\(field)[\(index)]", maximumLength: 256)
            guard !package.hasPrefix("-") else {
                throw .invalid("\(field)[\(index)]", "must be a package specifier, not an option (got '\(package)')")
            }
        }
    }

    static func validateInstallPath(_ path: String) throws(PayloadError) {
        let field = CodingKeys.installPath.rawValue
        try FieldRules.text(path, field: field, maximumLength: 1024)
        guard path.hasPrefix("/") else {
            throw .invalid(field, "must be an absolute path starting with '/' (got '\(path)')")
        }
        guard !path.hasSuffix("/") else {
            throw .invalid(field, "must name a file, not a directory ending in '/' (got '\(path)')")
        }
        guard !path.split(separator: "/").contains("..") else {
            throw .invalid(field, "must not contain '..' components (got '\(path)')")
        }
    }
}
