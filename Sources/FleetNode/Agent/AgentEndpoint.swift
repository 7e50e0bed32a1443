import CoAPCore
import FleetModel

/// The resources of the agent's own CoAP endpoint: `GET /health` and `GET /system`.
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
        ) { _ in
            AgentResponses.json(
                NodeSystemInfo(facts: SystemFacts.read(), agentVersion: FleetVersion.current, installedVersions: [:]))
        }
        return router
    }

    /// The answer while the agent is going away.
    private static var gone: CoAPResponse {
        AgentResponses.error(.serviceUnavailable, "stopping", "the node agent is stopping")
    }
}
