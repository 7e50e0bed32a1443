import CoAPCore
import FleetModel
import FleetStore
import FoundationEssentials

/// `/health` (fleet summary, observable; a node's report with PUT), and each node's
/// `/nodes/{id}/health` and `/nodes/{id}/metrics` (observable).
enum HealthResource {
    /// Samples `/nodes/{id}/metrics` returns.
    static let metricsSamples = 60

    static func fleet(_ context: FleetContext) -> CoAPResource {
        let limit = context.configuration.maxRequestSize
        return CoAPResource(
            "health", observable: true,
            attributes: LinkAttributes(resourceType: "fleet.health", interface: "core.s", contentFormats: [.json]),
            maxBodySize: limit,
            handlers: [
                .get: fleetHandler(context.logger) { request in
                    try context.requireAdmin(request, for: "reading the fleet's health")
                    return FleetResponses.json(try summary(context))
                },
                .put: fleetHandler(context.logger) { request in
                    let report = try request.decode(HealthReport.self, sizeLimit: limit)
                    try context.requireSpeaker(request, for: report.nodeID)
                    // Kept as received: it decoded and validated, and encoding it again would cost
                    // as much as the rest of the transaction.
                    let json = String(decoding: request.payload, as: UTF8.self)
                    guard try context.store.recordHealth(
                        report, json: json, at: context.now, retention: context.configuration.healthRetention) else {
                        throw FleetFailure(.notFound, "unknown_node", "node '\(report.nodeID)' is not registered: register with POST /nodes first")
                    }
                    context.notify("health", "nodes/\(report.nodeID)/health", "nodes/\(report.nodeID)/metrics")
                    let pending = try PendingJobs.announcements(for: report.nodeID, context)
                    return FleetResponses.acknowledgement(
                        NodeAcknowledgement(nodeID: report.nodeID, status: "recorded", pendingJobs: pending), code: .changed)
                },
            ])
    }

    static func node(_ context: FleetContext) -> CoAPResource {
        CoAPResource(
            "nodes/{id}/health", observable: true,
            attributes: LinkAttributes(resourceType: "fleet.node.health", interface: "core.s", contentFormats: [.json]),
            handlers: [.get: fleetHandler(context.logger) { request in
                let id = request.pathParameters["id"]!
                try context.requireSpeaker(request, for: id)
                guard let node = try context.store.node(id) else { throw FleetFailure.notFound("node", id) }
                let latest = try context.store.healthHistory(of: id, limit: 1).last
                return FleetResponses.json(health(of: node, latest: latest, now: context.now))
            }])
    }

    static func metrics(_ context: FleetContext) -> CoAPResource {
        CoAPResource(
            "nodes/{id}/metrics", observable: true,
            attributes: LinkAttributes(resourceType: "fleet.node.metrics", interface: "core.s", contentFormats: [.json]),
            handlers: [.get: fleetHandler(context.logger) { request in
                let id = request.pathParameters["id"]!
                try context.requireSpeaker(request, for: id)
                guard try context.store.node(id) != nil else { throw FleetFailure.notFound("node", id) }
                let samples = try context.store.healthHistory(of: id, limit: metricsSamples).map {
                    MetricSample(at: UTCTimestamp.string(from: $0.receivedAt), report: $0.report)
                }
                return FleetResponses.json(NodeMetrics(nodeID: id, samples: samples))
            }])
    }

    /// The fleet summary: every node's latest state.
    static func summary(_ context: FleetContext) throws -> FleetHealth {
        let latest = try context.store.latestHealth()
        let now = context.now
        return FleetHealth(nodes: try context.store.nodes().map { health(of: $0, latest: latest[$0.id], now: now) })
    }

    static func health(of node: StoredNode, latest: StoredHealth?, now: Date) -> NodeHealth {
        let state = NodeHealthState.assess(
            lastSeen: node.lastSeen, latestReportHealthy: latest?.report.overallHealthy,
            healthIntervalSeconds: node.registration.healthIntervalSeconds, now: now)
        guard let latest else { return NodeHealth(nodeID: node.id, state: state) }
        return NodeHealth(state: state, lastReport: UTCTimestamp.string(from: latest.receivedAt), report: latest.report)
    }
}
