import CoAPCore
import FleetModel

/// `/nodes/{id}/key`: an admin provisions a node's pre-shared key (POST: a new random key,
/// answered once) or revokes it (DELETE: its open DTLS sessions are closed and new handshakes
/// with it fail). Only with `--security psk` or `pki`.
enum NodeKeyResource {
    /// The answer to a provisioning: the identity and the key, shown this once.
    struct Provisioned: Encodable {
        let nodeID: String
        let pskIdentity: String
        /// The key, in PSK mode; nil in PKI mode, where the node's certificate name is its identity.
        let pskKey: String?

        enum CodingKeys: String, CodingKey {
            case nodeID = "node_id"
            case pskIdentity = "psk_identity"
            case pskKey = "psk_key"
        }
    }

    static func resource(_ context: FleetContext) -> CoAPResource {
        CoAPResource(
            "nodes/{id}/key", attributes: LinkAttributes(resourceType: "fleet.node.key", interface: "core.p", contentFormats: [.json]),
            handlers: [
                .post: fleetHandler(context.logger) { request in
                    let (id, keys) = try target(request, context, "provisioning a node key")
                    var key: String?
                    if context.configuration.security == .pki {
                        try keys.addCertificateName(id, role: .node)
                    } else {
                        key = try keys.add(id, role: .node)
                    }
                    try context.audit(request, "node.provision", id)
                    return FleetResponses.json(Provisioned(nodeID: id, pskIdentity: id, pskKey: key), code: .created)
                },
                .delete: fleetHandler(context.logger) { request in
                    let (id, keys) = try target(request, context, "revoking a node key")
                    guard try keys.remove(id) else { throw FleetFailure.notFound("node key", id) }
                    try context.audit(request, "node.revoke", id)
                    context.closeSessions(of: id)
                    return CoAPResponse(code: .deleted)
                },
            ])
    }

    /// The node id of the path and the key store, once the caller is known to be an admin.
    private static func target(_ request: CoAPRequest, _ context: FleetContext, _ action: String) throws -> (String, PSKKeyStore) {
        guard let keys = context.keys else {
            throw FleetFailure(.conflict, "security_off", "node keys exist only when the server runs with --security psk or pki")
        }
        try context.requireAdmin(request, for: action)
        let id = request.pathParameters["id"]!
        do {
            try FleetIdentifier.check(id, field: "id")
        } catch {
            throw FleetFailure(error)
        }
        return (id, keys)
    }
}
