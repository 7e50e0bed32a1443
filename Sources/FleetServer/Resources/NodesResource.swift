import CoAPCore
import FleetModel
import FleetStore

/// `/nodes`: list, register (2.01 new, 2.04 known) and remove nodes.
enum NodesResource {
    static func resource(_ context: FleetContext) -> CoAPResource {
        let limit = context.configuration.maxRequestSize
        return CoAPResource(
            "nodes", attributes: LinkAttributes(resourceType: "fleet.nodes", interface: "core.b", contentFormats: [.json]),
            maxBodySize: limit,
            handlers: [
                .get: fleetHandler(context.logger) { request in
                    try context.requireAdmin(request, for: "listing nodes")
                    let now = context.now
                    let installed = try context.store.installedVersions()
                    let nodes = try context.store.nodes().map { node in
                        NodeSummary(
                            registration: node.registration, lastSeen: UTCTimestamp.string(from: node.lastSeen),
                            online: NodeLiveness.isOnline(lastSeen: node.lastSeen, healthIntervalSeconds: node.registration.healthIntervalSeconds, now: now),
                            // What the node reported, updated by the jobs it finished since.
                            installedVersions: node.registration.installedVersions.merging(installed[node.id] ?? [:]) { _, job in job },
                            address: node.address)
                    }
                    return FleetResponses.json(nodes)
                },
                .post: fleetHandler(context.logger) { request in
                    let registration = try request.decode(NodeRegistration.self, sizeLimit: limit)
                    try context.requireSpeaker(request, for: registration.nodeID)
                    let isNew = try context.store.registerNode(registration, address: request.peer.host, at: context.now)
                    context.logger.info("\(isNew ? "registered" : "re-registered") node \(registration.nodeID) at \(request.peer)")
                    context.notify("health", "nodes/\(registration.nodeID)/health")
                    let pending = try PendingJobs.announcements(for: registration.nodeID, context)
                    return FleetResponses.acknowledgement(
                        NodeAcknowledgement(nodeID: registration.nodeID, status: isNew ? "registered" : "updated", pendingJobs: pending),
                        code: isNew ? .created : .changed)
                },
                .delete: fleetHandler(context.logger) { request in
                    let removal = try request.decode(NodeRemoval.self, sizeLimit: limit)
                    try context.requireAdmin(request, for: "removing a node")
                    guard let jobs = try context.store.removeNode(removal.nodeID, at: context.now) else {
                        throw FleetFailure.notFound("node", removal.nodeID)
                    }
                    try context.audit(request, "node.delete", removal.nodeID)
                    context.notify("health", "nodes/\(removal.nodeID)/health", "nodes/\(removal.nodeID)/metrics")
                    for job in jobs { context.notify("updates/\(job)/status") }
                    return FleetResponses.acknowledgement(NodeAcknowledgement(nodeID: removal.nodeID, status: "deleted", pendingJobs: []), code: .deleted)
                },
            ])
    }
}
