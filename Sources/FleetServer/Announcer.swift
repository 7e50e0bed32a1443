import CoAPCore
import FleetModel
import FleetStore

/// Sends `POST /updates/available` to target nodes, a bounded number at a time. A node that
/// does not answer is simply left `pending`: it learns of the job from the `pending_jobs` of
/// its next registration or health report.
final class Announcer: Sendable {
    /// Where one announcement goes.
    struct Target: Sendable {
        let nodeID: String
        let uri: String
    }

    private let client: CoAPClient
    private let concurrency: Int
    private let timeout: Duration
    private let logger: Logger

    init(concurrency: Int, timeout: Duration, logger: Logger) throws(CoAPError) {
        client = try CoAPClient(configuration: CoAPClient.Configuration(transmission: TransmissionParameters(nstart: 4)))
        self.concurrency = max(1, concurrency)
        self.timeout = timeout
        self.logger = logger
    }

    /// The node's announcement endpoint.
    static func target(for node: StoredNode) -> Target {
        let host = node.address.contains(":") ? "[\(node.address)]" : node.address
        return Target(nodeID: node.id, uri: "coap://\(host):\(node.registration.coapPort)/updates/available")
    }

    /// Announces `announcement` to every target; `delivered` runs for each node that
    /// acknowledged it with a 2.xx answer.
    func announce(
        _ announcement: UpdateAnnouncement, to targets: [Target], delivered: @escaping @Sendable (String) -> Void
    ) -> Task<Void, Never> {
        let client = self.client
        let limit = concurrency
        let timeout = self.timeout
        let logger = self.logger
        return Task {
            guard let payload = try? Payload.encode(announcement) else { return }
            await withTaskGroup(of: Void.self) { group in
                var remaining = targets.makeIterator()
                func startNext() -> Bool {
                    guard let target = remaining.next() else { return false }
                    group.addTask {
                        do {
                            _ = try await client.post(target.uri, payload: payload, contentFormat: .json, timeout: timeout)
                            delivered(target.nodeID)
                        } catch {
                            logger.info("announcement of \(announcement.jobID) to \(target.nodeID) not delivered: \(error)")
                        }
                    }
                    return true
                }
                for _ in 0..<limit where startNext() {}
                while await group.next() != nil { _ = startNext() }
            }
        }
    }

    /// Stops the client; announcements in flight fail.
    func shutdown() {
        client.shutdown()
    }
}
