import FleetModel
import FoundationEssentials

/// An update job with the state of each of its target nodes.
public struct StoredJob: Sendable, Equatable {
    public var id: String
    /// What the operator asked for.
    public var creation: UpdateCreation
    public var state: JobState
    public var createdAt: Date
    public var updatedAt: Date
    /// Every target node, by node id.
    public var nodes: [String: StoredNodeState]

    public init(id: String, creation: UpdateCreation, state: JobState, createdAt: Date, updatedAt: Date, nodes: [String: StoredNodeState]) {
        self.id = id
        self.creation = creation
        self.state = state
        self.createdAt = createdAt
        self.updatedAt = updatedAt
        self.nodes = nodes
    }
}

/// Where one node is in one job.
public struct StoredNodeState: Sendable, Equatable {
    public var state: NodeUpdateState
    /// 0 … 100.
    public var progress: Double
    public var error: String?
    public var updatedAt: Date

    public init(state: NodeUpdateState, progress: Double = 0, error: String? = nil, updatedAt: Date) {
        self.state = state
        self.progress = progress
        self.error = error
        self.updatedAt = updatedAt
    }
}
