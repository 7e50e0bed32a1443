import FleetModel

/// Installs one kind of package (pip, file or firmware, apt) in two steps, so a crash between
/// them cannot lose the way back: ``prepare(_:artifact:)`` records what will change (the agent
/// persists it), then ``apply(_:artifact:rollback:)`` changes the system and checks it.
protocol Installer: Sendable {
    /// Records what installing `job` will change and how to undo it; changes nothing.
    func prepare(_ job: UpdateAnnouncement, artifact: String?) async throws(InstallFailure) -> RollbackPoint
    /// Installs `job` (from the verified `artifact`, if any), runs its post-install and health
    /// check, and undoes the change by `rollback` when they fail. Safe to run again after a crash.
    func apply(_ job: UpdateAnnouncement, artifact: String?, rollback: RollbackPoint) async -> InstallOutcome
}

/// How an install ended.
enum InstallOutcome: Sendable, Equatable {
    /// Installed and checked.
    case succeeded
    /// Not installed; the system is as it was, unless the message says otherwise.
    case failed(String)
    /// Installed, then a check failed and the previous version is back.
    case rolledBack(String)
}

/// An install that could not start, and why; nothing was changed.
struct InstallFailure: Error, CustomStringConvertible {
    let description: String

    init(_ description: String) { self.description = description }
}
