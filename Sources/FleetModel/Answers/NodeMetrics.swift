import FoundationEssentials

/// `GET /nodes/{id}/metrics`: the node's recent health figures, oldest first.
public struct NodeMetrics: Codable, Sendable, Equatable {
    public var nodeID: String
    public var samples: [MetricSample]

    public init(nodeID: String, samples: [MetricSample]) {
        self.nodeID = nodeID
        self.samples = samples
    }

    enum CodingKeys: String, CodingKey {
        case nodeID = "node_id"
        case samples
    }
}

/// One health report's figures and when it arrived.
public struct MetricSample: Codable, Sendable, Equatable {
    /// ISO-8601 UTC time the report arrived.
    public var at: String
    public var cpuPercent: Double
    public var memoryPercent: Double
    public var diskPercent: Double
    public var temperature: Double?
    public var overallHealthy: Bool

    public init(at: String, report: HealthReport) {
        self.at = at
        cpuPercent = report.cpuPercent
        memoryPercent = report.memoryPercent
        diskPercent = report.diskPercent
        temperature = report.temperature
        overallHealthy = report.overallHealthy
    }

    enum CodingKeys: String, CodingKey {
        case at
        case cpuPercent = "cpu_percent"
        case memoryPercent = "memory_percent"
        case diskPercent = "disk_percent"
        case temperature
        case overallHealthy = "overall_healthy"
    }
}
