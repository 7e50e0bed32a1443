import CoAPCore
import FleetModel

/// Reads `fleet-node`'s command line: flags beat `FLEET_NODE_*` environment variables, which
/// beat the config file (``NodeConfigFile``), which beats the defaults.
public enum NodeAgentCommandLine {
    /// What the command line asked for.
    public enum Request: Sendable, Equatable {
        /// Run the agent with this configuration, logging at this level.
        case run(NodeAgentConfiguration, Logger.Level)
        /// Print ``usage``.
        case help
    }

    /// The usage text printed for `--help` and after a usage error.
    public static let usage = """
        usage: fleet-node [--server URI] [--node-id ID] [--host ADDR] [--port N] [--health-interval S]
                          [--state-dir DIR] [--install-root DIR] [--log-level LEVEL] [--config FILE]
                          [--psk-identity ID --psk-key-file FILE | --cert FILE --key FILE --ca FILE]

          --server URI         the fleet server, coap:// or coaps://                     FLEET_NODE_SERVER
                               (default coap://127.0.0.1:5683)
          --node-id ID         this node's identity (default: the host name)             FLEET_NODE_ID
          --host ADDR          address the agent listens on (default ::)                 FLEET_NODE_HOST
          --port N             UDP port the agent listens on (default 5683; 0: any)      FLEET_NODE_PORT
          --health-interval S  seconds between health reports (default 30)               FLEET_NODE_HEALTH_INTERVAL
          --state-dir DIR      jobs, downloads, versions (default /var/lib/fleet-node)   FLEET_NODE_STATE_DIR
          --install-root DIR   where install paths are resolved (default /)              FLEET_NODE_INSTALL_ROOT
          --log-level LEVEL    trace, debug, info, notice, warning, error (info)         FLEET_NODE_LOG_LEVEL
          --config FILE        JSON file with any of the settings above (server,         FLEET_NODE_CONFIG
                               node_id, host, port, health_interval_s, state_dir,
                               install_root, log_level, psk_identity, psk_key_file,
                               cert, key, ca, server_identity) and services, drivers,
                               mount_points, thresholds, install, trusted_keys,
                               require_signed, allowed_install_paths
          --psk-identity ID    DTLS identity for a coaps:// server                       FLEET_NODE_PSK_IDENTITY
          --psk-key-file FILE  file holding its pre-shared key                           FLEET_NODE_PSK_KEY_FILE
          --cert FILE          client certificate (PEM) for a coaps:// server            FLEET_NODE_CERT
          --key FILE           its private key (PEM)                                     FLEET_NODE_KEY
          --ca FILE            CA the server's certificate must chain to (PEM)           FLEET_NODE_CA
          --server-identity ID who may announce jobs over DTLS: the server's PSK        FLEET_NODE_SERVER_IDENTITY
                               identity or certificate name (default fleet-server)
          --help
        """

    /// The environment variables the command line reads.
    public static var environmentVariables: [String] { variables.values.sorted() }

    /// Flag names and the environment variables that stand for them.
    private static let variables = [
        "server": "FLEET_NODE_SERVER", "node-id": "FLEET_NODE_ID", "host": "FLEET_NODE_HOST", "port": "FLEET_NODE_PORT",
        "health-interval": "FLEET_NODE_HEALTH_INTERVAL", "state-dir": "FLEET_NODE_STATE_DIR",
        "install-root": "FLEET_NODE_INSTALL_ROOT", "log-level": "FLEET_NODE_LOG_LEVEL", "config": "FLEET_NODE_CONFIG",
        "psk-identity": "FLEET_NODE_PSK_IDENTITY", "psk-key-file": "FLEET_NODE_PSK_KEY_FILE",
        "cert": "FLEET_NODE_CERT", "key": "FLEET_NODE_KEY", "ca": "FLEET_NODE_CA",
        "server-identity": "FLEET_NODE_SERVER_IDENTITY",
    ]

