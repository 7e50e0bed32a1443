import FleetModel

/// `fleetctl test` and `fleetctl system info|status|restart|shutdown`.
enum SystemCommands {
    /// The answer of `/test`.
    private struct TestAnswer: Decodable {
        let message: String
        let version: String?
    }

    /// The answer of `POST /system`.
    private struct ActionAnswer: Decodable {
        let status: String
        let uptimeSeconds: Int?

        enum CodingKeys: String, CodingKey {
            case status
            case uptimeSeconds = "uptime_s"
        }
    }

    static func test(_ context: CommandContext) async throws(FleetClientError) -> ExitCode {
        let payload = try await context.client.get("test")
        try context.show(payload, as: TestAnswer.self) { answer in
            "\(context.client.settings.serverURI): \(answer.message)\(answer.version.map { " (version \($0))" } ?? "")\n"
        }
        return .success
    }

    static func info(_ context: CommandContext) async throws(FleetClientError) -> ExitCode {
        let payload = try await context.client.get("system")
        try context.show(payload, as: SystemInfo.self) { info in
            KeyValueList.render([
                ("server", context.client.settings.serverURI),
                ("version", info.version),
                ("started", "\(context.ago(info.startedAt)) (up \(info.uptimeSeconds) s)"),
                ("host", "\(info.hostname) (\(info.os) \(info.kernel), \(info.arch))"),
                ("data", "\(info.dataDirectory) (database \(ByteCount.describe(info.storage.databaseBytes)), "
                    + "artifacts \(ByteCount.describe(info.storage.artifactBytes)))"),
                ("libraries", info.libraries.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ")),
                ("nodes", "\(info.counts.nodes)"),
                ("jobs", "\(info.counts.jobs) (\(info.counts.unfinishedJobs) unfinished)"),
                ("artifacts", "\(info.counts.artifacts)"),
                ("health reports", "\(info.counts.healthReports)"),
                ("audit entries", "\(info.counts.auditEntries)"),
            ])
        }
        return .success
    }

    static func status(_ context: CommandContext) async throws(FleetClientError) -> ExitCode {
        try await action("status", context)
    }

    static func restart(_ context: CommandContext) async throws(FleetClientError) -> ExitCode {
        try await action("restart", context)
    }

    static func shutdown(_ context: CommandContext) async throws(FleetClientError) -> ExitCode {
        try await action("shutdown", context)
    }

    private static func action(_ action: String, _ context: CommandContext) async throws(FleetClientError) -> ExitCode {
        let payload = try await context.client.post("system", json: ["action": action])
        try context.show(payload, as: ActionAnswer.self) { answer in
            let status = answer.status.replacingOccurrences(of: "_", with: " ")
            return "\(context.client.settings.serverURI): \(status)\(answer.uptimeSeconds.map { ", up \($0) s" } ?? "")\n"
        }
        return .success
    }
}
