/// One node's latest health, as listed in ``FleetHealth/nodes`` and answered by
/// `/nodes/{id}/health`.
public struct NodeHealth: Codable, Sendable, Equatable {
    /// `node_id`.
    public var nodeID: String
    /// `state`: healthy, unhealthy, offline or unknown.
    public var state: NodeHealthState
    /// `last_report`: when the latest health report arrived (ISO 8601 UTC); absent if none.
    public var lastReport: String?
    /// `cpu_percent` from the latest report.
    public var cpuPercent: Double?
    /// `memory_percent` from the latest report.
    public var memoryPercent: Double?
    /// `disk_percent` from the latest report.
    public var diskPercent: Double?
    /// `temperature` from the latest report.
    public var temperature: Double?

    /// Creates an entry.
    public init(
        nodeID: String, state: NodeHealthState, lastReport: String? = nil, cpuPercent: Double? = nil,
        memoryPercent: Double? = nil, diskPercent: Double? = nil, temperature: Double? = nil
    ) {
        self.nodeID = nodeID
        self.state = state
        self.lastReport = lastReport
        self.cpuPercent = cpuPercent
        self.memoryPercent = memoryPercent
        self.diskPercent = diskPercent
        self.temperature = temperature
    }

    /// Creates an entry carrying the figures of `report`, received at `lastReport`.
    public init(state: NodeHealthState, lastReport: String, report: HealthReport) {
        self.init(
            nodeID: report.nodeID, state: state, lastReport: lastReport, cpuPercent: report.cpuPercent,
            memoryPercent: report.memoryPercent, diskPercent: report.diskPercent, temperature: report.temperature
        )
    }

    enum CodingKeys: String, CodingKey {
        case nodeID = "node_id"
        case state
        case lastReport = "last_report"
        case cpuPercent = "cpu_percent"
        case memoryPercent = "memory_percent"
        case diskPercent = "disk_percent"
        case temperature
    }
}
