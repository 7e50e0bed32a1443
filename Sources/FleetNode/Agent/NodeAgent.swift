import CoAPCore
import FleetModel
import Synchronization

/// The fleet node agent: serves the node's own CoAP endpoint, registers with the fleet server
/// and reports the node's health to it every interval.
///
/// ``start()`` binds the endpoint, then registers (`POST /nodes`), retrying with capped
/// exponential backoff while the server is unreachable. After each registration it reports at
/// once and then every health interval (`PUT /health`); a 4.04 answer means the server forgot the
/// node, so the agent registers again. Jobs come from `POST /updates/available` and from the
/// `pending_jobs` of the server's answers; they are recorded in the state directory and carried
/// out one at a time (see `UpdateRunner`), and the agent registers again after an install so
/// the server learns the installed versions. ``stop()`` ends it all; until then the running
/// agent keeps itself alive.
public final class NodeAgent: Sendable {
    /// The settings the agent runs with.
    public let configuration: NodeAgentConfiguration
    private let logger: Logger
    private let observer: @Sendable (NodeAgentEvent) -> Void
    private let sharedClient: CoAPClient?
    /// The configured server's numeric addresses: announcements from elsewhere are refused.
    private let serverAddresses: Set<String>
    private let healthSource: (@Sendable () -> HealthReport)?
    private let state: Mutex<State>
    /// The services' states of the latest probe, read by the health collector.
    private let serviceStates = ServiceStates()

    /// The latest states of the watched services, shared with the health collector.
    private final class ServiceStates: Sendable {
        let latest = Mutex<[String: Bool]>([:])
    }

    /// What a started agent holds.
    private struct Running {
        let server: CoAPServer
        let client: CoAPClient
        /// Whether the agent made the client (and so shuts it down); a shared one is left alone.
        let ownsClient: Bool
        let port: UInt16
        let updates: AgentUpdates
        let loop: Task<Void, Never>
        let reporting: Task<Void, Never>
    }

    private struct State {
        var running: Running?
        var collector: HealthCollector
        var latestReport: HealthReport?
    }

    /// Creates a stopped agent; `observer` hears of every registration and report, on the agent's task.
    ///
    /// Many agents in one process (a simulator) may share one `client` for their requests to the
    /// server, and take their health from `healthSource` instead of this machine's readers.
    public init(
        configuration: NodeAgentConfiguration, logger: Logger = .disabled, client: CoAPClient? = nil,
        healthSource: (@Sendable () -> HealthReport)? = nil,
        observer: @escaping @Sendable (NodeAgentEvent) -> Void = { _ in }
    ) {
        self.configuration = configuration
        self.logger = logger
        self.observer = observer
        self.sharedClient = client
        self.serverAddresses = ServerAddresses.resolve((try? CoAPURI(configuration.serverURI))?.host ?? "")
        self.healthSource = healthSource
        let serviceStates = self.serviceStates
        let collector = HealthCollector(
            mountPoints: configuration.mountPoints, thresholds: configuration.thresholds,
            servicesStatus: { serviceStates.latest.withLock { $0 } })
        self.state = Mutex(State(collector: collector))
    }

    /// The port the agent's endpoint is bound to while it runs (the chosen one for a configured port 0); nil when stopped.
    public var port: UInt16? {
        state.withLock { $0.running?.port }
    }

    /// Binds the agent's endpoint and starts registering and reporting; returns the bound port.
    /// A running agent is left as it is.
    ///
    /// - Throws: ``CoAPError`` when the endpoint cannot be bound or the client cannot start;
    ///   an error naming the path when the state directory cannot be opened.
    @discardableResult
    public func start() throws -> UInt16 {
        if let port { return port }
        let client = try sharedClient
            ?? CoAPClient(configuration: CoAPClient.Configuration(dtls: configuration.serverCredentials), logger: logger.labelled("coap.client"))
        let ownsClient = sharedClient == nil
        let updates: AgentUpdates
        let server: CoAPServer
        do {
            updates = try AgentUpdates(configuration: configuration, client: client, logger: logger, observer: observer)
            // Bound outside the lock: a request reaching the new endpoint may need the lock for its answer.
            server = try CoAPServer(
                configuration: CoAPServer.Configuration(
                    endpoints: [configuration.dtls == nil
                        ? .udp(host: configuration.host, port: configuration.port)
                        : .dtls(host: configuration.host, port: configuration.port)],
                    dtls: Self.endpointCredentials(configuration),
                    errorResponse: AgentResponses.protocolError),
                router: AgentEndpoint.router(self), logger: logger.labelled("coap"))
        } catch {
            if ownsClient { client.shutdown() }
            throw error
        }
        let port = server.boundEndpoints.first?.port ?? configuration.port
        let earlier = state.withLock { state -> UInt16? in
            if let running = state.running { return running.port }
            let loop = Task { await self.run(client: client, port: port, updates: updates) }
            let reporting = Task { await updates.report() }
            state.running = Running(
                server: server, client: client, ownsClient: ownsClient, port: port, updates: updates, loop: loop,
                reporting: reporting)
            return nil
        }
        guard let earlier else { return port }
        // Another start won the race; keep its endpoint.
        if ownsClient { client.shutdown() }
        server.shutdown()
        return earlier
    }

    /// Stops registering and reporting and shuts the client and the endpoint down. Idempotent; the agent may be
    /// started again.
    public func stop() {
        guard let running = state.withLock({ state in
            defer { state.running = nil }
            return state.running
        }) else { return }
        running.loop.cancel()
        running.reporting.cancel()
        let runner = running.updates.runner
        Task { await runner.stop() }
        if running.ownsClient { running.client.shutdown() }
        running.server.shutdown()
    }

