/// What a node sends to register or re-register: `POST /nodes`.
///
/// Only `node_id` is required; the seed's example payload decodes unchanged. Fields the seed
/// does not have (`coap_port`, `health_interval_s`, `agent_version`, `installed_versions`)
/// take their defaults when absent.
public struct NodeRegistration: Codable, Sendable, Equatable, ValidatedPayload {
    /// The CoAP port a node listens on when it does not say.
    public static let defaultCoAPPort = 5683
    /// The health-report interval a node is assumed to keep when it does not say, in seconds.
    public static let defaultHealthIntervalSeconds = 30

    /// `node_id`: the node's identity (see ``FleetIdentifier``). Required.
    public var nodeID: String
    /// `hostname`.
    public var hostname: String?
    /// `ip_address`, as the node sees itself (free text; the server also knows the peer address).
    public var ipAddress: String?
    /// `status`, as the node reports it (e.g. "online").
    public var status: String?
    /// `last_seen`, the node's own clock, e.g. "2025-09-17T10:00:00" (kept as sent).
    public var lastSeen: String?
    /// `services` the node runs. Defaults to empty.
    public var services: [String]
    /// `drivers` the node has loaded. Defaults to empty.
    public var drivers: [String]
    /// `system_info`: free-form facts (os, arch…). Defaults to empty.
    public var systemInfo: [String: JSONValue]
    /// `coap_port` the node agent listens on, 1…65535. Defaults to 5683.
    public var coapPort: Int
    /// `health_interval_s`: seconds between the node's health reports, 1…86400. Defaults to 30.
    public var healthIntervalSeconds: Int
    /// `agent_version` of the node agent.
    public var agentVersion: String?
    /// `installed_versions`: what the node has installed, name to version. Defaults to empty.
    public var installedVersions: [String: String]

    /// Creates a registration; everything but the id is optional or defaulted.
    public init(
        nodeID: String, hostname: String? = nil, ipAddress: String? = nil, status: String? = nil,
        lastSeen: String? = nil, services: [String] = [], drivers: [String] = [],
        systemInfo: [String: JSONValue] = [:], coapPort: Int = defaultCoAPPort,
        healthIntervalSeconds: Int = defaultHealthIntervalSeconds, agentVersion: String? = nil,
        installedVersions: [String: String] = [:]
    ) {
        self.nodeID = nodeID
        self.hostname = hostname
        self.ipAddress = ipAddress
        self.status = status
        self.lastSeen = lastSeen
        self.services = services
        self.drivers = drivers
        self.systemInfo = systemInfo
        self.coapPort = coapPort
        self.healthIntervalSeconds = healthIntervalSeconds
        self.agentVersion = agentVersion
        self.installedVersions = installedVersions
    }

    enum CodingKeys: String, CodingKey {
        case nodeID = "node_id"
        case hostname
        case ipAddress = "ip_address"
        case status
        case lastSeen = "last_seen"
        case services
        case drivers
        case systemInfo = "system_info"
        case coapPort = "coap_port"
        case healthIntervalSeconds = "health_interval_s"
        case agentVersion = "agent_version"
        case installedVersions = "installed_versions"
    }

    /// Decodes a registration, filling defaults for absent or null optional fields.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            nodeID: try container.decode(String.self, forKey: .nodeID),
            hostname: try container.decodeIfPresent(String.self, forKey: .hostname),
            ipAddress: try container.decodeIfPresent(String.self, forKey: .ipAddress),
            status: try container.decodeIfPresent(String.self, forKey: .status),
            lastSeen: try container.decodeIfPresent(String.self, forKey: .lastSeen),
            services: try container.decodeIfPresent([String].self, forKey: .services) ?? [],
            drivers: try container.decodeIfPresent([String].self, forKey: .drivers) ?? [],
            systemInfo: try container.decodeIfPresent([String: JSONValue].self, forKey: .systemInfo) ?? [:],
            coapPort: try container.decodeIntegerIfPresent(forKey: .coapPort) ?? Self.defaultCoAPPort,
            healthIntervalSeconds: try container.decodeIntegerIfPresent(forKey: .healthIntervalSeconds)
                ?? Self.defaultHealthIntervalSeconds,
            agentVersion: try container.decodeIfPresent(String.self, forKey: .agentVersion),
            installedVersions: try container.decodeIfPresent([String: String].self, forKey: .installedVersions) ?? [:]
        )
    }

    /// Checks `node_id`, `coap_port` (1…65535) and `health_interval_s` (1…86400).
    public func validate() throws(PayloadError) {
        try FleetIdentifier.check(nodeID, field: CodingKeys.nodeID.rawValue)
        try FieldRules.integer(coapPort, in: 1...65535, field: CodingKeys.coapPort.rawValue)
        try FieldRules.integer(healthIntervalSeconds, in: 1...86400, field: CodingKeys.healthIntervalSeconds.rawValue)
    }
}
