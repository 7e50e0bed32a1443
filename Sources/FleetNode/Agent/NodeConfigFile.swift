import FleetModel
import Glibc

/// The agent's JSON config file (`--config FILE`): what it watches, its thresholds and install
/// commands, and any command-line setting. Every key is optional; an unknown key is an error, so a
/// typo is never silently ignored.
public struct NodeConfigFile: Sendable, Equatable, Decodable {
    /// The `thresholds` object: each limit it names replaces the default.
    public struct Thresholds: Sendable, Equatable, Decodable {
        /// `cpu_percent`, 0…100.
        public var cpuPercent: Double?
        /// `memory_percent`, 0…100.
        public var memoryPercent: Double?
        /// `disk_percent`, 0…100.
        public var diskPercent: Double?
        /// `temperature_c`, −50…200.
        public var temperature: Double?

        enum CodingKeys: String, CodingKey, CaseIterable {
            case cpuPercent = "cpu_percent", memoryPercent = "memory_percent", diskPercent = "disk_percent"
            case temperature = "temperature_c"
        }

        public init(from decoder: any Decoder) throws {
            let container = try NodeConfigFile.container(decoder, keyedBy: CodingKeys.self)
            cpuPercent = try container.decodeIfPresent(Double.self, forKey: .cpuPercent)
            memoryPercent = try container.decodeIfPresent(Double.self, forKey: .memoryPercent)
            diskPercent = try container.decodeIfPresent(Double.self, forKey: .diskPercent)
            temperature = try container.decodeIfPresent(Double.self, forKey: .temperature)
        }
    }

    /// The `install` object: argument vectors replacing the default installer programs.
    public struct Install: Sendable, Equatable, Decodable {
        /// `pip`, e.g. `["/opt/venv/bin/pip"]`.
        public var pip: [String]?
        /// `apt`, e.g. `["sudo", "apt-get"]`.
        public var apt: [String]?

        enum CodingKeys: String, CodingKey, CaseIterable {
            case pip, apt
        }

        public init(from decoder: any Decoder) throws {
            let container = try NodeConfigFile.container(decoder, keyedBy: CodingKeys.self)
            pip = try container.decodeIfPresent([String].self, forKey: .pip)
            apt = try container.decodeIfPresent([String].self, forKey: .apt)
        }
    }

    /// `services`: services to watch, by process name.
    public var services: [String]?
    /// `drivers`: kernel modules to report.
    public var drivers: [String]?
    /// `mount_points`: absolute paths whose usage makes the disk figure.
    public var mountPoints: [String]?
    /// `thresholds`: health limits.
    public var thresholds: Thresholds?
    /// `install`: installer programs.
    public var install: Install?
    /// `server`, as `--server`.
    public var server: String?
    /// `node_id`, as `--node-id`.
    public var nodeID: String?
    /// `host`, as `--host`.
    public var host: String?
    /// `port`, as `--port`.
    public var port: Int?
    /// `health_interval_s`, as `--health-interval`.
    public var healthIntervalSeconds: Double?
    /// `state_dir`, as `--state-dir`.
    public var stateDirectory: String?
    /// `install_root`, as `--install-root`.
    public var installRoot: String?
    /// `log_level`, as `--log-level`.
    public var logLevel: String?
    /// `allowed_install_paths`: absolute directories a job's `install_path` must lie in.
    public var allowedInstallPaths: [String]?
    /// `psk_identity` and `psk_key_file`, as `--psk-identity` and `--psk-key-file` (the key
    /// stays in its own 0600 file, never in this one).
    public var pskIdentity: String?
    public var pskKeyFile: String?
    /// `cert`, `key` and `ca`, as `--cert`, `--key` and `--ca`.
    public var certificateFile: String?
    public var privateKeyFile: String?
    public var caFile: String?
    /// `server_identity`, as `--server-identity`.
    public var serverIdentity: String?
    /// `trusted_keys`: Ed25519 public keys (64 hex digits) whose signed manifests this node accepts.
    public var trustedKeys: [String]?
    /// `require_signed`: refuse every job without a valid manifest signed by a trusted key.
    public var requireSigned: Bool?

