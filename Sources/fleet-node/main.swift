// fleet-node: the fleet node agent. Parses flags (which beat FLEET_NODE_* variables, which beat the
// --config file), runs a NodeAgent, and stops it on SIGINT or SIGTERM.
import CoAPCore
import FleetModel
import FleetNode
import Glibc

let configuration: NodeAgentConfiguration
let level: Logger.Level
do {
    var environment: [String: String] = [:]
    for variable in NodeAgentCommandLine.environmentVariables {
        if let value = getenv(variable) { environment[variable] = String(cString: value) }
    }
    switch try NodeAgentCommandLine.parse(arguments: Array(CommandLine.arguments.dropFirst()), environment: environment) {
    case .help:
        print(NodeAgentCommandLine.usage)
        exit(0)
    case .run(let chosen, let chosenLevel):
        configuration = chosen
        level = chosenLevel
    }
} catch {
    print("fleet-node: \(error)\n\n\(NodeAgentCommandLine.usage)")
    exit(2)
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
