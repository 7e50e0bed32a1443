import CoAPCore
import FleetStore

/// Who may do what once security is on: administrative actions and reads of the whole fleet
/// need the `admin` role; a node speaks and reads only for itself, its jobs and their artifacts. Plain requests never get this far (see `FleetService`); with
/// security off every check passes.
extension FleetContext {
    /// Throws 4.03 (and audits the refusal) unless the request comes from an admin identity.
    func requireAdmin(_ request: CoAPRequest, for action: String) throws {
        guard let keys else { return }
        let identity = try authenticated(request)
        guard keys.role(of: identity) == .admin else {
            try refuse(request, identity, "\(action) needs the admin role; \(identity) is not an admin")
        }
    }

    /// Throws 4.03 (and audits the refusal) unless the request comes from the node `nodeID`
    /// itself or from an admin: a node cannot register, report or speak for another.
    func requireSpeaker(_ request: CoAPRequest, for nodeID: String) throws {
        guard let keys else { return }
        let identity = try authenticated(request)
        let role = keys.role(of: identity)
        guard role == .admin || (role == .node && identity == nodeID) else {
            try refuse(request, identity, role == nil
                ? "\(identity) has no role here: provision it first" : "\(identity) may speak only for itself, not for node \(nodeID)")
        }
    }

    /// Throws 4.03 (audited) unless the request comes from an admin, or from a node for which
    /// `concernsNode` holds (a job that targets it, an artifact such a job installs).
    func requireAdminOrNode(_ request: CoAPRequest, for action: String, _ concernsNode: (String) throws -> Bool) throws {
        guard let keys else { return }
        let identity = try authenticated(request)
        let role = keys.role(of: identity)
        if role == .admin { return }
        guard role == .node, try concernsNode(identity) else {
            try refuse(request, identity, "\(action) needs the admin role, or a node it concerns; \(identity) is neither")
        }
    }

    /// The request's DTLS identity; 4.01 without one.
    private func authenticated(_ request: CoAPRequest) throws -> String {
        guard request.peer.isSecure, let identity = request.identity else {
            throw FleetFailure(.unauthorized, "unauthorized", "this server needs coaps:// with credentials")
        }
        return identity
    }

    private func refuse(_ request: CoAPRequest, _ identity: String, _ detail: String) throws -> Never {
        try store.audit(AuditEntry(at: now, actor: identity, action: "auth.denied", detail: "\(request.method) /\(request.path): \(detail)"))
        logger.warning("refused \(request.method) /\(request.path) from \(identity): \(detail)")
        throw FleetFailure(.forbidden, "forbidden", detail)
    }
}
