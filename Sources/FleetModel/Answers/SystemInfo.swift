/// `GET /system`: what the server is, where it runs and what it holds.
public struct SystemInfo: Codable, Sendable, Equatable {
    public var version: String
    public var uptimeSeconds: Int
    public var startedAt: String
    public var hostname: String
    public var os: String
    public var kernel: String
    public var arch: String
    /// Versions of CoAP Fleet and the libraries it runs on (libcoap, SQLite).
    public var libraries: [String: String]
    public var counts: Counts
    public var dataDirectory: String
    public var storage: Storage

    public init(
        version: String, uptimeSeconds: Int, startedAt: String, hostname: String, os: String, kernel: String, arch: String,
        libraries: [String: String], counts: Counts, dataDirectory: String, storage: Storage
    ) {
        self.version = version
        self.uptimeSeconds = uptimeSeconds
        self.startedAt = startedAt
        self.hostname = hostname
        self.os = os
        self.kernel = kernel
        self.arch = arch
        self.libraries = libraries
        self.counts = counts
        self.dataDirectory = dataDirectory
        self.storage = storage
    }

    /// How many of each thing the server keeps.
    public struct Counts: Codable, Sendable, Equatable {
        public var nodes: Int
        public var healthReports: Int
        public var jobs: Int
        public var unfinishedJobs: Int
        public var artifacts: Int
        public var auditEntries: Int

        public init(nodes: Int, healthReports: Int, jobs: Int, unfinishedJobs: Int, artifacts: Int, auditEntries: Int) {
            self.nodes = nodes
            self.healthReports = healthReports
            self.jobs = jobs
            self.unfinishedJobs = unfinishedJobs
            self.artifacts = artifacts
            self.auditEntries = auditEntries
        }

        enum CodingKeys: String, CodingKey {
            case nodes
            case healthReports = "health_reports"
            case jobs
            case unfinishedJobs = "unfinished_jobs"
            case artifacts
            case auditEntries = "audit_entries"
        }
    }

    /// Bytes used in the data directory.
    public struct Storage: Codable, Sendable, Equatable {
        public var databaseBytes: Int
        public var artifactBytes: Int

        public init(databaseBytes: Int, artifactBytes: Int) {
            self.databaseBytes = databaseBytes
            self.artifactBytes = artifactBytes
        }

        enum CodingKeys: String, CodingKey {
            case databaseBytes = "database_bytes"
            case artifactBytes = "artifact_bytes"
        }
    }

    enum CodingKeys: String, CodingKey {
        case version
        case uptimeSeconds = "uptime_s"
        case startedAt = "started_at"
        case hostname
        case os
        case kernel
        case arch
        case libraries
        case counts
        case dataDirectory = "data_dir"
        case storage
    }
}

/// The answer to `POST /system`.
public struct SystemActionAnswer: Codable, Sendable, Equatable {
    public var action: SystemAction
    /// `running`, `restarting` or `shutting_down`.
    public var status: String
    public var uptimeSeconds: Int

    public init(action: SystemAction, status: String, uptimeSeconds: Int) {
        self.action = action
        self.status = status
        self.uptimeSeconds = uptimeSeconds
    }

    enum CodingKeys: String, CodingKey {
        case action
        case status
        case uptimeSeconds = "uptime_s"
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        guard let action = SystemAction(rawValue: try container.decode(String.self, forKey: .action)) else {
            throw DecodingError.dataCorruptedError(forKey: .action, in: container, debugDescription: "unknown action")
        }
        self.init(action: action, status: try container.decode(String.self, forKey: .status),
                  uptimeSeconds: try container.decode(Int.self, forKey: .uptimeSeconds))
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(action.rawValue, forKey: .action)
        try container.encode(status, forKey: .status)
        try container.encode(uptimeSeconds, forKey: .uptimeSeconds)
    }
}
