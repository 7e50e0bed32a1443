/// One job with every target node's state: the answer to `{"action":"status"}` and the
/// representation of `/updates/{job_id}/status`.
public struct JobStatus: Codable, Sendable, Equatable {
    /// `job_id`.
    public var jobID: String
    /// `name` of the job.
    public var name: String
    /// `version` being installed.
    public var version: String
    /// `package_type`.
    public var packageType: PackageType
    /// `state` of the job.
    public var state: JobState
    /// `created_at` (ISO 8601 UTC).
    public var createdAt: String
    /// `updated_at` (ISO 8601 UTC).
    public var updatedAt: String
    /// `target_nodes`: the node ids the job targets (`["all"]` resolved when the job was created).
    public var targetNodes: [String]
    /// `nodes`: each resolved target node's standing.
    public var nodes: [NodeJobStatus]
    /// `summary`: how many nodes are in each state; every state is present, zeros included.
    public var summary: [NodeUpdateState: Int]

    /// Creates a status; `summary` is counted from `nodes`.
    public init(
        jobID: String, name: String, version: String, packageType: PackageType, state: JobState,
        createdAt: String, updatedAt: String, targetNodes: [String], nodes: [NodeJobStatus]
    ) {
        self.jobID = jobID
        self.name = name
        self.version = version
        self.packageType = packageType
        self.state = state
        self.createdAt = createdAt
        self.updatedAt = updatedAt
        self.targetNodes = targetNodes
        self.nodes = nodes
        self.summary = Self.summary(of: nodes)
    }

    enum CodingKeys: String, CodingKey {
        case jobID = "job_id"
        case name
        case version
        case packageType = "package_type"
        case state
        case createdAt = "created_at"
        case updatedAt = "updated_at"
        case targetNodes = "target_nodes"
        case nodes
        case summary
    }

    /// Counts `nodes` per state, with a zero for every state no node is in.
    public static func summary(of nodes: [NodeJobStatus]) -> [NodeUpdateState: Int] {
        var counts = Dictionary(uniqueKeysWithValues: NodeUpdateState.allCases.map { ($0, 0) })
        for node in nodes {
            counts[node.state, default: 0] += 1
        }
        return counts
    }
}
