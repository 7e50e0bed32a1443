import CoAPCore
import FleetModel
import FleetStore
import FoundationEssentials
import Synchronization

/// What every fleet resource shares: configuration, store, artifact files, announcer, the
/// clock, and the way to notify observers.
final class FleetContext: Sendable {
    let configuration: FleetServerConfiguration
    let store: any FleetStore
    let artifacts: ArtifactFiles
    let logger: Logger
    let announcer: Announcer
    /// The PSK identities and their roles; nil when security is off.
    let keys: PSKKeyStore?
    let startedAt: Date
    /// Asked to restart or stop the process; the executable decides how.
    let lifecycle: @Sendable (FleetService.LifecycleRequest) -> Void
    private let server = Mutex<CoAPServer?>(nil)

    init(
        configuration: FleetServerConfiguration, store: any FleetStore, artifacts: ArtifactFiles, logger: Logger,
        announcer: Announcer, keys: PSKKeyStore?, lifecycle: @escaping @Sendable (FleetService.LifecycleRequest) -> Void
    ) {
        self.configuration = configuration
        self.store = store
        self.artifacts = artifacts
        self.logger = logger
        self.announcer = announcer
        self.keys = keys
        self.lifecycle = lifecycle
        self.startedAt = Date()
    }

    /// The current time.
    var now: Date { Date() }

    /// Connects the server once it runs.
    func attach(_ server: CoAPServer?) {
        self.server.withLock { $0 = server }
    }

    /// Tells the observers of these paths that their state changed.
    func notify(_ paths: String...) {
        guard let server = server.withLock({ $0 }) else { return }
        for path in paths { server.notify(path) }
    }

    /// Ends the DTLS sessions authenticated as `identity` (a revoked node), after the answer
    /// being built now has gone out.
    func closeSessions(of identity: String) {
        guard let server = server.withLock({ $0 }) else { return }
        Task { await server.closeSessions(of: identity) }
    }

    /// Records an administrative action.
    func audit(_ request: CoAPRequest, _ action: String, _ detail: String) throws {
        try store.audit(AuditEntry(at: now, actor: request.actor, action: action, detail: detail))
    }
}
