/// A payload-based action on update jobs: `POST /updates` with an `action` field.
///
/// On the wire: `{"action":"install","job_id":"…"}`, likewise `status` and `cancel`, and
/// `{"action":"report","job_id":"…","node_id":"…","state":"…","progress":40,"error":"…"}`.
public enum UpdateAction: Codable, Sendable, Equatable, ValidatedPayload {
    /// Trigger a `created` job.
    case install(jobID: String)
    /// Ask for a job's ``JobStatus``.
    case status(jobID: String)
    /// Cancel a job that is not final.
    case cancel(jobID: String)
    /// A node's progress on a job.
    case report(NodeProgressReport)

    /// The `action` values.
    enum Name: String, WireEnum {
        case install, status, cancel, report
    }

    enum CodingKeys: String, CodingKey {
        case action
        case jobID = "job_id"
    }

    /// The job the action is about.
    public var jobID: String {
        switch self {
        case .install(let jobID), .status(let jobID), .cancel(let jobID): jobID
        case .report(let report): report.jobID
        }
    }

    /// Decodes an action; an unknown `action` is `unknown_action` listing the known ones.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let name = try container.decodeAction(Name.self, forKey: .action)
        switch name {
        case .install: self = .install(jobID: try container.decode(String.self, forKey: .jobID))
        case .status: self = .status(jobID: try container.decode(String.self, forKey: .jobID))
        case .cancel: self = .cancel(jobID: try container.decode(String.self, forKey: .jobID))
        case .report: self = .report(try NodeProgressReport(from: decoder))
        }
    }

    /// Encodes the action with its `action` field.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        switch self {
        case .install(let jobID):
            try container.encode(Name.install.rawValue, forKey: .action)
            try container.encode(jobID, forKey: .jobID)
        case .status(let jobID):
            try container.encode(Name.status.rawValue, forKey: .action)
            try container.encode(jobID, forKey: .jobID)
        case .cancel(let jobID):
            try container.encode(Name.cancel.rawValue, forKey: .action)
            try container.encode(jobID, forKey: .jobID)
        case .report(let report):
            try container.encode(Name.report.rawValue, forKey: .action)
            try report.encode(to: encoder)
        }
    }

    /// Checks `job_id`, and for a report everything ``NodeProgressReport/validate()`` checks.
    public func validate() throws(PayloadError) {
        switch self {
        case .install(let jobID), .status(let jobID), .cancel(let jobID):
            try FleetIdentifier.check(jobID, field: CodingKeys.jobID.rawValue)
        case .report(let report):
            try report.validate()
        }
    }
}
