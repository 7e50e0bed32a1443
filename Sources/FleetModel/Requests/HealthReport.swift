/// A node's health report: `PUT /health`, exactly the seed's fields.
public struct HealthReport: Codable, Sendable, Equatable, ValidatedPayload {
    /// `node_id` of the reporting node. Required.
    public var nodeID: String
    /// `overall_healthy`: the node's own verdict. Required.
    public var overallHealthy: Bool
    /// `cpu_percent`, 0…100. Required.
    public var cpuPercent: Double
    /// `memory_percent`, 0…100. Required.
    public var memoryPercent: Double
    /// `disk_percent`, 0…100. Required.
    public var diskPercent: Double
    /// `temperature` in °C; null or absent when the board has no sensor.
    public var temperature: Double?
    /// `services_status`: service name to running. Defaults to empty.
    public var servicesStatus: [String: Bool]
    /// `error_messages` the node wants an operator to see. Defaults to empty.
    public var errorMessages: [String]

    /// Creates a report.
    public init(
        nodeID: String, overallHealthy: Bool, cpuPercent: Double, memoryPercent: Double, diskPercent: Double,
        temperature: Double? = nil, servicesStatus: [String: Bool] = [:], errorMessages: [String] = []
    ) {
        self.nodeID = nodeID
        self.overallHealthy = overallHealthy
        self.cpuPercent = cpuPercent
        self.memoryPercent = memoryPercent
        self.diskPercent = diskPercent
        self.temperature = temperature
        self.servicesStatus = servicesStatus
        self.errorMessages = errorMessages
    }

    enum CodingKeys: String, CodingKey {
        case nodeID = "node_id"
        case overallHealthy = "overall_healthy"
        case cpuPercent = "cpu_percent"
        case memoryPercent = "memory_percent"
        case diskPercent = "disk_percent"
        case temperature
        case servicesStatus = "services_status"
        case errorMessages = "error_messages"
    }

    /// Decodes a report, defaulting `services_status` and `error_messages` to empty.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            nodeID: try container.decode(String.self, forKey: .nodeID),
            overallHealthy: try container.decode(Bool.self, forKey: .overallHealthy),
            cpuPercent: try container.decode(Double.self, forKey: .cpuPercent),
            memoryPercent: try container.decode(Double.self, forKey: .memoryPercent),
            diskPercent: try container.decode(Double.self, forKey: .diskPercent),
            temperature: try container.decodeIfPresent(Double.self, forKey: .temperature),
            servicesStatus: try container.decodeIfPresent([String: Bool].self, forKey: .servicesStatus) ?? [:],
            errorMessages: try container.decodeIfPresent([String].self, forKey: .errorMessages) ?? []
        )
    }

    /// Checks `node_id` and that the three percentages lie in 0…100.
    public func validate() throws(PayloadError) {
        try FleetIdentifier.check(nodeID, field: CodingKeys.nodeID.rawValue)
        try FieldRules.percentage(cpuPercent, field: CodingKeys.cpuPercent.rawValue)
        try FieldRules.percentage(memoryPercent, field: CodingKeys.memoryPercent.rawValue)
        try FieldRules.percentage(diskPercent, field: CodingKeys.diskPercent.rawValue)
    }
}
