/// The answer to creating a job: `{"job_id": "…", "state": "created"}`.
public struct JobCreated: Codable, Sendable, Equatable {
    /// `job_id` to use in later actions.
    public var jobID: String
    /// `state` of the new job (`created`).
    public var state: JobState

    /// Creates the answer.
    public init(jobID: String, state: JobState = .created) {
        self.jobID = jobID
        self.state = state
    }

    enum CodingKeys: String, CodingKey {
        case jobID = "job_id"
        case state
    }
}
