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

extension NodeAcknowledgement {
    /// The JSON of the answer, as ``Payload/encode(_:)`` writes it. The common answer (no
    /// pending jobs, identifier and status in plain characters, which JSON need not escape) is
    /// written directly: it answers every health report, and the encoder costs more than the
    /// rest of the answer.
    public var encoded: [UInt8] {
        get throws {
            let plain = { (text: String) in
                !text.isEmpty && text.utf8.allSatisfy { $0 >= 0x20 && $0 < 0x7F && $0 != UInt8(ascii: "\"") && $0 != UInt8(ascii: "\\") }
            }
            guard pendingJobs.isEmpty, plain(nodeID), plain(status) else { return try Payload.encode(self) }
            return Array(#"{"node_id":"\#(nodeID)","pending_jobs":[],"status":"\#(status)"}"#.utf8)
        }
    }
}
