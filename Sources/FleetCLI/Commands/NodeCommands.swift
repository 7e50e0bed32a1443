import FleetModel

/// `fleetctl nodes list|show ID|rm ID`.
enum NodeCommands {
    static func list(_ context: CommandContext) async throws(FleetClientError) -> ExitCode {
        let payload = try await context.client.get("nodes")
        try context.show(payload, as: [NodeSummary].self) { nodes in
            var table = TextTable(columns: [
                .init(header: "node"), .init(header: "hostname"), .init(header: "address"), .init(header: "status"),
                .init(header: "agent"), .init(header: "versions"), .init(header: "last seen"),
            ])
            for node in nodes {
                table.append([
                    node.nodeID, node.hostname ?? "-", "\(node.address ?? node.ipAddress ?? "-"):\(node.coapPort)",
                    context.style.stateColored(node.online ? "online" : "offline"), node.agentVersion ?? "-",
                    versions(node.installedVersions), context.ago(node.lastSeen),
                ])
            }
            return table.render(style: context.style)
        }
        return .success
    }

    static func show(_ context: CommandContext) async throws(FleetClientError) -> ExitCode {
        let id = context.arguments.positional("ID")
        let nodes = try await context.client.get("nodes")
        let health = try await context.client.get("nodes/\(id)/health")
        let metrics = try await context.client.get("nodes/\(id)/metrics")
        let summaries = try context.decode([NodeSummary].self, nodes)
        guard let node = summaries.first(where: { $0.nodeID == id }) else {
            throw .server(code: "4.04", error: "not_found", detail: "no node '\(id)'")
        }
        if context.json {
            let nodeJSON = try context.encode(node)
            context.output.write(#"{"health":\#(String(decoding: health, as: UTF8.self)),"metrics":\#(String(decoding: metrics, as: UTF8.self)),"node":\#(nodeJSON)}"# + "\n")
            return .success
        }
        let latest = try context.decode(NodeHealth.self, health)
        let samples = try context.decode(NodeMetrics.self, metrics).samples
        let style = context.style
        context.output.write(KeyValueList.render([
            ("node", node.nodeID),
            ("status", style.stateColored(node.online ? "online" : "offline") + ", last seen " + context.ago(node.lastSeen)),
            ("hostname", node.hostname ?? ""),
            ("address", "\(node.address ?? node.ipAddress ?? "-"):\(node.coapPort)"),
            ("agent", node.agentVersion ?? ""),
            ("reports every", "\(node.healthIntervalSeconds) s"),
            ("services", node.services.joined(separator: ", ")),
            ("drivers", node.drivers.joined(separator: ", ")),
            ("versions", versions(node.installedVersions)),
            ("health", healthLine(latest, context)),
            ("cpu", HealthCommands.percent(latest.cpuPercent)),
            ("memory", HealthCommands.percent(latest.memoryPercent)),
            ("disk", HealthCommands.percent(latest.diskPercent)),
            ("temperature", latest.temperature.map { "\(HealthCommands.oneDecimal($0))°C" } ?? "-"),
        ]))
        guard !samples.isEmpty else { return .success }
        var table = TextTable(columns: [
            .init(header: "at"), .init(header: "cpu", alignment: .right), .init(header: "mem", alignment: .right),
            .init(header: "disk", alignment: .right), .init(header: "temp", alignment: .right), .init(header: "healthy"),
        ])
        for sample in samples.suffix(10) {
            table.append([
                context.ago(sample.at), HealthCommands.percent(sample.cpuPercent), HealthCommands.percent(sample.memoryPercent),
                HealthCommands.percent(sample.diskPercent), sample.temperature.map { "\(HealthCommands.oneDecimal($0))°C" } ?? "-",
                sample.overallHealthy ? "yes" : style.red("no"),
            ])
        }
        context.output.write("\nrecent reports (\(min(samples.count, 10)) of \(samples.count)):\n" + table.render(style: style))
        return .success
    }

    static func remove(_ context: CommandContext) async throws(FleetClientError) -> ExitCode {
        let id = context.arguments.positional("ID")
        let payload = try await context.client.delete("nodes", json: ["node_id": id])
        if context.json { context.printJSON(payload) } else { context.print("removed node \(id)") }
        return .success
    }

    /// `healthy, reported 3 min ago`.
    private static func healthLine(_ health: NodeHealth, _ context: CommandContext) -> String {
        let state = context.style.stateColored(health.state.rawValue)
        guard let reported = health.lastReport else { return state }
        return "\(state), reported \(context.ago(reported))"
    }

    /// The answer to a provisioning.
    private struct Provisioned: Decodable {
        let pskIdentity: String
        let pskKey: String?

        enum CodingKeys: String, CodingKey {
            case pskIdentity = "psk_identity"
            case pskKey = "psk_key"
        }
    }

    static func provision(_ context: CommandContext) async throws(FleetClientError) -> ExitCode {
        let id = context.arguments.positional("ID")
        let payload = try await context.client.post("nodes/\(id)/key", json: [String: String]())
        try context.show(payload, as: Provisioned.self) { key in
            let server = context.client.settings.serverURI
            guard let pskKey = key.pskKey else {
                return "node \(id) provisioned: a client certificate named \(id), from the server's CA, now acts as that node\n"
            }
            return """
                node \(id) provisioned; its pre-shared key, shown this once:
                \(pskKey)
                on the node, keep it in a file only the agent reads (e.g. /etc/fleet-node/psk.key, mode 0600), then:
                fleet-node --server \(server) --node-id \(id) --psk-identity \(key.pskIdentity) --psk-key-file /etc/fleet-node/psk.key

                """
        }
        return .success
    }

    static func revoke(_ context: CommandContext) async throws(FleetClientError) -> ExitCode {
        let id = context.arguments.positional("ID")
        let payload = try await context.client.delete("nodes/\(id)/key")
        if context.json {
            context.printJSON(payload.isEmpty ? Array(#"{"node_id":"\#(id)","revoked":true}"#.utf8) : payload)
        } else {
            context.print("revoked the key of node \(id)")
        }
        return .success
    }

    /// `app 1.0, fw 2.1`, or `-`.
    private static func versions(_ versions: [String: String]) -> String {
        versions.isEmpty ? "-" : versions.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ")
    }
}
