/// The agent's answer to `POST /updates/available`: which job, and whether it was new
/// (`accepted`) or already known (`known`, not run twice).
struct AnnouncementReceipt: Encodable, Sendable {
    let jobID: String
    let status: String

    enum CodingKeys: String, CodingKey {
        case jobID = "job_id"
        case status
    }
}
