/// The answer to a node's registration (`POST /nodes`), health report (`PUT /health`) and
/// removal: the node, what happened, and the jobs it has not yet acknowledged, so a node that
/// missed an announcement while offline learns of it here.
public struct NodeAcknowledgement: Codable, Sendable, Equatable {
    public var nodeID: String
    /// `registered`, `updated`, `recorded` or `deleted`.
    public var status: String
    /// Jobs this node is a target of and has not reported on yet.
    public var pendingJobs: [UpdateAnnouncement]

    public init(nodeID: String, status: String, pendingJobs: [UpdateAnnouncement]) {
        self.nodeID = nodeID
        self.status = status
        self.pendingJobs = pendingJobs
    }

    enum CodingKeys: String, CodingKey {
        case nodeID = "node_id"
        case status
        case pendingJobs = "pending_jobs"
    }
}
