/// A node's report on one job, the body of `{"action":"report", …}` at `POST /updates`.
public struct NodeProgressReport: Codable, Sendable, Equatable, ValidatedPayload {
    /// The longest `error` accepted, in UTF-8 bytes.
    public static let maximumErrorLength = 2048

    /// `job_id` being reported on. Required.
    public var jobID: String
    /// `node_id` of the reporting node. Required.
    public var nodeID: String
    /// `state` the node is now in. Required; an unknown state is `invalid_value`.
    public var state: NodeUpdateState
    /// `progress` within the current state, 0…100 (an integer or a fraction). Required.
    public var progress: Double
    /// `error`: what went wrong, for `failed` and `rolled_back`.
    public var error: String?

    /// Creates a report.
    public init(jobID: String, nodeID: String, state: NodeUpdateState, progress: Double, error: String? = nil) {
        self.jobID = jobID
        self.nodeID = nodeID
        self.state = state
        self.progress = progress
        self.error = error
    }

    enum CodingKeys: String, CodingKey {
        case jobID = "job_id"
        case nodeID = "node_id"
        case state
        case progress
        case error
    }

    /// Checks both ids, `progress` (0…100) and the length of `error`.
    public func validate() throws(PayloadError) {
        try FleetIdentifier.check(jobID, field: CodingKeys.jobID.rawValue)
        try FleetIdentifier.check(nodeID, field: CodingKeys.nodeID.rawValue)
        try FieldRules.percentage(progress, field: CodingKeys.progress.rawValue)
        if let error, error.utf8.count > Self.maximumErrorLength {
            throw .invalid(CodingKeys.error.rawValue, "must be at most \(Self.maximumErrorLength) bytes long")
        }
    }
}
