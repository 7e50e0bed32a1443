import FoundationEssentials

/// One target node's standing in a job, as listed in ``JobStatus/nodes``.
public struct NodeJobStatus: Codable, Sendable, Equatable {
    /// `node_id`.
    public var nodeID: String
    /// `state` of this node in the job.
    public var state: NodeUpdateState
    /// `progress` within the state, 0…100.
    public var progress: Double
    /// `error`: the node's last error, if any.
    public var error: String?
    /// `updated_at`: when this entry last changed (ISO 8601 UTC, see ``UTCTimestamp``).
    public var updatedAt: String

    /// Creates an entry.
    public init(nodeID: String, state: NodeUpdateState, progress: Double = 0, error: String? = nil, updatedAt: String) {
        self.nodeID = nodeID
        self.state = state
        self.progress = progress
        self.error = error
        self.updatedAt = updatedAt
    }

    enum CodingKeys: String, CodingKey {
        case nodeID = "node_id"
        case state
        case progress
        case error
        case updatedAt = "updated_at"
    }

    /// What ``apply(_:progress:error:at:)`` did.
    public enum Update: Sendable, Equatable {
        /// The state moved; the job's state may need deriving again.
        case stateChanged(from: NodeUpdateState, to: NodeUpdateState)
        /// The state was repeated; progress, error and time were updated.
        case progressUpdated
        /// A final state was repeated: nothing changed (a retransmitted report).
        case ignored
    }

    /// Applies a report or a server decision (such as cancelling) at `time`.
    ///
    /// A legal move or a repeat of a non-final state sets `state`, `progress` (kept as it was
    /// when nil), `error` (cleared when nil) and `updated_at`. A repeated final state changes
    /// nothing.
    ///
    /// - Throws: ``TransitionError`` for an illegal move; the entry is unchanged.
    @discardableResult
    public mutating func apply(
        _ next: NodeUpdateState, progress: Double? = nil, error: String? = nil, at time: Date
    ) throws(TransitionError) -> Update {
        if next == state, state.isFinal { return .ignored }
        let change = try state.apply(next)
        self.progress = progress ?? self.progress
        self.error = error
        self.updatedAt = UTCTimestamp.string(from: time)
        switch change {
        case .unchanged: return .progressUpdated
        case .changed(let from, let to): return .stateChanged(from: from, to: to)
        }
    }
}
