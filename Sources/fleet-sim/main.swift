// fleet-sim: N virtual fleet nodes in one process, each a real FleetNode agent with simulated
// health, its own UDP port and its own state and install directories. Stops on SIGINT or SIGTERM.
import CoAPCore
import FleetModel
import FleetNode
import Foundation

let options: SimOptions
do {
    switch try SimOptions.parse(Array(CommandLine.arguments.dropFirst())) {
    case .help:
        print(SimOptions.usage)
        exit(0)
    case .run(let chosen):
        options = chosen
    }
} catch {
    FileHandle.standardError.write(Data("fleet-sim: \(error)\n\n\(SimOptions.usage)\n".utf8))
    exit(2)
}

// Signals are taken synchronously by this thread; block them before any other thread starts.
var signals = sigset_t()
sigemptyset(&signals)
for signal in [SIGINT, SIGTERM] { sigaddset(&signals, signal) }
pthread_sigmask(SIG_BLOCK, &signals, nil)

// Every agent holds about 5 descriptors (UDP socket, epoll, eventfd, …): raise the descriptor limit to the hard one.
let descriptors = SimResources.raiseDescriptorLimit()
let needed = options.nodes * 5 + options.clientCount * 5 + 64
if descriptors < needed {
    print("fleet-sim: warning: the descriptor limit \(descriptors) is below the \(needed) \(options.nodes) nodes need")
}

let logger = Logger(label: "fleet-sim", level: options.logLevel)
LibCoAP.routeLog(to: options.logLevel <= .debug ? logger.labelled("libcoap") : nil)

let directory: SimDirectory
let fleet: SimFleet
do {
    let keys = try SimProvisioning.keysWaiting(options, logger: logger)
    directory = try SimDirectory(given: options.directory)
    fleet = try SimFleet(options: options, directory: directory, keys: keys, logger: logger)
} catch {
    print("fleet-sim: cannot start: \(error)")
    exit(1)
}
SimTally.emit(
    "fleet-sim \(FleetVersion.current): starting \(options.nodes) nodes (\(options.nodeID(0))…) against \(options.server), "
        + "\(options.clientCount) shared client(s), \(options.startRate) starts/s, health every \(options.healthInterval) s, "
        + "in \(directory.path)")
fleet.start()

var received: Int32 = 0
sigwait(&signals, &received)
logger.notice("stopping on signal \(received)")
let stopTime = fleet.stop()
var summary = "fleet-sim: stopped on signal \(received) in \(SimTally.seconds(stopTime)) s; " + fleet.tally.statusLine().dropFirst("fleet-sim: ".count)
if fleet.failedStarts > 0 { summary += "; \(fleet.failedStarts) nodes could not start" }
if options.keep {
    summary += "; kept \(directory.path)"
} else if !directory.remove(nodeIDs: (0..<options.nodes).map(options.nodeID)) {
    summary += "; could not remove everything in \(directory.path)"
}
SimTally.emit(summary)
exit(0)
