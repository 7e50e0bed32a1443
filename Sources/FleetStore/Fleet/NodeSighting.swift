import FoundationEssentials

/// When a node was last heard from and how often it promised to report: what deciding whether
/// it is online needs, without its registration or health history.
public struct NodeSighting: Sendable, Equatable {
    public let nodeID: String
    public let lastSeen: Date
    /// The registration's `health_interval_s`.
    public let healthIntervalSeconds: Int

    public init(nodeID: String, lastSeen: Date, healthIntervalSeconds: Int) {
        self.nodeID = nodeID
        self.lastSeen = lastSeen
        self.healthIntervalSeconds = healthIntervalSeconds
    }
}