    enum CodingKeys: String, CodingKey, CaseIterable {
        case services, drivers, mountPoints = "mount_points", thresholds, install, server, nodeID = "node_id", host, port
        case healthIntervalSeconds = "health_interval_s", stateDirectory = "state_dir", installRoot = "install_root"
        case logLevel = "log_level", serverIdentity = "server_identity", allowedInstallPaths = "allowed_install_paths"
        case pskIdentity = "psk_identity", pskKeyFile = "psk_key_file", certificateFile = "cert", privateKeyFile = "key", caFile = "ca"
        case trustedKeys = "trusted_keys", requireSigned = "require_signed"
    }

    public init(from decoder: any Decoder) throws {
        let container = try Self.container(decoder, keyedBy: CodingKeys.self)
        services = try container.decodeIfPresent([String].self, forKey: .services)
        trustedKeys = try container.decodeIfPresent([String].self, forKey: .trustedKeys)
        requireSigned = try container.decodeIfPresent(Bool.self, forKey: .requireSigned)
        drivers = try container.decodeIfPresent([String].self, forKey: .drivers)
        mountPoints = try container.decodeIfPresent([String].self, forKey: .mountPoints)
        thresholds = try container.decodeIfPresent(Thresholds.self, forKey: .thresholds)
        install = try container.decodeIfPresent(Install.self, forKey: .install)
        server = try container.decodeIfPresent(String.self, forKey: .server)
        serverIdentity = try container.decodeIfPresent(String.self, forKey: .serverIdentity)
        pskIdentity = try container.decodeIfPresent(String.self, forKey: .pskIdentity)
        pskKeyFile = try container.decodeIfPresent(String.self, forKey: .pskKeyFile)
        certificateFile = try container.decodeIfPresent(String.self, forKey: .certificateFile)
        privateKeyFile = try container.decodeIfPresent(String.self, forKey: .privateKeyFile)
        caFile = try container.decodeIfPresent(String.self, forKey: .caFile)
        allowedInstallPaths = try container.decodeIfPresent([String].self, forKey: .allowedInstallPaths)
        nodeID = try container.decodeIfPresent(String.self, forKey: .nodeID)
        host = try container.decodeIfPresent(String.self, forKey: .host)
        // Read as a number: the decoder reports a fraction meant for an `Int` as broken JSON.
        port = try container.decodeIfPresent(Double.self, forKey: .port).map { number in
            guard let port = Int(exactly: number) else {
                throw DecodingError.typeMismatch(Int.self, .init(codingPath: container.codingPath + [CodingKeys.port], debugDescription: "\(number)"))
            }
            return port
        }
        healthIntervalSeconds = try container.decodeIfPresent(Double.self, forKey: .healthIntervalSeconds)
        stateDirectory = try container.decodeIfPresent(String.self, forKey: .stateDirectory)
        installRoot = try container.decodeIfPresent(String.self, forKey: .installRoot)
        logLevel = try container.decodeIfPresent(String.self, forKey: .logLevel)
    }

    /// Reads and checks the file at `path`; the settings it shares with the command line are
    /// checked where they are applied (``NodeAgentCommandLine``).
    public static func load(path: String) throws(NodeCommandLineError) -> NodeConfigFile {
        guard let text = TextFile.read(path) else {
            throw NodeCommandLineError("config file \(path) \(access(path, F_OK) == 0 ? "cannot be read" : "does not exist")")
        }
        let file: NodeConfigFile
        do {
            file = try JSONCoding.decode(NodeConfigFile.self, from: Array(text.utf8))
        } catch let unknown as UnknownKey {
            throw NodeCommandLineError("config file \(path) has an unknown key \(unknown.name)")
        } catch let error as DecodingError {
            throw NodeCommandLineError(explanation(error, path: path))
        } catch {
            throw NodeCommandLineError("config file \(path) is not valid: \(error)")
        }
        try file.checkRanges(path: path)
        return file
    }

