/// What an operator sends to remove a node: `DELETE /nodes` with `{"node_id": …}`.
public struct NodeRemoval: Codable, Sendable, Equatable, ValidatedPayload {
    /// `node_id` of the node to remove. Required.
    public var nodeID: String

    /// Creates a removal request.
    public init(nodeID: String) {
        self.nodeID = nodeID
    }

    enum CodingKeys: String, CodingKey {
        case nodeID = "node_id"
    }

    /// Checks `node_id`.
    public func validate() throws(PayloadError) {
        try FleetIdentifier.check(nodeID, field: CodingKeys.nodeID.rawValue)
    }
}
