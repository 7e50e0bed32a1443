import FleetModel
import Glibc

/// What the agent keeps on disk about one job: the announcement, where the node is in it, what
/// it must restore if the install fails, and the reports the server has not acknowledged yet.
/// One file per job in the state directory; it survives restarts.
struct JobRecord: Codable, Sendable, Equatable {
    /// The job as the server announced it.
    var announcement: UpdateAnnouncement
    /// The node's state in the job.
    var state: NodeUpdateState
    /// Progress within ``state``, 0…100.
    var progress: Double
    /// What went wrong, for failed and rolled-back jobs.
    var error: String?
    /// What the install changes and how to undo it; set before anything is changed.
    var rollback: RollbackPoint?
    /// Reports not yet acknowledged by the server, oldest first; at most one per state.
    var outbox: [Report]
    /// When the job reached its final state (seconds since 1970), for pruning old records.
    var finishedAt: Double?

    /// One report to the server.
    struct Report: Codable, Sendable, Equatable {
        var state: NodeUpdateState
        var progress: Double
        var error: String?
    }

    /// A new record for a job just learned of.
    init(announcement: UpdateAnnouncement) {
        self.announcement = announcement
        state = .notified
        progress = 0
        outbox = []
    }

    /// The job id.
    var jobID: String { announcement.jobID }

    /// Whether the node is done with the job (succeeded, failed, rolled back or cancelled).
    var isFinished: Bool { state.isFinal }

    /// Moves to `state` with `progress` and queues the report; a newer report of the same state
    /// replaces the queued one, since only the latest progress matters.
    mutating func advance(to state: NodeUpdateState, progress: Double, error: String? = nil) {
        self.state = state
        self.progress = progress
        self.error = error
        if state.isFinal, finishedAt == nil {
            var now = timespec()
            clock_gettime(CLOCK_REALTIME, &now)
            finishedAt = Double(now.tv_sec) + Double(now.tv_nsec) / 1e9
        }
        let report = Report(state: state, progress: progress, error: error)
        if let last = outbox.last, last.state == state {
            outbox[outbox.count - 1] = report
        } else {
            outbox.append(report)
        }
    }
}

/// What an installer changed and how to undo it, recorded before the change so that a crash
/// mid-install can still be rolled back.
enum RollbackPoint: Codable, Sendable, Equatable {
    /// A file install: the previous file kept at `previous`, or nil when there was none.
    case file(previous: String?)
    /// A pip install: each affected distribution's version before, nil when it was not installed.
    case pip(previous: [String: String?])
    /// Nothing can be undone (apt).
    case none
}
