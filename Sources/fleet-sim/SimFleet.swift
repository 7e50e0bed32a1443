import CoAPCore
import FleetModel
import FleetNode
import Foundation
import Synchronization

/// N virtual nodes in one process: real ``NodeAgent``s with simulated health and their own directories,
/// sharing a few CoAP clients, started at a bounded rate.
final class SimFleet: Sendable {
    let options: SimOptions
    let directory: SimDirectory
    let tally: SimTally
    private let clients: [CoAPClient]
    private let agents: [NodeAgent]
    /// Set once stopping begins; the starter checks it, under the lock, before each start.
    private let stopping = Mutex(false)
    private let startFailures = Atomic<Int>(0)

    /// `keys` holds each node's pre-shared key for a `coaps://` server (empty otherwise); the
    /// shared clients then speak for each agent with its own key.
    init(options: SimOptions, directory: SimDirectory, keys: [String: [UInt8]], logger: Logger) throws {
        self.options = options
        self.directory = directory
        var clients: [CoAPClient] = []
        do {
            for index in 0..<options.clientCount {
                clients.append(try CoAPClient(logger: logger.labelled("coap.client.\(index)")))
            }
        } catch {
            for client in clients { client.shutdown() }
            throw error
        }
        self.clients = clients
        let tally = SimTally(nodeCount: options.nodes)
        self.tally = tally
        let interval = Duration.milliseconds(Int((options.healthInterval * 1000).rounded()))
        agents = (0..<options.nodes).map { index in
            let nodeID = options.nodeID(index)
            let health = SimHealthSource(nodeID: nodeID, index: index)
            let configuration = NodeAgentConfiguration(
                serverURI: options.server, nodeID: nodeID, host: "127.0.0.1", port: 0, healthInterval: interval,
                stateDirectory: directory.stateDirectory(nodeID), installRoot: directory.installRoot(nodeID),
                dtls: keys[nodeID].map { .psk(identity: nodeID, key: $0) })
            return NodeAgent(
                configuration: configuration, logger: logger.labelled(nodeID), client: clients[index % clients.count],
                healthSource: { health.next() }, observer: { tally.record($0, node: index) })
        }
    }

    /// Starts the agents on a thread of their own, `startRate` per second, and the status lines every 10 s.
    func start() {
        Thread.detachNewThread { self.startAgents() }
        Thread.detachNewThread {
            while true {
                Thread.sleep(forTimeInterval: 10)
                if self.stopping.withLock({ $0 }) { return }
                self.tally.printStatus()
            }
        }
    }

    private func startAgents() {
        let clock = ContinuousClock()
        let begin = clock.now
        let spacing = Duration.seconds(1 / options.startRate)
        for (index, agent) in agents.enumerated() {
            let due = begin + spacing * index
            if due > clock.now { Thread.sleep(forTimeInterval: Self.seconds(due - clock.now)) }
            let failure: String? = stopping.withLock { stopping in
                if stopping { return "" }
                do {
                    try directory.prepare(agent.configuration.nodeID)
                    try agent.start()
                    return nil
                } catch {
                    return "\(error)"
                }
            }
            guard let failure else { continue }
            if failure.isEmpty { return }
            startFailures.add(1, ordering: .relaxed)
            SimTally.emit("fleet-sim: \(agent.configuration.nodeID) cannot start: \(failure)")
        }
    }

    /// Stops every agent and the shared clients; returns how long that took.
    func stop() -> Duration {
        let clock = ContinuousClock()
        let begin = clock.now
        stopping.withLock { $0 = true }
        for agent in agents { agent.stop() }
        for client in clients { client.shutdown() }
        tally.close()
        return clock.now - begin
    }

    /// Agents that could not start.
    var failedStarts: Int { startFailures.load(ordering: .relaxed) }

    static func seconds(_ duration: Duration) -> Double {
        let components = duration.components
        return Double(components.seconds) + Double(components.attoseconds) / 1e18
    }
}

/// The base directory: `<dir>/<node>/state` and `<dir>/<node>/root` for every node.
struct SimDirectory: Sendable {
    let path: String
    /// Whether `fleet-sim` made `path` (then it removes all of it; otherwise only the nodes' directories).
    let created: Bool

    /// A new directory `fleet-sim-XXXXXX` under `$TMPDIR` (or /tmp), or `given`, made when missing.
    init(given: String?) throws {
        let manager = FileManager.default
        if let given {
            let absolute = given.hasPrefix("/") ? given : manager.currentDirectoryPath + "/" + given
            var isDirectory: ObjCBool = false
            if manager.fileExists(atPath: absolute, isDirectory: &isDirectory) {
                guard isDirectory.boolValue else { throw SimOptionError("--directory \(given) is not a directory") }
                created = false
            } else {
                try manager.createDirectory(atPath: absolute, withIntermediateDirectories: true)
                created = true
            }
            path = absolute
        } else {
            var base = ProcessInfo.processInfo.environment["TMPDIR"] ?? "/tmp"
            if base.isEmpty { base = "/tmp" }
            var template = Array("\(base)/fleet-sim-XXXXXX".utf8CString)
            guard let made = mkdtemp(&template) else {
                throw SimOptionError("cannot make a temporary directory in \(base): \(String(cString: strerror(errno)))")
            }
            path = String(cString: made)
            created = true
        }
    }

    func nodeDirectory(_ nodeID: String) -> String { "\(path)/\(nodeID)" }
    func stateDirectory(_ nodeID: String) -> String { "\(path)/\(nodeID)/state" }
    func installRoot(_ nodeID: String) -> String { "\(path)/\(nodeID)/root" }

    /// Makes the node's install root (the agent makes its state directory).
    func prepare(_ nodeID: String) throws {
        try FileManager.default.createDirectory(atPath: installRoot(nodeID), withIntermediateDirectories: true)
    }

    /// Removes what `fleet-sim` made: the whole directory when it made it, else the nodes' directories.
    /// Retries briefly: a stopping agent may still be writing its last record.
    func remove(nodeIDs: [String]) -> Bool {
        let targets = created ? [path] : nodeIDs.map(nodeDirectory)
        for attempt in 0..<5 {
            var left = false
            for target in targets where FileManager.default.fileExists(atPath: target) {
                if (try? FileManager.default.removeItem(atPath: target)) == nil { left = true }
            }
            if !left { return true }
            if attempt < 4 { Thread.sleep(forTimeInterval: 0.2) }
        }
        return false
    }
}
