import CoAPCore
import FleetModel

/// The resources of the agent's own CoAP endpoint: `GET /health`, `GET /system` and
/// `POST /updates/available`.
enum AgentEndpoint {
    /// The router for `agent`'s endpoint; handlers hold the agent weakly so a dropped agent is not kept alive.
    static func router(_ agent: NodeAgent) -> CoAPRouter {
        var router = CoAPRouter()
        router.on(
            .get, "health",
            attributes: LinkAttributes(
                resourceType: "fleet.node.health", interface: "core.s", contentFormats: [.json], title: "node health")
        ) { [weak agent] _ in
            guard let agent else { return gone }
            return AgentResponses.json(agent.currentReport())
        }
        router.on(
            .get, "system",
            attributes: LinkAttributes(
                resourceType: "fleet.node.system", interface: "core.rp", contentFormats: [.json], title: "node facts")
        ) { [weak agent] _ in
            guard let agent else { return gone }
            return AgentResponses.json(
                NodeSystemInfo(facts: SystemFacts.read(), agentVersion: FleetVersion.current, installedVersions: agent.installedVersions(),
                               drivers: LoadedModules.report(agent.configuration.drivers)))
        }
        router.on(
            .post, "updates/available",
            attributes: LinkAttributes(resourceType: "fleet.node.updates", interface: "core.p", contentFormats: [.json],
                                       title: "job announcements"),
            maxBodySize: maximumAnnouncementSize
        ) { [weak agent] request in
            guard let agent else { return gone }
            return announce(request, to: agent)
        }
        return router
    }

    /// The largest announcement taken, in bytes.
    static let maximumAnnouncementSize = 16 * 1024

    /// Validates an announcement from the configured server and records it: 2.04 `accepted`
    /// for a new job, 2.04 `known` for one the node already has (it is not run twice), 4.03 from
    /// anyone else: over DTLS, a peer authenticated as someone other than the server's
    /// identity; over plain CoAP, a peer at another address.
    private static func announce(_ request: CoAPRequest, to agent: NodeAgent) -> CoAPResponse {
        // Only the configured server announces; jobs it sends also arrive in the answers the
        // agent gets from it, so a refused announcement loses nothing.
        if request.peer.isSecure {
            let server = agent.configuration.serverIdentity
            guard request.identity == server else {
                return AgentResponses.error(
                    .forbidden, "forbidden", "announcements are taken only from \(server), not from \(request.identity ?? "an unnamed peer")")
            }
        } else if !agent.isServer(request.peer.host) {
            return AgentResponses.error(
                .forbidden, "forbidden", "announcements are taken only from the configured server, not from \(request.peer.host)")
        }
        let announcement: UpdateAnnouncement
        do {
            announcement = try Payload.decode(UpdateAnnouncement.self, from: request.payload, sizeLimit: maximumAnnouncementSize)
        } catch {
            return AgentResponses.error(
                error.code == .tooLarge ? .requestEntityTooLarge : .badRequest, error.code.rawValue, error.detail)
        }
        do {
            guard let acceptance = try agent.receive(announcement, from: request.identity ?? request.peer.host) else { return gone }
            return AgentResponses.json(AnnouncementReceipt(jobID: announcement.jobID, status: acceptance.rawValue), code: .changed)
        } catch {
            return AgentResponses.error(.internalServerError, "storage_failed", "the job could not be recorded: \(error)")
        }
    }

    /// The answer while the agent is going away.
    private static var gone: CoAPResponse {
        AgentResponses.error(.serviceUnavailable, "stopping", "the node agent is stopping")
    }
}
