/// The fleet's health summary: the answer to `GET /health`.
public struct FleetHealth: Codable, Sendable, Equatable {
    /// The fleet's overall verdict (`status`).
    public enum Status: String, Codable, Sendable, CaseIterable, WireEnum {
        /// Every node is healthy.
        case healthy
        /// Some nodes are healthy, some are not.
        case degraded
        /// No node is healthy, and at least one is unhealthy or offline.
        case unhealthy
        /// No node has reported yet.
        case unknown
        /// No node is registered.
        case empty

        /// The verdict for `healthy` healthy nodes and `unknown` nodes without a report, out of
        /// `total`.
        public init(healthy: Int, unknown: Int = 0, total: Int) {
            if total == 0 {
                self = .empty
            } else if healthy == total {
                self = .healthy
            } else if unknown == total {
                self = .unknown
            } else if healthy == 0 && unknown == 0 {
                self = .unhealthy
            } else {
                self = .degraded
            }
        }

        /// Decodes a status; anything else is `invalid_value` listing the allowed ones.
        public init(from decoder: any Decoder) throws {
            try self.init(wireValueFrom: decoder)
        }
    }

    /// `status`: healthy, degraded, unhealthy, unknown or empty.
    public var status: Status
    /// `total` registered nodes.
    public var total: Int
    /// `healthy` nodes.
    public var healthy: Int
    /// `unhealthy` nodes (online, latest report not healthy).
    public var unhealthy: Int
    /// `offline` nodes. Nodes in state `unknown` are in `total` only.
    public var offline: Int
    /// `nodes`: each node's latest state.
    public var nodes: [NodeHealth]

    /// Summarises `nodes`: counts per state, and a ``Status`` that is `empty` with no nodes,
    /// `healthy` when all are healthy, `unhealthy` when none is, `degraded` otherwise
    /// (an `unknown` or `offline` node is not healthy).
    public init(nodes: [NodeHealth]) {
        let healthy = nodes.count { $0.state == .healthy }
        self.total = nodes.count
        self.healthy = healthy
        self.unhealthy = nodes.count { $0.state == .unhealthy }
        self.offline = nodes.count { $0.state == .offline }
        self.nodes = nodes
        self.status = Status(healthy: healthy, unknown: nodes.count { $0.state == .unknown }, total: nodes.count)
    }
}
