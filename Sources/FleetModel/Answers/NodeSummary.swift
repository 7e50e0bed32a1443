/// One registered node as listed by `GET /nodes`: its registration, when the server last
/// heard from it, and whether it counts as online.
public struct NodeSummary: Codable, Sendable, Equatable {
    /// `node_id`.
    public var nodeID: String
    /// `hostname`.
    public var hostname: String?
    /// `ip_address` as the node reported it.
    public var ipAddress: String?
    /// `status` as the node reported it.
    public var status: String?
    /// `services` the node runs.
    public var services: [String]
    /// `drivers` the node has loaded.
    public var drivers: [String]
    /// `system_info`: free-form facts.
    public var systemInfo: [String: JSONValue]
    /// `coap_port` of the node agent.
    public var coapPort: Int
    /// `health_interval_s` the node reports at.
    public var healthIntervalSeconds: Int
    /// `agent_version` of the node agent.
    public var agentVersion: String?
    /// `installed_versions`: name to version, as last reported or recorded by finished jobs.
    public var installedVersions: [String: String]
    /// `last_seen`: when the server last heard from the node (ISO 8601 UTC, server clock).
    public var lastSeen: String
    /// `online`: heard from recently enough (see ``NodeLiveness``).
    public var online: Bool
    /// `address`: where the server last heard the node from (its source address), which
    /// announcements go to; nil when not known.
    public var address: String?

    /// Creates a summary from a registration and what the server knows.
    public init(
        registration: NodeRegistration, lastSeen: String, online: Bool, installedVersions: [String: String]? = nil,
        address: String? = nil
    ) {
        self.nodeID = registration.nodeID
        self.hostname = registration.hostname
        self.ipAddress = registration.ipAddress
        self.status = registration.status
        self.services = registration.services
        self.drivers = registration.drivers
        self.systemInfo = registration.systemInfo
        self.coapPort = registration.coapPort
        self.healthIntervalSeconds = registration.healthIntervalSeconds
        self.agentVersion = registration.agentVersion
        self.installedVersions = installedVersions ?? registration.installedVersions
        self.lastSeen = lastSeen
        self.online = online
        self.address = address
    }

    enum CodingKeys: String, CodingKey {
        case nodeID = "node_id"
        case hostname
        case ipAddress = "ip_address"
        case status
        case services
        case drivers
        case systemInfo = "system_info"
        case coapPort = "coap_port"
        case healthIntervalSeconds = "health_interval_s"
        case agentVersion = "agent_version"
        case installedVersions = "installed_versions"
        case lastSeen = "last_seen"
        case online
        case address
    }
}
