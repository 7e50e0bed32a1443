import FleetModel

/// `fleetctl health [--watch]`: the fleet summary, once or redrawn on every change.
enum HealthCommands {
    static func health(_ context: CommandContext) async throws(FleetClientError) -> ExitCode {
        guard context.arguments.flag("watch") else {
            let payload = try await context.client.get("health")
            try context.show(payload, as: FleetHealth.self) { summary(of: $0, context) }
            return .success
        }
        try await Watch.follow("health", context) { payload throws(FleetClientError) in
            (summary(of: try context.decode(FleetHealth.self, payload), context), false)
        }
        return .success
    }

    /// The headline and one row per node.
    static func summary(of health: FleetHealth, _ context: CommandContext) -> String {
        let style = context.style
        let headline = "fleet \(style.stateColored(health.status.rawValue)): \(health.total) node\(health.total == 1 ? "" : "s"), "
            + "\(health.healthy) healthy, \(health.unhealthy) unhealthy, \(health.offline) offline\n"
        var table = TextTable(columns: [
            .init(header: "node"), .init(header: "state"), .init(header: "cpu", alignment: .right),
            .init(header: "mem", alignment: .right), .init(header: "disk", alignment: .right),
            .init(header: "temp", alignment: .right), .init(header: "last report"),
        ])
        for node in health.nodes {
            table.append([
                node.nodeID, style.stateColored(node.state.rawValue), percent(node.cpuPercent), percent(node.memoryPercent),
                percent(node.diskPercent), node.temperature.map { "\(oneDecimal($0))°C" } ?? "-",
                node.lastReport.map(context.ago) ?? "never",
            ])
        }
        return headline + table.render(style: style)
    }

    /// `45.2%`, or `-` for no figure.
    static func percent(_ value: Double?) -> String {
        value.map { "\(oneDecimal($0))%" } ?? "-"
    }

    /// The value with one decimal, e.g. `42.5`.
    static func oneDecimal(_ value: Double) -> String {
        let tenths = Int((value * 10).rounded())
        return "\(tenths / 10).\(abs(tenths % 10))"
    }
}
