/// Where an update job is as a whole.
///
/// `created → installing → completed | partially_failed | failed`, and `cancelled` from any
/// non-final state. Once installing, the outcome follows from the nodes' states: see
/// ``derived(from:current:)``.
public enum JobState: String, Codable, Sendable, CaseIterable, WireEnum, TableDrivenState {
    /// Described, not yet triggered.
    case created
    /// Triggered; nodes are being updated.
    case installing
    /// Every target node succeeded. Final.
    case completed
    /// Some target nodes succeeded, others did not. Final.
    case partiallyFailed = "partially_failed"
    /// No target node succeeded. Final.
    case failed
    /// An operator cancelled the job. Final.
    case cancelled

    /// `"job"`.
    public static let machineName = "job"

    /// Every legal move to a different state:
    ///
    /// | from | to |
    /// |---|---|
    /// | created | installing, cancelled |
    /// | installing | completed, partially_failed, failed, cancelled |
    /// | completed, partially_failed, failed, cancelled | nothing (final) |
    public static let legalTransitions: [JobState: Set<JobState>] = [
        .created: [.installing, .cancelled],
        .installing: [.completed, .partiallyFailed, .failed, .cancelled],
        .completed: [],
        .partiallyFailed: [],
        .failed: [],
        .cancelled: [],
    ]

    /// Decodes a state; anything else is `invalid_value` listing the allowed ones.
    public init(from decoder: any Decoder) throws {
        try self.init(wireValueFrom: decoder)
    }

    /// The job state the target nodes' states imply.
    ///
    /// - A final job (`completed`, `partially_failed`, `failed`, `cancelled`) stays as it is.
    /// - A `created` job stays `created` until an install moves it (``apply(_:)``).
    /// - An `installing` job stays `installing` while any node is not final. When every node
    ///   is final it is `completed` if all succeeded, `failed` if none did, and
    ///   `partially_failed` otherwise. A cancelled, failed or rolled-back node counts as not
    ///   succeeded. A job with no target nodes has nothing left to do: `completed`.
    ///
    /// Cancelling the job itself is a move (`apply(.cancelled)`), not a derivation.
    public static func derived(from nodeStates: [NodeUpdateState], current: JobState) -> JobState {
        derived(from: nodeStates.reduce(into: [:]) { $0[$1, default: 0] += 1 }, current: current)
    }

    /// The same derivation from how many nodes are in each state (zero counts allowed).
    public static func derived(from summary: [NodeUpdateState: Int], current: JobState) -> JobState {
        guard current == .installing else { return current }
        guard summary.allSatisfy({ $0.key.isFinal || $0.value == 0 }) else { return .installing }
        let total = summary.values.reduce(0, +)
        let succeeded = summary[.succeeded] ?? 0
        if succeeded == total { return .completed }
        return succeeded == 0 ? .failed : .partiallyFailed
    }
}
