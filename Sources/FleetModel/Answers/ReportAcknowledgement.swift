/// The answer to a node's progress report (`{"action":"report"}` at `POST /updates`): the
/// node's part as recorded and the job's state that follows. Small on purpose: a node reports
/// often, and the whole job's status (one entry per target) would take many blocks.
public struct ReportAcknowledgement: Codable, Sendable, Equatable {
    /// `job_id`.
    public var jobID: String
    /// `job_state`: the job's state after this report.
    public var jobState: JobState
    /// `node_id` of the reporting node.
    public var nodeID: String
    /// `state` of the node as recorded.
    public var state: NodeUpdateState
    /// `progress` as recorded.
    public var progress: Double
    /// `error` as recorded.
    public var error: String?

    public init(jobID: String, jobState: JobState, nodeID: String, state: NodeUpdateState, progress: Double, error: String?) {
        self.jobID = jobID
        self.jobState = jobState
        self.nodeID = nodeID
        self.state = state
        self.progress = progress
        self.error = error
    }

    enum CodingKeys: String, CodingKey {
        case jobID = "job_id"
        case jobState = "job_state"
        case nodeID = "node_id"
        case state
        case progress
        case error
    }
}
