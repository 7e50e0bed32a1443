import CoAPCore
import FleetModel

/// Reads `fleet-node`'s command line: flags beat `FLEET_NODE_*` environment variables, which
/// beat the defaults.
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
        usage: fleet-node [--server URI] [--node-id ID] [--host ADDR] [--port N] [--health-interval S] [--log-level LEVEL]

          --server URI         the fleet server (default coap://127.0.0.1:5683)          FLEET_NODE_SERVER
          --node-id ID         this node's identity (default: the host name)             FLEET_NODE_ID
          --host ADDR          address the agent listens on (default ::)                 FLEET_NODE_HOST
          --port N             UDP port the agent listens on (default 5683; 0: any)      FLEET_NODE_PORT
          --health-interval S  seconds between health reports (default 30)               FLEET_NODE_HEALTH_INTERVAL
          --log-level LEVEL    trace, debug, info, notice, warning, error (info)         FLEET_NODE_LOG_LEVEL
          --help
        """

    /// The environment variables the command line reads.
    public static var environmentVariables: [String] { variables.values.sorted() }

    /// Flag names and the environment variables that stand for them.
    private static let variables = [
        "server": "FLEET_NODE_SERVER", "node-id": "FLEET_NODE_ID", "host": "FLEET_NODE_HOST", "port": "FLEET_NODE_PORT",
        "health-interval": "FLEET_NODE_HEALTH_INTERVAL", "log-level": "FLEET_NODE_LOG_LEVEL",
    ]

    /// Reads `arguments` (without the program name) over `environment`.
    public static func parse(arguments: [String], environment: [String: String]) throws(NodeCommandLineError) -> Request {
        var settings: [String: String] = [:]
        for (name, variable) in variables {
            if let value = environment[variable] { settings[name] = value }
        }
        var remaining = arguments[...]
        while let argument = remaining.popFirst() {
            if argument == "--help" || argument == "-h" { return .help }
            let name = String(argument.dropFirst(2))
            guard argument.hasPrefix("--"), variables[name] != nil else { throw NodeCommandLineError("unknown argument \(argument)") }
            guard let value = remaining.popFirst() else { throw NodeCommandLineError("\(argument) needs a value") }
            settings[name] = value
        }

        var configuration = NodeAgentConfiguration(nodeID: settings["node-id"])
        if let server = settings["server"] {
            guard server.hasPrefix("coap://") else { throw NodeCommandLineError("--server must be a coap:// URI, not \(server)") }
            configuration.serverURI = server.hasSuffix("/") ? String(server.dropLast()) : server
        }
        if let host = settings["host"] { configuration.host = host }
        if let text = settings["port"] {
            guard let port = UInt16(text) else { throw NodeCommandLineError("--port must be 0…65535, not \(text)") }
            configuration.port = port
        }
        if let text = settings["health-interval"] {
            guard let seconds = Double(text), seconds.isFinite, seconds > 0, seconds <= 86_400 else {
                throw NodeCommandLineError("--health-interval must be seconds in (0, 86400], not \(text)")
            }
            configuration.healthInterval = .milliseconds(Int((seconds * 1000).rounded()))
        }
        var level = Logger.Level.info
        if let text = settings["log-level"] {
            guard let chosen = Logger.Level(name: text) else { throw NodeCommandLineError("unknown log level \(text)") }
            level = chosen
        }
        do {
            try FleetIdentifier.check(configuration.nodeID, field: "node-id")
        } catch {
            throw NodeCommandLineError(error.detail)
        }
        return .run(configuration, level)
    }
}

/// A command line `fleet-node` cannot run with, and why.
public struct NodeCommandLineError: Error, Equatable, Sendable, CustomStringConvertible {
    public let message: String

    public init(_ message: String) { self.message = message }

    public var description: String { message }
}
