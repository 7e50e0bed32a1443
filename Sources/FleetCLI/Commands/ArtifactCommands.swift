import CoAPCore
import FleetModel
import Foundation

/// `fleetctl artifacts upload FILE [--name N]|list|download ID [-o FILE]|rm ID`.
enum ArtifactCommands {
    static func upload(_ context: CommandContext) async throws(FleetClientError) -> ExitCode {
        let file = context.arguments.positional("FILE")
        let name = context.arguments.value("name") ?? (file as NSString).lastPathComponent
        let payload = try await context.client.upload(file: file, name: name, progress: progressBar(context))
        endProgress(context)
        try context.show(payload, as: ArtifactInfo.self) { artifact in
            "uploaded \(artifact.name) as \(artifact.artifactID) (\(ByteCount.describe(artifact.size)), sha256 \(artifact.sha256))\n"
        }
        return .success
    }

    static func list(_ context: CommandContext) async throws(FleetClientError) -> ExitCode {
        let payload = try await context.client.get("artifacts")
        try context.show(payload, as: [ArtifactInfo].self) { artifacts in
            var table = TextTable(columns: [
                .init(header: "id"), .init(header: "name"), .init(header: "size", alignment: .right),
                .init(header: "sha256"), .init(header: "created"),
            ])
            for artifact in artifacts {
                table.append([
                    artifact.artifactID, artifact.name, ByteCount.describe(artifact.size), String(artifact.sha256.prefix(12)),
                    context.ago(artifact.createdAt),
                ])
            }
            return table.render(style: context.style)
        }
        return .success
    }

    static func download(_ context: CommandContext) async throws(FleetClientError) -> ExitCode {
        let id = context.arguments.positional("ID")
        let file: String
        if let chosen = context.arguments.value("output") {
            file = chosen
        } else {
            let artifacts = try context.decode([ArtifactInfo].self, try await context.client.get("artifacts"))
            file = artifacts.first { $0.artifactID == id }?.name ?? id
        }
        let size = try await context.client.download(artifact: id, to: file, progress: progressBar(context))
        endProgress(context)
        if context.json {
            try context.printEncoded(Downloaded(artifactID: id, file: file, size: size))
        } else {
            context.print("downloaded \(id) to \(file) (\(ByteCount.describe(size)))")
        }
        return .success
    }

    static func remove(_ context: CommandContext) async throws(FleetClientError) -> ExitCode {
        let id = context.arguments.positional("ID")
        let payload = try await context.client.delete("artifacts/\(id)")
        if context.json {
            context.printJSON(payload.isEmpty ? Array(#"{"artifact_id":"\#(id)","deleted":true}"#.utf8) : payload)
        } else {
            context.print("removed artifact \(id)")
        }
        return .success
    }

    /// A progress bar redrawn on one terminal line; nil off a terminal or with `--json`.
    static func progressBar(_ context: CommandContext) -> (@Sendable (TransferProgress) -> Void)? {
        guard context.style.isTerminal, !context.json else { return nil }
        let output = context.output
        return { progress in
            output.write("\r\u{1B}[2K" + ProgressBar.transfer(completed: progress.completed, total: progress.total, width: 30))
        }
    }

    /// Ends the progress line, if one was drawn.
    static func endProgress(_ context: CommandContext) {
        if context.style.isTerminal, !context.json { context.output.write("\r\u{1B}[2K") }
    }

    /// What `download --json` prints: the server sends bytes, not JSON, so fleetctl tells where they went.
    private struct Downloaded: Encodable {
        let artifactID: String
        let file: String
        let size: Int

        enum CodingKeys: String, CodingKey {
            case artifactID = "artifact_id"
            case file
            case size
        }
    }
}
