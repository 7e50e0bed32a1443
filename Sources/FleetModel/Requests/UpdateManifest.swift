/// What an update does on a node, as its publisher signs it offline: the same fields as the
/// job the server announces, and a sequence number that must grow from one update of a name to
/// the next (a node refuses an older manifest replayed to it).
public struct UpdateManifest: Codable, Sendable, Equatable {
    public var name: String
    public var version: String
    public var packageType: PackageType
    public var packages: [String]?
    public var artifactSHA256: String?
    public var artifactSize: Int?
    public var installPath: String?
    public var postInstall: String?
    public var healthCheck: String?
    public var commandTimeoutSeconds: Int
    public var shell: Bool
    /// Greater than the sequence of any earlier manifest of the same `name`.
    public var sequence: Int

    /// The manifest of what `announcement` asks a node to do, numbered `sequence`.
    public init(announcement: UpdateAnnouncement, sequence: Int) {
        name = announcement.name
        version = announcement.version
        packageType = announcement.packageType
        packages = announcement.packages
        artifactSHA256 = announcement.artifactSHA256
        artifactSize = announcement.artifactSize
        installPath = announcement.installPath
        postInstall = announcement.postInstall
        healthCheck = announcement.healthCheck
        commandTimeoutSeconds = announcement.commandTimeoutSeconds
        shell = announcement.shell
        self.sequence = sequence
    }

    /// The manifest of the job `creation` describes, for an artifact of `artifactSHA256` and
    /// `artifactSize` (nil without one), numbered `sequence`.
    public init(creation: UpdateCreation, artifactSHA256: String?, artifactSize: Int?, sequence: Int) {
        name = creation.name
        version = creation.version
        packageType = creation.packageType
        packages = creation.packages
        self.artifactSHA256 = artifactSHA256
        self.artifactSize = artifactSize
        installPath = creation.installPath
        postInstall = creation.postInstall
        healthCheck = creation.healthCheck
        commandTimeoutSeconds = creation.commandTimeoutSeconds
        shell = creation.shell
        self.sequence = sequence
    }

    enum CodingKeys: String, CodingKey {
        case name, version, packages, shell, sequence
        case packageType = "package_type"
        case artifactSHA256 = "artifact_sha256"
        case artifactSize = "artifact_size"
        case installPath = "install_path"
        case postInstall = "post_install"
        case healthCheck = "health_check"
        case commandTimeoutSeconds = "command_timeout_s"
    }
}

/// A manifest with its publisher's Ed25519 signature over the manifest's sorted-key JSON.
public struct SignedManifest: Codable, Sendable, Equatable {
    public var manifest: UpdateManifest
    /// The signer's public key, 64 hex digits.
    public var key: String
    /// The signature, 128 hex digits.
    public var signature: String

    /// Signs `manifest` with the private seed `privateKey` (hex); nil when the key is not one.
    public static func sign(_ manifest: UpdateManifest, privateKey: String) -> SignedManifest? {
        guard let bytes = try? Payload.encode(manifest), let publicKey = Ed25519.publicKey(ofPrivateKey: privateKey),
              let signature = Ed25519.sign(bytes, privateKey: privateKey) else { return nil }
        return SignedManifest(manifest: manifest, key: publicKey, signature: signature)
    }

    public init(manifest: UpdateManifest, key: String, signature: String) {
        self.manifest = manifest
        self.key = key
        self.signature = signature
    }

    /// Why a node must refuse `announcement`, or nil when it may run it: an unsigned job when
    /// `requireSigned`, a key not in `trustedKeys`, a bad signature, a job that differs from its
    /// manifest, or a sequence not greater than `lastSequence` of the same update name.
    public static func refusal(
        of announcement: UpdateAnnouncement, trustedKeys: [String], requireSigned: Bool, lastSequence: Int?
    ) -> String? {
        guard let signed = announcement.signedManifest else {
            return requireSigned ? "the job is not signed, and this node accepts only signed updates" : nil
        }
        guard trustedKeys.contains(signed.key.lowercased()) else { return "the manifest is signed by a key this node does not trust" }
        guard let bytes = try? Payload.encode(signed.manifest), Ed25519.verify(bytes, signature: signed.signature, publicKey: signed.key)
        else { return "the manifest's signature is not valid" }
        guard signed.manifest == UpdateManifest(announcement: announcement, sequence: signed.manifest.sequence) else {
            return "the job does not match its signed manifest"
        }
        if let lastSequence, signed.manifest.sequence <= lastSequence {
            return "manifest sequence \(signed.manifest.sequence) is not greater than \(lastSequence), the last installed for \(announcement.name)"
        }
        return nil
    }
}
