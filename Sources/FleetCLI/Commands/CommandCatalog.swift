/// Every fleetctl command: its specification (for parsing, help and completion) and what runs it.
enum CommandCatalog {
    /// What runs a command.
    typealias Action = @Sendable (CommandContext) async throws(FleetClientError) -> ExitCode

    /// One command.
    struct Entry: Sendable {
        let spec: CommandSpec
        let action: Action
    }

    /// The commands, in the order help lists them.
    static let entries: [Entry] = [
        Entry(spec: CommandSpec(path: ["test"], summary: "check that the server answers"), action: SystemCommands.test),
        Entry(spec: CommandSpec(path: ["system", "info"], summary: "server version, uptime, host, counts and storage"),
              action: SystemCommands.info),
        Entry(spec: CommandSpec(path: ["system", "status"], summary: "whether the server runs, and for how long"),
              action: SystemCommands.status),
        Entry(spec: CommandSpec(path: ["system", "restart"], summary: "restart the server process"), action: SystemCommands.restart),
        Entry(spec: CommandSpec(path: ["system", "shutdown"], summary: "stop the server"), action: SystemCommands.shutdown),
        Entry(spec: CommandSpec(
            path: ["health"], summary: "the fleet's health: counts and one line per node",
            options: [.flag("watch", short: "w", help: "observe /health and redraw on every change (Ctrl-C ends)")]),
              action: HealthCommands.health),
        Entry(spec: CommandSpec(path: ["nodes", "list"], summary: "registered nodes, online or not, with their versions"),
              action: NodeCommands.list),
        Entry(spec: CommandSpec(
            path: ["nodes", "show"], summary: "one node: registration, latest health and recent reports",
            positionals: [PositionalSpec(name: "ID", help: "the node id")]), action: NodeCommands.show),
        Entry(spec: CommandSpec(
            path: ["nodes", "rm"], summary: "forget a node", positionals: [PositionalSpec(name: "ID", help: "the node id")]),
              action: NodeCommands.remove),
        Entry(spec: CommandSpec(
            path: ["nodes", "provision"], summary: "create a node's pre-shared key (shown once) for coaps://",
            positionals: [PositionalSpec(name: "ID", help: "the node id")]), action: NodeCommands.provision),
        Entry(spec: CommandSpec(
            path: ["nodes", "revoke"], summary: "remove a node's pre-shared key",
            positionals: [PositionalSpec(name: "ID", help: "the node id")]), action: NodeCommands.revoke),
        Entry(spec: CommandSpec(
            path: ["artifacts", "upload"], summary: "upload a file (firmware, wheel, any file) as an artifact",
            positionals: [PositionalSpec(name: "FILE", help: "the file to upload")],
            options: [.value("name", short: "n", valueName: "NAME", help: "the artifact's name (default: the file's name)")]),
              action: ArtifactCommands.upload),
        Entry(spec: CommandSpec(path: ["artifacts", "list"], summary: "stored artifacts"), action: ArtifactCommands.list),
        Entry(spec: CommandSpec(
            path: ["artifacts", "download"], summary: "download an artifact; a partial file is resumed",
            positionals: [PositionalSpec(name: "ID", help: "the artifact id")],
            options: [.value("output", short: "o", valueName: "FILE", help: "where to write it (default: the artifact's name)")]),
              action: ArtifactCommands.download),
        Entry(spec: CommandSpec(
            path: ["artifacts", "rm"], summary: "remove an artifact no unfinished job uses",
            positionals: [PositionalSpec(name: "ID", help: "the artifact id")]), action: ArtifactCommands.remove),
        Entry(spec: CommandSpec(
            path: ["updates", "create"], summary: "create an update job (then `updates install` it)",
            options: [
                .value("name", valueName: "NAME", help: "the update's name", required: true),
                .value("version", valueName: "VERSION", help: "the version it installs", required: true),
                .value("type", valueName: "TYPE", help: "pip, file, firmware or apt", required: true),
                .value("packages", valueName: "PKG", help: "packages to install, comma-separated or repeated", repeatable: true),
                .value("artifact", valueName: "ID", help: "a stored artifact to install"),
                .value("file", valueName: "PATH", help: "a file to upload first and install"),
                .value("install-path", valueName: "PATH", help: "where a file or firmware goes on the node (absolute)"),
                .value("targets", valueName: "NODES", help: "all, or node ids comma-separated (default all)"),
                .value("post-install", valueName: "CMD", help: "a command the node runs after installing"),
                .value("health-check", valueName: "CMD", help: "a command whose failure rolls the update back"),
                .value("command-timeout", valueName: "SECONDS", help: "limit for each command (default 300)"),
                .flag("shell", help: "run the commands with /bin/sh -c"),
                .value("sign", valueName: "KEYFILE", help: "sign the job's manifest with this Ed25519 private key"),
                .value("sequence", valueName: "N", help: "the signed manifest's sequence, above the last one of this name"),
            ]),
              action: UpdateCommands.create),
        Entry(spec: CommandSpec(path: ["updates", "list"], summary: "update jobs, newest first"), action: UpdateCommands.list),
        Entry(spec: CommandSpec(
            path: ["updates", "install"], summary: "start a job: the server announces it to its nodes",
            positionals: [PositionalSpec(name: "JOB", help: "the job id")]), action: UpdateCommands.install),
        Entry(spec: CommandSpec(
            path: ["updates", "status"], summary: "a job's state on every node",
            positionals: [PositionalSpec(name: "JOB", help: "the job id")],
            options: [.flag("watch", short: "w", help: "follow the job until it ends; exit 0 only if every node succeeded")]),
              action: UpdateCommands.status),
        Entry(spec: CommandSpec(
            path: ["updates", "cancel"], summary: "cancel a job on the nodes not finished",
            positionals: [PositionalSpec(name: "JOB", help: "the job id")]), action: UpdateCommands.cancel),
        Entry(spec: CommandSpec(
            path: ["keys", "generate"], summary: "make an Ed25519 key pair for signing update manifests",
            options: [.value("output", short: "o", valueName: "FILE", help: "write the private key here (mode 0600) instead of printing it")]),
              action: KeyCommands.generate),
        Entry(spec: CommandSpec(
            path: ["completion"], summary: "print a shell completion script",
            positionals: [PositionalSpec(name: "SHELL", help: "bash or zsh")], positionalChoices: ["bash", "zsh"]),
              action: { _ in .success }),
    ]

    /// The specifications alone.
    static var specs: [CommandSpec] { entries.map(\.spec) }
}
