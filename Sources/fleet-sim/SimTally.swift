import FleetModel
import FleetNode
import Glibc
import Synchronization

/// What the simulated fleet did, counted from the agents' events, and the lines `fleet-sim` prints about it.
final class SimTally: Sendable {
    private struct Counts {
        /// Which nodes have registered at least once.
        var everRegistered: [Bool]
        var registeredNodes = 0
        var registrations = 0
        var registrationFailures = 0
        var reports = 0
        var reportFailures = 0
        var forgotten = 0
        /// Finished jobs by final state, each node's job counted once.
        var finished: [NodeUpdateState: Int] = [:]
        var finishedKeys: Set<String> = []
        /// When every node had registered.
        var allRegisteredAt: ContinuousClock.Instant?
        /// No more status lines once the summary is out.
        var closed = false
    }

    let nodeCount: Int
    let startedAt: ContinuousClock.Instant
    private let counts: Mutex<Counts>

    init(nodeCount: Int, startedAt: ContinuousClock.Instant = .now) {
        self.nodeCount = nodeCount
        self.startedAt = startedAt
        counts = Mutex(Counts(everRegistered: Array(repeating: false, count: nodeCount)))
    }

    /// Counts one event of node `index`; prints the "registered" line when the last node registers.
    func record(_ event: NodeAgentEvent, node index: Int) {
        let line: String? = counts.withLock { counts in
            switch event {
            case .registered:
                counts.registrations += 1
                guard !counts.everRegistered[index] else { return nil }
                counts.everRegistered[index] = true
                counts.registeredNodes += 1
                guard counts.registeredNodes == nodeCount else { return nil }
                let now = ContinuousClock.now
                counts.allRegisteredAt = now
                return "fleet-sim: \(nodeCount) nodes registered in \(Self.seconds(now - startedAt)) s"
            case .registrationFailed:
                counts.registrationFailures += 1
            case .reported:
                counts.reports += 1
            case .reportFailed:
                counts.reportFailures += 1
            case .forgotten:
                counts.forgotten += 1
            case .jobChanged(let jobID, let state, _):
                guard state.isFinal, counts.finishedKeys.insert("\(index)/\(jobID)").inserted else { return nil }
                counts.finished[state, default: 0] += 1
            }
            return nil
        }
        if let line { Self.emit(line) }
    }

    /// The status line: registered nodes, reports and finished jobs.
    func statusLine() -> String {
        counts.withLock { counts in
            var line = "fleet-sim: \(counts.registeredNodes)/\(nodeCount) registered, \(counts.reports) reports sent"
            var problems: [String] = []
            if counts.reportFailures > 0 { problems.append("\(counts.reportFailures) reports failed") }
            if counts.registrationFailures > 0 { problems.append("\(counts.registrationFailures) registration attempts failed") }
            if counts.forgotten > 0 { problems.append("\(counts.forgotten) times forgotten") }
            if !problems.isEmpty { line += " (" + problems.joined(separator: ", ") + ")" }
            line += ", jobs finished: " + Self.jobText(counts.finished)
            return line
        }
    }

    /// Prints the status line unless the summary is already out.
    func printStatus() {
        let line = counts.withLock { $0.closed } ? nil : statusLine()
        if let line { Self.emit(line) }
    }

    /// Stops status lines: the summary follows.
    func close() { counts.withLock { $0.closed = true } }

    /// `final state: count` pairs in the state machine's order, or "none".
    private static func jobText(_ finished: [NodeUpdateState: Int]) -> String {
        let parts = NodeUpdateState.allCases.compactMap { state in finished[state].map { "\($0) \(state.rawValue)" } }
        return parts.isEmpty ? "none" : parts.joined(separator: ", ")
    }

    /// `duration` in seconds with one decimal.
    static func seconds(_ duration: Duration) -> String {
        let components = duration.components
        let tenths = (Double(components.seconds) + Double(components.attoseconds) / 1e18) * 10
        let value = tenths.rounded() / 10
        return String(value)
    }

    /// Prints `line` and flushes at once (stdout may be a pipe).
    static func emit(_ line: String) {
        printLock.withLock { _ in
            print(line)
            fflush(nil)
        }
    }

    private static let printLock = Mutex(())
}
