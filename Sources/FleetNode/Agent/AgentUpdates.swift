import CoAPCore
import FleetModel

/// The update machinery of a running agent: the job journal and installed versions in the
/// state directory, the runner that carries jobs out, and the reporter that tells the server.
struct AgentUpdates: Sendable {
    let journal: JobJournal
    let installed: InstalledVersions
    let runner: UpdateRunner
    let reporter: ProgressReporter

    /// Opens the state directory (created 0700 when missing), makes sure the install root exists
    /// (job commands run in it) and builds the machinery on `client`.
    init(
        configuration: NodeAgentConfiguration, client: CoAPClient, logger: Logger,
        observer: @escaping @Sendable (NodeAgentEvent) -> Void
    ) throws(DurableFileError) {
        let state = configuration.stateDirectory
        try DurableFile.makeDirectory(state)
        try DurableFile.makeDirectory("\(state)/staging")
        try DurableFile.makeDirectory(configuration.installRoot, mode: 0o755)
        journal = try JobJournal(stateDirectory: state, logger: logger)
        installed = InstalledVersions(stateDirectory: state)
        // A client shared by several agents (fleet-sim) speaks with each one's own credentials.
        let credentials = configuration.serverCredentials
        reporter = ProgressReporter(
            client: client, serverURI: configuration.serverURI, credentials: credentials, nodeID: configuration.nodeID,
            journal: journal, timeout: configuration.requestTimeout, logger: logger)
        runner = UpdateRunner(
            journal: journal, installed: installed, reporter: reporter,
            fetcher: ArtifactFetcher(
                client: client, serverURI: configuration.serverURI, credentials: credentials,
                stagingDirectory: "\(state)/staging", logger: logger),
            context: InstallContext(
                installRoot: configuration.installRoot, allowedDirectories: configuration.allowedInstallPaths,
                stateDirectory: state, commands: configuration.installCommands, logger: logger),
            trustedKeys: configuration.trustedKeys, requireSigned: configuration.requireSigned, logger: logger, observer: observer)
    }

    /// Sends reports until cancelled; a job whose report the server refuses is abandoned.
    func report() async {
        let runner = self.runner
        await reporter.run { jobID, reason in await runner.abandon(jobID, reason: reason) }
    }

    /// Takes an announcement from the server (at `/updates/available` or in `pending_jobs`):
    /// records it durably when new and queues it. Throws when the record cannot be written.
    func receive(_ announcement: UpdateAnnouncement) throws(DurableFileError) -> UpdateRunner.Acceptance {
        let acceptance = try UpdateRunner.record(announcement, in: journal)
        if acceptance == .accepted {
            let runner = self.runner
            Task { await runner.enqueue(announcement.jobID) }
        }
        return acceptance
    }
}
