// fleet-node: the fleet node agent. Parses flags (which beat FLEET_NODE_* variables), runs a
// NodeAgent, and stops it on SIGINT or SIGTERM.
import CoAPCore
import FleetModel
import FleetNode
import Glibc

let usage = """
    usage: fleet-node [--server URI] [--node-id ID] [--host ADDR] [--port N] [--health-interval S] [--log-level LEVEL]

      --server URI         the fleet server (default coap://127.0.0.1:5683)          FLEET_NODE_SERVER
      --node-id ID         this node's identity (default: the host name)             FLEET_NODE_ID
      --host ADDR          address the agent listens on (default ::)                 FLEET_NODE_HOST
      --port N             UDP port the agent listens on (default 5683; 0: any)      FLEET_NODE_PORT
      --health-interval S  seconds between health reports (default 30)               FLEET_NODE_HEALTH_INTERVAL
      --log-level LEVEL    trace, debug, info, notice, warning, error (info)         FLEET_NODE_LOG_LEVEL
      --help
    """

/// Ends the program with a usage error.
func fail(_ message: String) -> Never {
    print("fleet-node: \(message)\n\n\(usage)")
    exit(2)
}

/// The settings by name: environment first, then flags over them.
var settings: [String: String] = [:]
let names = [
    "server": "FLEET_NODE_SERVER", "node-id": "FLEET_NODE_ID", "host": "FLEET_NODE_HOST", "port": "FLEET_NODE_PORT",
    "health-interval": "FLEET_NODE_HEALTH_INTERVAL", "log-level": "FLEET_NODE_LOG_LEVEL",
]
for (name, variable) in names {
    if let value = getenv(variable) { settings[name] = String(cString: value) }
}
var arguments = CommandLine.arguments.dropFirst()
while let argument = arguments.popFirst() {
    if argument == "--help" || argument == "-h" {
        print(usage)
        exit(0)
    }
    guard argument.hasPrefix("--"), names[String(argument.dropFirst(2))] != nil else { fail("unknown argument \(argument)") }
    guard let value = arguments.popFirst() else { fail("\(argument) needs a value") }
    settings[String(argument.dropFirst(2))] = value
}

var configuration = NodeAgentConfiguration(nodeID: settings["node-id"])
if let server = settings["server"] {
    guard server.hasPrefix("coap://") else { fail("--server must be a coap:// URI, not \(server)") }
    configuration.serverURI = server.hasSuffix("/") ? String(server.dropLast()) : server
}
if let host = settings["host"] { configuration.host = host }
if let text = settings["port"] {
    guard let port = UInt16(text) else { fail("--port must be 0…65535, not \(text)") }
    configuration.port = port
}
if let text = settings["health-interval"] {
    guard let seconds = Double(text), seconds.isFinite, seconds > 0, seconds <= 86_400 else {
        fail("--health-interval must be seconds in (0, 86400], not \(text)")
    }
    configuration.healthInterval = .seconds(seconds)
}
var level = Logger.Level.info
if let text = settings["log-level"] {
    guard let chosen = Logger.Level(name: text) else { fail("unknown log level \(text)") }
    level = chosen
}
do {
    try FleetIdentifier.check(configuration.nodeID, field: "node-id")
} catch {
    fail("\(error)")
}

// Signals are taken synchronously by this thread; block them before any other thread starts.
var signals = sigset_t()
sigemptyset(&signals)
for signal in [SIGINT, SIGTERM] { sigaddset(&signals, signal) }
pthread_sigmask(SIG_BLOCK, &signals, nil)

let logger = Logger(label: "fleet-node", level: level)
LibCoAP.routeLog(to: level <= .debug ? logger.labelled("libcoap") : nil)
let agent = NodeAgent(configuration: configuration, logger: logger)
let port: UInt16
do {
    port = try agent.start()
} catch {
    print("fleet-node: cannot start: \(error)")
    exit(1)
}
print("fleet-node \(FleetVersion.current) node \(configuration.nodeID) listening on [\(configuration.host)]:\(port), reporting to \(configuration.serverURI) every \(configuration.healthInterval)")
fflush(nil)

var received: Int32 = 0
sigwait(&signals, &received)
logger.notice("stopping on signal \(received)")
agent.stop()