    /// The health report `GET /health` answers: the latest one sent, or a fresh one before the first.
    func currentReport() -> HealthReport {
        state.withLock { state in
            if let report = state.latestReport { return report }
            let report = healthSource?() ?? state.collector.collect(nodeID: configuration.nodeID)
            state.latestReport = report
            return report
        }
    }

    /// The versions `GET /system` shows: those of the running agent's state directory.
    func installedVersions() -> [String: String] {
        state.withLock { $0.running?.updates.installed.versions } ?? [:]
    }

    /// Whether `address` is one of the configured server's (resolved once).
    /// The agent's endpoint speaks DTLS whenever it talks to its server over DTLS: in PSK
    /// mode only the server's identity with this node's own key completes a handshake; in PKI
    /// mode the node's certificate serves, and peers need one from the same CA.
    private static func endpointCredentials(_ configuration: NodeAgentConfiguration) -> DTLSServerCredentials? {
        switch configuration.dtls {
        case nil:
            return nil
        case .psk(_, let key):
            let server = configuration.serverIdentity
            return DTLSServerCredentials(psk: PSKServerCredentials { $0 == server ? key : nil })
        case .pki(let files):
            return DTLSServerCredentials(pki: files)
        }
    }

    func isServer(_ address: String) -> Bool {
        serverAddresses.contains(address)
    }

    /// Takes an announcement at `POST /updates/available`; nil while the agent is not running.
    func receive(_ announcement: UpdateAnnouncement, from sender: String) throws -> UpdateRunner.Acceptance? {
        guard let updates = state.withLock({ $0.running?.updates }) else { return nil }
        let acceptance = try updates.receive(announcement)
        if acceptance == .accepted { logger.info("\(announcement.jobID): announced by \(sender)") }
        return acceptance
    }

    /// Registers until the server accepts, then reports every interval; registers again when
    /// forgotten, and after an install changed the installed versions.
    private func run(client: CoAPClient, port: UInt16, updates: AgentUpdates) async {
        var backoff = configuration.backoff
        var generator = SystemRandomNumberGenerator()
        var registered = false
        var registeredVersions: [String: String]?
        await updates.runner.resumeUnfinished()
        while !Task.isCancelled {
            if registered, updates.installed.versions != registeredVersions { registered = false }
            if !registered {
                do {
                    let versions = updates.installed.versions
                    let answer = try await exchange(client, .post, "nodes", registration(port: port, versions: versions))
                    registeredVersions = versions
                    record(answer, updates)
                    backoff.reset()
                    registered = true
                    logger.info("registered as \(configuration.nodeID) with \(configuration.serverURI): \(answer.status)")
                    observer(.registered(answer))
                } catch {
                    if Task.isCancelled { return }
                    let delay = backoff.nextDelay(using: &generator)
                    logger.warning("registration with \(configuration.serverURI) failed: \(error); retrying in \(delay)")
                    observer(.registrationFailed(detail: "\(error)", retryIn: delay))
                    try? await Task.sleep(for: delay)
                    continue
                }
            }
            if healthSource == nil {
                let services = await ServiceProbe.states(of: configuration.services)
                serviceStates.latest.withLock { $0 = services }
            }
            let report = state.withLock { state in
                let report = healthSource?() ?? state.collector.collect(nodeID: configuration.nodeID)
                state.latestReport = report
                return report
            }
            do {
                let answer = try await exchange(client, .put, "health", report)
                record(answer, updates)
                logger.debug("health reported: \(answer.status)")
                observer(.reported(answer))
            } catch let error as CoAPError where error.code == .notFound {
                registered = false
                logger.notice("the server does not know \(configuration.nodeID); registering again")
                observer(.forgotten)
                continue
            } catch {
                if Task.isCancelled { return }
                logger.warning("health report to \(configuration.serverURI) failed: \(error)")
                observer(.reportFailed(detail: "\(error)"))
            }
            try? await Task.sleep(for: configuration.healthInterval)
        }
    }

    /// Sends `body` as JSON to `path` on the server and decodes the acknowledgement.
    private func exchange(
        _ client: CoAPClient, _ method: CoAPMethod, _ path: String, _ body: some Encodable
    ) async throws -> NodeAcknowledgement {
        let request = CoAPClientRequest(
            method: method, uri: try CoAPURI("\(configuration.serverURI)/\(path)"), contentFormat: .json,
            payload: try Payload.encode(body), timeout: configuration.requestTimeout, credentials: configuration.serverCredentials)
        let response = try await client.send(request)
        return try Payload.decode(NodeAcknowledgement.self, from: response.payload)
    }

    /// Takes on each valid job an answer lists as pending (known ones are not run twice).
    private func record(_ answer: NodeAcknowledgement, _ updates: AgentUpdates) {
        for job in answer.pendingJobs {
            do {
                try job.validate()
                if try updates.receive(job) == .accepted { logger.info("\(job.jobID): picked up from pending_jobs") }
            } catch {
                logger.error("pending job \(job.jobID) not taken: \(error)")
            }
        }
    }

    /// The registration: who the node is, where its agent listens and how often it reports.
    private func registration(port: UInt16, versions: [String: String]) -> NodeRegistration {
        let facts = SystemFacts.read()
        return NodeRegistration(
            nodeID: configuration.nodeID, hostname: facts.hostname, status: "online", services: configuration.services,
            drivers: LoadedModules.report(configuration.drivers).filter(\.value).keys.sorted(),
            systemInfo: [
                "os": .string(facts.os), "arch": .string(facts.architecture), "kernel": .string(facts.kernel),
                "cpu_count": .number(Double(facts.cpuCount)),
            ],
            coapPort: Int(port), healthIntervalSeconds: configuration.healthIntervalSeconds,
            agentVersion: FleetVersion.current, installedVersions: versions)
    }
}
