import FleetModel
import FoundationEssentials

/// One target node's part of a job with the job's own state and timestamps, as
/// ``FleetStore/updateJobNode(_:_:_:)`` reads them without loading the other nodes' parts.
public struct JobNodeChange: Sendable {
    public let jobID: String
    public let nodeID: String
    public var jobState: JobState
    public var jobUpdatedAt: Date
    /// The node's part; nil when the node is not a target of the job (and then it stays so).
    public var node: StoredNodeState?
    /// How many target nodes are in each state, this node counted as it was read.
    public let summary: [NodeUpdateState: Int]

    public init(
        jobID: String, nodeID: String, jobState: JobState, jobUpdatedAt: Date, node: StoredNodeState?,
        summary: [NodeUpdateState: Int]
    ) {
        self.jobID = jobID
        self.nodeID = nodeID
        self.jobState = jobState
        self.jobUpdatedAt = jobUpdatedAt
        self.node = node
        self.summary = summary
    }
}
