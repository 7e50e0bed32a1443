import FoundationEssentials

/// One administrative action: who did what, when.
public struct AuditEntry: Sendable, Equatable {
    public var at: Date
    /// Who asked: an authenticated identity, or the peer address on plain CoAP.
    public var actor: String
    /// What, e.g. `job.create`, `system.restart`.
    public var action: String
    /// The object acted on and anything worth keeping.
    public var detail: String

    public init(at: Date, actor: String, action: String, detail: String) {
        self.at = at
        self.actor = actor
        self.action = action
        self.detail = detail
    }
}