    /// A setting's text and where it came from (a flag, a variable, a config file key), for error messages.
    private typealias Setting = (value: String, source: String)

    /// Reads `arguments` (without the program name) over `environment` over the config file they name.
    public static func parse(arguments: [String], environment: [String: String]) throws(NodeCommandLineError) -> Request {
        var flags: [String: String] = [:]
        var remaining = arguments[...]
        while let argument = remaining.popFirst() {
            if argument == "--help" || argument == "-h" { return .help }
            let name = String(argument.dropFirst(2))
            guard argument.hasPrefix("--"), variables[name] != nil else { throw NodeCommandLineError("unknown argument \(argument)") }
            guard let value = remaining.popFirst() else { throw NodeCommandLineError("\(argument) needs a value") }
            flags[name] = value
        }

        var settings: [String: Setting] = [:]
        var configuration = NodeAgentConfiguration()
        if let path = flags["config"] ?? environment["FLEET_NODE_CONFIG"] {
            let file = try NodeConfigFile.load(path: path)
            apply(file, to: &configuration)
            let shared: [(name: String, key: String, value: String?)] = [
                ("server", "server", file.server), ("node-id", "node_id", file.nodeID), ("host", "host", file.host),
                ("port", "port", file.port.map { "\($0)" }), ("health-interval", "health_interval_s", file.healthIntervalSeconds.map { "\($0)" }),
                ("state-dir", "state_dir", file.stateDirectory), ("install-root", "install_root", file.installRoot),
                ("log-level", "log_level", file.logLevel), ("server-identity", "server_identity", file.serverIdentity),
                ("psk-identity", "psk_identity", file.pskIdentity), ("psk-key-file", "psk_key_file", file.pskKeyFile),
                ("cert", "cert", file.certificateFile), ("key", "key", file.privateKeyFile), ("ca", "ca", file.caFile),
            ]
            for (name, key, value) in shared {
                if let value { settings[name] = (value, "\(key) in \(path)") }
            }
        }
        for (name, variable) in variables {
            if let value = environment[variable] { settings[name] = (value, variable) }
        }
        for (name, value) in flags { settings[name] = (value, "--\(name)") }

        let level = try apply(settings, to: &configuration)
        return .run(configuration, level)
    }

    /// Takes what only the config file sets: watched services, drivers, mount points, thresholds, installers.
    private static func apply(_ file: NodeConfigFile, to configuration: inout NodeAgentConfiguration) {
        if let services = file.services { configuration.services = services }
        if let keys = file.trustedKeys { configuration.trustedKeys = keys.map { $0.lowercased() } }
        if let required = file.requireSigned { configuration.requireSigned = required }
        if let drivers = file.drivers { configuration.drivers = drivers }
        if let mountPoints = file.mountPoints { configuration.mountPoints = mountPoints }
        if let directories = file.allowedInstallPaths { configuration.allowedInstallPaths = directories }
        if let thresholds = file.thresholds {
            if let value = thresholds.cpuPercent { configuration.thresholds.cpuPercent = value }
            if let value = thresholds.memoryPercent { configuration.thresholds.memoryPercent = value }
            if let value = thresholds.diskPercent { configuration.thresholds.diskPercent = value }
            if let value = thresholds.temperature { configuration.thresholds.temperature = value }
        }
        if let pip = file.install?.pip { configuration.installCommands.pip = pip }
        if let apt = file.install?.apt { configuration.installCommands.apt = apt }
    }

