/// What an update installs, and so how a node installs it.
public enum PackageType: String, Codable, Sendable, CaseIterable, WireEnum {
    /// Python packages through pip (`packages` specifiers, or a wheel as `artifact_id`);
    /// previous versions are recorded for rollback.
    case pip
    /// An artifact written atomically to `install_path`, the previous file kept for rollback.
    case file
    /// Like ``file``, for firmware images.
    case firmware
    /// Debian packages through apt (`packages`).
    case apt

    /// Decodes a package type; anything else is `invalid_value` listing the allowed ones.
    public init(from decoder: any Decoder) throws {
        try self.init(wireValueFrom: decoder)
    }
}
