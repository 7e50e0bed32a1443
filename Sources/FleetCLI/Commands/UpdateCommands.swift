import FleetModel
import Foundation

/// `fleetctl updates create|list|install|status|cancel`.
enum UpdateCommands {
    static func create(_ context: CommandContext) async throws(FleetClientError) -> ExitCode {
        let arguments = context.arguments
        guard let type = PackageType(rawValue: arguments.value("type") ?? "") else {
            throw .usage("--type must be one of \(PackageType.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        var artifactID = arguments.value("artifact")
        if let file = arguments.value("file") {
            guard artifactID == nil else { throw .usage("give --artifact or --file, not both") }
            let uploaded = try await context.client.upload(
                file: file, name: (file as NSString).lastPathComponent, progress: ArtifactCommands.progressBar(context))
            ArtifactCommands.endProgress(context)
            artifactID = try context.decode(ArtifactInfo.self, uploaded).artifactID
        }
        let packages = arguments.values("packages").flatMap { $0.split(separator: ",").map(String.init) }
        let targets = (arguments.value("targets") ?? UpdateCreation.allNodes).split(separator: ",").map(String.init)
        var creation = UpdateCreation(
            name: arguments.value("name") ?? "", version: arguments.value("version") ?? "", packageType: type, targetNodes: targets,
            packages: packages.isEmpty ? nil : packages, artifactID: artifactID, installPath: arguments.value("install-path"),
            postInstall: arguments.value("post-install"), healthCheck: arguments.value("health-check"),
            shell: arguments.flag("shell"))
        if let text = arguments.value("command-timeout") {
            guard let seconds = Int(text) else { throw .usage("--command-timeout must be whole seconds, not \(text)") }
            creation.commandTimeoutSeconds = seconds
        }
        if let keyFile = arguments.value("sign") {
            creation.signedManifest = try await sign(creation, keyFile: keyFile, file: arguments.value("file"), context)
        } else if arguments.value("sequence") != nil {
            throw .usage("--sequence goes with --sign")
        }
        let payload = try await context.client.post("updates", json: creation)
        try context.show(payload, as: JobCreated.self) { created in
            "created job \(created.jobID) (\(creation.name) \(creation.version), \(type.rawValue), "
                + "targets \(targets.joined(separator: ", ")))\(artifactID.map { ", artifact \($0)" } ?? "")\n"
        }
        return .success
    }

    /// The job's manifest signed with the private key in `keyFile`; the artifact's digest and
    /// size come from the local `file` when there is one, else from the server's artifact list.
    private static func sign(
        _ creation: UpdateCreation, keyFile: String, file: String?, _ context: CommandContext
    ) async throws(FleetClientError) -> SignedManifest {
        guard let text = context.arguments.value("sequence"), let sequence = Int(text), sequence > 0 else {
            throw .usage("--sign needs --sequence N, a positive number above the last one signed for \(creation.name)")
        }
        guard let keyText = readText(keyFile) else { throw .usage("cannot read the key file \(keyFile)") }
        var digest: String?
        var size: Int?
        if let file {
            digest = SHA256.hex(ofFileAt: file)
            size = fileSize(file)
        } else if let artifactID = creation.artifactID {
            let artifacts = try context.decode([ArtifactInfo].self, try await context.client.get("artifacts"))
            guard let artifact = artifacts.first(where: { $0.artifactID == artifactID }) else {
                throw .server(code: "4.04", error: "not_found", detail: "no artifact '\(artifactID)'")
            }
            digest = artifact.sha256
            size = artifact.size
        }
        let manifest = UpdateManifest(creation: creation, artifactSHA256: digest, artifactSize: size, sequence: sequence)
        let key = String(keyText.filter { !$0.isWhitespace })
        guard let signed = SignedManifest.sign(manifest, privateKey: key) else { throw .usage("\(keyFile) does not hold an Ed25519 private key") }
        return signed
    }

    static func list(_ context: CommandContext) async throws(FleetClientError) -> ExitCode {
        let payload = try await context.client.get("updates")
        try context.show(payload, as: [JobStatus].self) { jobs in
            var table = TextTable(columns: [
                .init(header: "job"), .init(header: "name"), .init(header: "version"), .init(header: "type"),
                .init(header: "state"), .init(header: "nodes"), .init(header: "created"),
            ])
            for job in jobs {
                let succeeded = job.nodes.filter { $0.state == .succeeded }.count
                table.append([
                    job.jobID, job.name, job.version, job.packageType.rawValue, context.style.stateColored(job.state.rawValue),
                    "\(succeeded)/\(job.nodes.count) succeeded", context.ago(job.createdAt),
                ])
            }
            return table.render(style: context.style)
        }
        return .success
    }

    static func install(_ context: CommandContext) async throws(FleetClientError) -> ExitCode {
        try await action("install", context) { job in
            let nodes = job.summary.values.reduce(0, +)
            return "job \(job.jobID) is \(job.state.rawValue) on \(nodes) node\(nodes == 1 ? "" : "s")"
        }
    }

    static func cancel(_ context: CommandContext) async throws(FleetClientError) -> ExitCode {
        try await action("cancel", context) { "job \($0.jobID) is \($0.state.rawValue)" }
    }

    /// One job's status, or with `--watch` its status as it changes until the job is finished:
    /// then 0 when every node succeeded, 1 otherwise.
    static func status(_ context: CommandContext) async throws(FleetClientError) -> ExitCode {
        let job = context.arguments.positional("JOB")
        guard context.arguments.flag("watch") else {
            let payload = try await context.client.post("updates", json: ["action": "status", "job_id": job])
            try context.show(payload, as: JobStatus.self) { render($0, context) }
            return .success
        }
        // A big job's full status spans many blocks and changes between them; its summary view
        // (state and counts) is one block, and is what a fleet of that size can be watched by.
        let summary = try context.decode(JobStatus.self, try await context.client.get("updates/\(job)/status?nodes=none"))
        let perNode = summary.summary.values.reduce(0, +) <= maximumWatchedNodes
        var finished: JobStatus?
        try await Watch.follow("updates/\(job)/status" + (perNode ? "" : "?nodes=none"), context) { payload throws(FleetClientError) in
            let status = try context.decode(JobStatus.self, payload)
            if status.state.isFinal { finished = status }
            return (perNode ? render(status, context) : renderCounts(status, context), status.state.isFinal)
        }
        guard let finished else { throw .unreachable("the server stopped sending the status of \(job)") }
        let counts = finished.summary
        let total = counts.values.reduce(0, +)
        return total > 0 && counts[.succeeded, default: 0] == total ? .success : .serverError
    }

    /// The most nodes `--watch` shows one line each for; a bigger job is watched by its counts.
    static let maximumWatchedNodes = 100

    /// The headline and the number of nodes in each state, for a job too big for one line per node.
    static func renderCounts(_ job: JobStatus, _ context: CommandContext) -> String {
        let style = context.style
        let counts = job.summary.filter { $0.value > 0 }.sorted { $0.key.rawValue < $1.key.rawValue }
            .map { "\(style.stateColored($0.key.rawValue)) \($0.value)" }.joined(separator: ", ")
        return "job \(job.jobID) \(job.name) \(job.version) (\(job.packageType.rawValue)): "
            + "\(style.stateColored(job.state.rawValue)), updated \(context.ago(job.updatedAt))\nnodes: \(counts)\n"
    }


    /// The headline and one row per node, with a progress bar on a terminal.
    static func render(_ job: JobStatus, _ context: CommandContext) -> String {
        let style = context.style
        let headline = "job \(job.jobID) \(job.name) \(job.version) (\(job.packageType.rawValue)): "
            + "\(style.stateColored(job.state.rawValue)), updated \(context.ago(job.updatedAt))\n"
        var table = TextTable(columns: [
            .init(header: "node"), .init(header: "state"), .init(header: "progress"), .init(header: "error", maxWidth: 60),
        ])
        for node in job.nodes {
            let progress = style.isTerminal
                ? ProgressBar.render(percent: node.progress, width: 20) : "\(Int(node.progress.rounded()))%"
            table.append([node.nodeID, style.stateColored(node.state.rawValue), progress, node.error ?? ""])
        }
        return headline + table.render(style: style)
    }

    /// `install` or `cancel`, answered with the job's state and counts only (one block, however
    /// many nodes the job has: a full status of 1,000 nodes is about a hundred).
    private static func action(
        _ action: String, _ context: CommandContext, human: (JobStatus) -> String
    ) async throws(FleetClientError) -> ExitCode {
        let job = context.arguments.positional("JOB")
        let payload = try await context.client.post("updates?nodes=none", json: ["action": action, "job_id": job])
        try context.show(payload, as: JobStatus.self) { human($0) + "\n" }
        return .success
    }
}

/// The text of a small file, or nil.
private func readText(_ path: String) -> String? {
    guard let file = fopen(path, "r") else { return nil }
    defer { fclose(file) }
    var bytes: [UInt8] = []
    var buffer = [UInt8](repeating: 0, count: 4096)
    while case let count = fread(&buffer, 1, buffer.count, file), count > 0 { bytes += buffer[..<count] }
    return String(decoding: bytes, as: UTF8.self)
}

/// The size of the file at `path`, or nil.
private func fileSize(_ path: String) -> Int? {
    var status = stat()
    return stat(path, &status) == 0 ? Int(status.st_size) : nil
}