    /// Refuses values of the right type but outside their range.
    private func checkRanges(path: String) throws(NodeCommandLineError) {
        let limits: [(name: String, value: Double?, range: ClosedRange<Double>)] = [
            ("thresholds.cpu_percent", thresholds?.cpuPercent, 0...100), ("thresholds.memory_percent", thresholds?.memoryPercent, 0...100),
            ("thresholds.disk_percent", thresholds?.diskPercent, 0...100), ("thresholds.temperature_c", thresholds?.temperature, -50...200),
        ]
        for (name, value, range) in limits {
            guard let value, !range.contains(value) else { continue }
            throw NodeCommandLineError(
                "\(name) in \(path) must be \(DecimalText.oneDecimal(range.lowerBound))…\(DecimalText.oneDecimal(range.upperBound))")
        }
        for (name, command) in [("install.pip", install?.pip), ("install.apt", install?.apt)] where command?.isEmpty == true {
            throw NodeCommandLineError("\(name) in \(path) must name a program, not be empty")
        }
        for mountPoint in mountPoints ?? [] where !mountPoint.hasPrefix("/") {
            throw NodeCommandLineError("mount_points in \(path) must hold absolute paths, not \(mountPoint)")
        }
        for directory in allowedInstallPaths ?? []
        where !directory.hasPrefix("/") || directory.split(separator: "/").contains("..") {
            throw NodeCommandLineError("allowed_install_paths in \(path) must hold absolute paths without '..', not \(directory)")
        }
    }

    /// A sentence for a decoding failure: where the JSON breaks, or which key holds the wrong type.
    private static func explanation(_ error: DecodingError, path: String) -> String {
        let context: DecodingError.Context
        switch error {
        case .typeMismatch(_, let found), .valueNotFound(_, let found), .keyNotFound(_, let found): context = found
        case .dataCorrupted(let found) where found.codingPath.isEmpty:
            return "config file \(path) is not JSON" + (found.underlyingError.map { ": \($0)" } ?? "")
        case .dataCorrupted(let found): context = found
        @unknown default: return "config file \(path) is not valid: \(error)"
        }
        let key = context.codingPath.filter { $0.intValue == nil }.map(\.stringValue).joined(separator: ".")
        return key.isEmpty ? "config file \(path) must hold a JSON object" : "\(key) in \(path) must be \(expectedType(key))"
    }

    /// What a key holds, for error messages.
    private static func expectedType(_ key: String) -> String {
        switch key {
        case "services", "drivers", "mount_points", "install.pip", "install.apt", "trusted_keys", "allowed_install_paths": "an array of strings"
        case "require_signed": "true or false"
        case "thresholds", "install": "an object"
        case "port": "an integer 0…65535"
        case "health_interval_s": "a number of seconds"
        case _ where key.hasPrefix("thresholds."): "a number"
        default: "a string"
        }
    }

    /// The keyed container of `decoder`, after checking it holds only `Keys`.
    private static func container<Keys: CodingKey & CaseIterable>(
        _ decoder: any Decoder, keyedBy _: Keys.Type
    ) throws -> KeyedDecodingContainer<Keys> {
        let known = Set(Keys.allCases.map(\.stringValue))
        for key in try decoder.container(keyedBy: AnyKey.self).allKeys where !known.contains(key.stringValue) {
            throw UnknownKey(name: (decoder.codingPath.map(\.stringValue) + [key.stringValue]).joined(separator: "."))
        }
        return try decoder.container(keyedBy: Keys.self)
    }
}

/// Any key of a JSON object, to list the keys it holds.
private struct AnyKey: CodingKey {
    let stringValue: String
    var intValue: Int? { nil }

    init(stringValue: String) { self.stringValue = stringValue }

    init?(intValue: Int) { nil }
}

/// A key the config file does not know, as a dotted path.
private struct UnknownKey: Error {
    let name: String
}
