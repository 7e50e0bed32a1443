/// Where one node is in one update job, in the spirit of the LwM2M firmware-update object.
///
/// The happy path is `pending → notified → downloading → downloaded → installing → succeeded`;
/// `failed`, `rolled_back` and `cancelled` end it early. ``legalTransitions`` lists every
/// move; repeating a state is always accepted (see ``TableDrivenState``).
public enum NodeUpdateState: String, Codable, Sendable, CaseIterable, CodingKeyRepresentable, WireEnum,
    TableDrivenState
{
    /// The job is installing but the node has not been told yet (it may be offline).
    case pending
    /// The server announced the job at the node's `/updates/available`.
    case notified
    /// The node is fetching what it needs; repeated with growing progress.
    case downloading
    /// Everything is fetched and verified.
    case downloaded
    /// The node is installing; repeated with growing progress.
    case installing
    /// Installed and checked. Final.
    case succeeded
    /// Something went wrong; the node's error says what. Final.
    case failed
    /// Installed, but the health check failed and the previous version is back. Final.
    case rolledBack = "rolled_back"
    /// The job was cancelled before this node finished. Final.
    case cancelled

    /// `"node update"`.
    public static let machineName = "node update"

    /// Every legal move to a different state:
    ///
    /// | from | to |
    /// |---|---|
    /// | pending | notified, downloading (the node learned of the job itself), failed, cancelled |
    /// | notified | downloading, failed, cancelled |
    /// | downloading | downloaded, failed, cancelled |
    /// | downloaded | installing, failed, cancelled |
    /// | installing | succeeded, failed, rolled_back, cancelled |
    /// | succeeded, failed, rolled_back, cancelled | nothing (final) |
    public static let legalTransitions: [NodeUpdateState: Set<NodeUpdateState>] = [
        .pending: [.notified, .downloading, .failed, .cancelled],
        .notified: [.downloading, .failed, .cancelled],
        .downloading: [.downloaded, .failed, .cancelled],
        .downloaded: [.installing, .failed, .cancelled],
        .installing: [.succeeded, .failed, .rolledBack, .cancelled],
        .succeeded: [],
        .failed: [],
        .rolledBack: [],
        .cancelled: [],
    ]

    /// Decodes a state; anything else is `invalid_value` listing the allowed ones.
    public init(from decoder: any Decoder) throws {
        try self.init(wireValueFrom: decoder)
    }
}