    /// The DTLS credentials the settings name: a PSK identity and the file holding its key, or
    /// a certificate, its key and the CA the server's certificate must chain to.
    private static func credentials(_ settings: [String: Setting]) throws(NodeCommandLineError) -> DTLSClientCredentials? {
        if let (certificate, _) = settings["cert"] {
            guard let (key, _) = settings["key"], let (ca, _) = settings["ca"] else { throw NodeCommandLineError("--cert needs --key and --ca") }
            return .pki(PKICredentials(caFile: ca, certificateFile: certificate, privateKeyFile: key))
        }
        guard let (identity, _) = settings["psk-identity"] else {
            if let (_, source) = settings["psk-key-file"] { throw NodeCommandLineError("\(source) needs --psk-identity too") }
            return nil
        }
        guard let (path, source) = settings["psk-key-file"] else { throw NodeCommandLineError("--psk-identity needs --psk-key-file") }
        guard let text = TextFile.read(path) else { throw NodeCommandLineError("\(source): cannot read \(path)") }
        // The key is the file's text without surrounding whitespace (a trailing newline).
        let key = Array(text.utf8.drop { $0 <= 0x20 }.reversed().drop { $0 <= 0x20 }.reversed())
        guard !key.isEmpty, key.count <= 64 else { throw NodeCommandLineError("\(source): the key in \(path) must be 1…64 bytes") }
        return .psk(identity: identity, key: key)
    }

    /// Checks and takes the settings flags, variables and the file share; returns the log level.
    private static func apply(
        _ settings: [String: Setting], to configuration: inout NodeAgentConfiguration
    ) throws(NodeCommandLineError) -> Logger.Level {
        if let (server, source) = settings["server"] {
            guard server.hasPrefix("coap://") || server.hasPrefix("coaps://") else {
                throw NodeCommandLineError("\(source) must be a coap:// or coaps:// URI, not \(server)")
            }
            configuration.serverURI = server.hasSuffix("/") ? String(server.dropLast()) : server
        }
        configuration.dtls = try credentials(settings)
        if configuration.serverURI.hasPrefix("coaps://"), configuration.dtls == nil {
            throw NodeCommandLineError("a coaps:// server needs --psk-identity and --psk-key-file, or --cert, --key and --ca")
        }
        if let (identity, source) = settings["server-identity"] {
            guard !identity.isEmpty, identity.utf8.count <= 128 else { throw NodeCommandLineError("\(source) must be 1…128 bytes") }
            configuration.serverIdentity = identity
        }
        if let (nodeID, _) = settings["node-id"] { configuration.nodeID = nodeID }
        if let (host, _) = settings["host"] { configuration.host = host }
        if let (text, source) = settings["port"] {
            guard let port = UInt16(text) else { throw NodeCommandLineError("\(source) must be 0…65535, not \(text)") }
            configuration.port = port
        }
        if let (text, source) = settings["health-interval"] {
            guard let seconds = Double(text), seconds.isFinite, seconds > 0, seconds <= 86_400 else {
                throw NodeCommandLineError("\(source) must be seconds in (0, 86400], not \(text)")
            }
            configuration.healthInterval = .milliseconds(Int((seconds * 1000).rounded()))
        }
        for (name, keyPath) in [("state-dir", \NodeAgentConfiguration.stateDirectory), ("install-root", \.installRoot)] {
            guard let (directory, source) = settings[name] else { continue }
            guard directory.hasPrefix("/") else { throw NodeCommandLineError("\(source) must be an absolute path, not \(directory)") }
            configuration[keyPath: keyPath] = directory
        }
        var level = Logger.Level.info
        if let (text, source) = settings["log-level"] {
            guard let chosen = Logger.Level(name: text) else {
                let names = Logger.Level.allCases.map(\.description).joined(separator: ", ")
                throw NodeCommandLineError("\(source) must be one of \(names), not \(text)")
            }
            level = chosen
        }
        do {
            try FleetIdentifier.check(configuration.nodeID, field: "node-id")
        } catch {
            throw NodeCommandLineError(error.detail)
        }
        return level
    }
}

/// A command line `fleet-node` cannot run with, and why.
public struct NodeCommandLineError: Error, Equatable, Sendable, CustomStringConvertible {
    public let message: String

    public init(_ message: String) { self.message = message }

    public var description: String { message }
}
