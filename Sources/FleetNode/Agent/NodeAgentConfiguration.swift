import CoAPCore
import FleetModel

/// How a ``NodeAgent`` runs: where the server is, who the node is, where the agent listens,
/// how often it reports and what it watches.
public struct NodeAgentConfiguration: Sendable, Equatable {
    /// The fleet server, `coap://host:port` (no path); requests go to its `/nodes` and `/health`.
    public var serverURI: String
    /// The node's identity; defaults to the host name.
    public var nodeID: String
    /// The address the agent's own CoAP endpoint binds; `::` is every interface, IPv4 too.
    public var host: String
    /// The UDP port of the agent's own endpoint; 0 lets the system choose (see ``NodeAgent/port``).
    public var port: UInt16
    /// Time between health reports; sent to the server in whole seconds, at least 1.
    public var healthInterval: Duration
    /// The mount points whose usage makes the disk figure.
    public var mountPoints: [String]
    /// The limits the health figures are judged against.
    public var thresholds: HealthThresholds
    /// Services to watch, by process name: one runs when a process with that name (its first 15 bytes) runs.
    public var services: [String]
    /// Kernel modules whose presence the node reports (`/proc/modules`) in its system facts.
    public var drivers: [String]
    /// Where the agent keeps its job records, staged downloads and installed versions.
    public var stateDirectory: String
    /// The directory every `install_path` is resolved inside; `/` for the whole system.
    public var installRoot: String
    /// Directories, as jobs name them, that a job's `install_path` must lie in (`/opt/app`
    /// allows `/opt/app/x` and below); empty allows any path under ``installRoot``.
    public var allowedInstallPaths: [String] = []
    /// The programs the pip and apt installers run.
    public var installCommands: InstallCommands
    /// Credentials for a `coaps://` server (a PSK identity and key, or a certificate); nil for
    /// `coap://`. With credentials the agent's own endpoint is DTLS too, with the same ones.
    public var dtls: DTLSClientCredentials?
    /// Who may announce jobs to the agent's DTLS endpoint: the PSK identity the server presents
    /// (with this node's key), or the name on the server's certificate.
    public var serverIdentity = ServerIdentity.defaultName
    /// Ed25519 public keys (hex) whose signed update manifests the node accepts.
    public var trustedKeys: [String] = []
    /// Refuse every job without a manifest signed by one of ``trustedKeys``.
    public var requireSigned = false
    /// How long one request to the server may take before it counts as unanswered.
    public var requestTimeout: Duration
    /// The wait before the first retry of a failed registration.
    public var retryInitialDelay: Duration
    /// The factor each further retry of a registration multiplies the wait by.
    public var retryFactor: Double
    /// The longest wait between registration retries.
    public var retryMaxDelay: Duration

    /// Creates a configuration; by default (`nodeID` nil) the node is named after its host, listens on `[::]:5683`, reports every
    /// 30 s on `/` with default thresholds, watches no services, keeps its state in `/var/lib/fleet-node`, installs
    /// relative to `/`, and retries registration after 1, 2, 4… up to 60 s.
    public init(
        serverURI: String = "coap://127.0.0.1:5683", nodeID: String? = nil, host: String = "::",
        port: UInt16 = 5683, healthInterval: Duration = .seconds(30), mountPoints: [String] = ["/"],
        thresholds: HealthThresholds = HealthThresholds(), services: [String] = [], drivers: [String] = [],
        stateDirectory: String = "/var/lib/fleet-node", installRoot: String = "/",
        installCommands: InstallCommands = InstallCommands(), dtls: DTLSClientCredentials? = nil, requestTimeout: Duration = .seconds(10), retryInitialDelay: Duration = .seconds(1), retryFactor: Double = 2,
        retryMaxDelay: Duration = .seconds(60)
    ) {
        self.serverURI = serverURI
        self.nodeID = nodeID ?? HostName.current()
        self.host = host
        self.port = port
        self.healthInterval = healthInterval
        self.mountPoints = mountPoints
        self.thresholds = thresholds
        self.services = services
        self.drivers = drivers
        self.stateDirectory = stateDirectory
        self.installRoot = installRoot
        self.installCommands = installCommands
        self.dtls = dtls
        self.requestTimeout = requestTimeout
        self.retryInitialDelay = retryInitialDelay
        self.retryFactor = retryFactor
        self.retryMaxDelay = retryMaxDelay
    }

    /// ``dtls`` as the agent's client uses it: with certificates, only a server certificate
    /// named ``serverIdentity`` is accepted, so another certificate from the same CA (a
    /// node's) cannot pose as the server.
    var serverCredentials: DTLSClientCredentials? {
        guard case .pki(var files) = dtls else { return dtls }
        files.peerName = serverIdentity
        return .pki(files)
    }

    /// The retry schedule for registrations these settings describe.
    var backoff: RetryBackoff {
        RetryBackoff(initial: retryInitialDelay, factor: retryFactor, maximum: retryMaxDelay)
    }

    /// ``healthInterval`` in whole seconds for the registration's `health_interval_s`: rounded up, 1…86400.
    var healthIntervalSeconds: Int {
        let components = healthInterval.components
        let whole = Int(components.seconds) + (components.attoseconds > 0 ? 1 : 0)
        return min(max(whole, 1), 86_400)
    }
}
