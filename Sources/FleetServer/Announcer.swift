import CoAPCore
import FleetModel
import FleetStore

/// Sends `POST /updates/available` to target nodes, a bounded number at a time. A node that
/// does not answer is simply left `pending`: it learns of the job from the `pending_jobs` of
/// its next registration or health report.
///
/// With security on, announcements travel over DTLS to the node's endpoint, and the node
/// checks who sent them: in PSK mode the server presents ``ServerIdentity/defaultName`` with
/// that node's own key (which only the node and the server hold); in PKI mode it presents its
/// own certificate.
final class Announcer: Sendable {
    /// How announcements reach the nodes.
    enum Security: Sendable {
        /// Plain CoAP.
        case off
        /// DTLS with each node's pre-shared key, looked up by node id.
        case psk(keyForNode: @Sendable (String) -> [UInt8]?)
        /// DTLS with the server's certificate.
        case pki(PKICredentials)
    }

    /// Where one announcement goes.
    struct Target: Sendable {
        let nodeID: String
        let uri: String
        let credentials: DTLSClientCredentials?
    }

    private let client: CoAPClient
    private let security: Security
    private let concurrency: Int
    private let timeout: Duration
    private let logger: Logger

    init(security: Security, concurrency: Int, timeout: Duration, logger: Logger) throws(CoAPError) {
        // An announcement is a one-off: a node's session (a DTLS one costs about 42 kB) is let
        // go as soon as its announcement is answered, so a rollout holds only those in flight.
        var configuration = CoAPClient.Configuration(transmission: TransmissionParameters(nstart: 4), idleSessionTimeout: .zero)
        if case .pki(let files) = security { configuration.dtls = .pki(files) }
        client = try CoAPClient(configuration: configuration)
        self.security = security
        self.concurrency = max(1, concurrency)
        self.timeout = timeout
        self.logger = logger
    }

    /// The node's announcement endpoint, or nil for a node the server holds no key for (in
    /// PSK mode), which learns of its jobs from the answers to its own requests.
    func target(for node: StoredNode) -> Target? {
        let host = node.address.contains(":") ? "[\(node.address)]" : node.address
        let path = "\(host):\(node.registration.coapPort)/updates/available"
        switch security {
        case .off:
            return Target(nodeID: node.id, uri: "coap://\(path)", credentials: nil)
        case .psk(let keyForNode):
            guard let key = keyForNode(node.id) else { return nil }
            return Target(nodeID: node.id, uri: "coaps://\(path)", credentials: .psk(identity: ServerIdentity.defaultName, key: key))
        case .pki:
            return Target(nodeID: node.id, uri: "coaps://\(path)", credentials: nil)
        }
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
                            _ = try await client.send(CoAPClientRequest(
                                method: .post, uri: CoAPURI(target.uri), contentFormat: .json, payload: payload, timeout: timeout,
                                credentials: target.credentials))
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
