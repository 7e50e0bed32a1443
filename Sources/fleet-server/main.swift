// fleet-server: parses its configuration, runs a FleetService, stops on SIGINT/SIGTERM and
// re-executes itself on SIGHUP (which `POST /system {"action":"restart"}` raises).
import CoAPCore
import FleetModel
import FleetServer
import FoundationEssentials
import Glibc

func readFile(_ path: String) throws -> [UInt8] {
    try Array(Data(contentsOf: URL(fileURLWithPath: path)))
}

let request: ConfigurationLoader.Request
do {
    request = try ConfigurationLoader.load(
        arguments: Array(CommandLine.arguments.dropFirst()), environment: ProcessInfo.processInfo.environment, readFile: readFile)
} catch {
    print("fleet-server: \(error)\n\n\(ConfigurationLoader.usage)")
    exit(2)
}
let configuration: FleetServerConfiguration
switch request {
case .help:
    print(ConfigurationLoader.usage)
    exit(0)
case .version:
    print("fleet-server \(FleetVersion.current)")
    exit(0)
case .addAdmin(let identity, let dataDirectory, let certificateName):
    do {
        let keys = try PSKKeyStore(dataDirectory: dataDirectory)
        if certificateName {
            try keys.addCertificateName(identity, role: .admin)
            print("certificate name \(identity) is an admin in \(keys.path); a client certificate with that name, from the server's CA, acts as one")
            exit(0)
        }
        let key = try keys.add(identity, role: .admin)
        print("""
            admin identity \(identity) added to \(keys.path); its pre-shared key, shown this once:
            \(key)
            put it in a file only you can read, then: fleetctl --server coaps://HOST:5684 --psk-identity \(identity) --psk-key-file FILE test
            """)
        exit(0)
    } catch {
        print("fleet-server: cannot add \(identity): \(error)")
        exit(1)
    }
case .run(let chosen):
    configuration = chosen
}

// Signals are taken synchronously by this thread; block them before any other thread starts.
var signals = sigset_t()
sigemptyset(&signals)
for signal in [SIGINT, SIGTERM, SIGHUP] { sigaddset(&signals, signal) }
pthread_sigmask(SIG_BLOCK, &signals, nil)

let logger = Logger(label: "fleet-server", level: configuration.logLevel)
LibCoAP.routeLog(to: configuration.logLevel <= .debug ? logger.labelled("libcoap") : nil)
let service: FleetService
do {
    // POST /system restart or shutdown: signal this process, so the main thread below stops the
    // service the same way as for an operator's signal (kill() reaches the process, whose
    // threads all block these signals; sigwait takes it).
    service = try FleetService(configuration: configuration, logger: logger) { request in
        kill(getpid(), request == .restart ? SIGHUP : SIGTERM)
    }
} catch {
    print("fleet-server: cannot start: \(error)")
    exit(1)
}
if configuration.security == .off {
    print("fleet-server: security is off: anyone who reaches this port can create and install updates; use --security psk outside a trusted lab")
}
print("fleet-server \(FleetVersion.current) listening on \(service.endpoints.map(\.description).joined(separator: ", ")) (data: \(configuration.dataDirectory))")
fflush(nil)

var received: Int32 = 0
sigwait(&signals, &received)
logger.notice("stopping on \(received == SIGHUP ? "restart request" : "signal \(received)")")
service.shutdown()
if received == SIGHUP {
    // Replace this process with a fresh copy, same arguments; signals unblocked again.
    pthread_sigmask(SIG_UNBLOCK, &signals, nil)
    let arguments = CommandLine.arguments.map { strdup($0) } + [nil]
    execv("/proc/self/exe", arguments)
    print("fleet-server: cannot restart: \(String(cString: strerror(errno)))")
    exit(1)
}
