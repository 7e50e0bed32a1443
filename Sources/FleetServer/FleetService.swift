import CoAPCore
import FleetModel
import FleetStore
import FoundationEssentials

/// The fleet server as a library: the seed's CoAP API over a ``FleetStore``, with Observe,
/// block-wise artifact storage and announcements to nodes. `fleet-server` is a thin main
/// around it; another Swift daemon can embed it the same way.
public final class FleetService: Sendable {
    /// What `POST /system` asks of the process that runs the service.
    public enum LifecycleRequest: Sendable, Equatable {
        case restart
        case shutdown
    }

    /// Where the service listens (a configured port 0 shows the chosen one).
    public let endpoints: [CoAPServer.BoundEndpoint]
    private let server: CoAPServer
    private let context: FleetContext
    private let watcher: Task<Void, Never>

    /// Opens the data directory and starts serving.
    public init(
        configuration: FleetServerConfiguration, logger: Logger,
        lifecycle: @escaping @Sendable (LifecycleRequest) -> Void = { _ in }
    ) throws {
        try FileSystem.makeDirectories(configuration.dataDirectory)
        let store = try SQLiteFleetStore(path: configuration.databasePath)
        let artifacts = try ArtifactFiles(directory: configuration.artifactDirectory)
        let keys = configuration.security == .off ? nil : try PSKKeyStore(dataDirectory: configuration.dataDirectory)
        let announcer = try Announcer(
            security: Self.announcementSecurity(configuration, keys), concurrency: configuration.announceConcurrency,
            timeout: configuration.announceTimeout, logger: logger.labelled("fleet.announce"))
        let context = FleetContext(configuration: configuration, store: store, artifacts: artifacts, logger: logger,
                                   announcer: announcer, keys: keys, lifecycle: lifecycle)
        let server: CoAPServer
        do {
            server = try CoAPServer(
                configuration: CoAPServer.Configuration(
                    endpoints: Self.endpoints(configuration),
                    dtls: Self.credentials(configuration, keys),
                    maxBodySize: configuration.maxRequestSize,
                    // One artifact of the largest size, and room for everything else.
                    maxBufferedUploadBytes: configuration.maxArtifactSize + (16 << 20),
                    errorResponse: FleetResponses.protocolError),
                router: Self.router(context), logger: logger.labelled("coap"))
        } catch {
            announcer.shutdown()
            throw error
        }
        context.attach(server)
        self.server = server
        self.context = context
        self.endpoints = server.boundEndpoints
        self.watcher = Self.watchLiveness(context)
    }

    deinit {
        shutdown()
    }

    /// Stops serving and announcing. Idempotent.
    public func shutdown() {
        watcher.cancel()
        context.attach(nil)
        server.shutdown()
        context.announcer.shutdown()
    }

    /// Every resource of the seed's API, and the planned ones.
    static func router(_ context: FleetContext) -> CoAPRouter {
        var router = CoAPRouter()
        // One bucket per identity across every resource.
        let limiter = context.configuration.rateLimit > 0 ? RequestRateLimiter(rate: context.configuration.rateLimit) : nil
        for resource in [
            SystemResource.test(context), SystemResource.resource(context),
            HealthResource.fleet(context), HealthResource.node(context), HealthResource.metrics(context),
            NodesResource.resource(context), NodeKeyResource.resource(context),
            UpdatesResource.resource(context), UpdatesResource.statusResource(context),
            ArtifactsResource.collection(context), ArtifactsResource.item(context),
        ] {
            var resource = resource
            if context.configuration.security != .off && resource.template != "test" {
                resource.handlers = resource.handlers.mapValues { Self.secureOnly($0, limitedBy: limiter) }
            }
            router.add(resource)
        }
        return router
    }

    /// `handler` for DTLS requests only; a plain one gets 4.01 (with security on, plain CoAP
    /// serves `/test` and `/.well-known/core`, nothing else).
    private static func secureOnly(_ handler: @escaping CoAPHandler, limitedBy limiter: RequestRateLimiter?) -> CoAPHandler {
        { request in
            guard request.peer.isSecure, let identity = request.identity else {
                return FleetResponses.error(
                    .unauthorized, "unauthorized", "this server needs coaps:// with credentials; plain CoAP serves only /test")
            }
            if let wait = limiter?.admit(identity) {
                var answer = FleetResponses.error(
                    .tooManyRequests, "too_many_requests", "\(identity) is over its request rate; retry in \(wait) s")
                answer.options.append(CoAPOption(.maxAge, uint: UInt32(wait)))  // RFC 8516: when to retry
                return answer
            }
            return try handler(request)
        }
    }

    /// Plain CoAP unless security is on and `plain` off; DTLS when security is on.
    private static func endpoints(_ configuration: FleetServerConfiguration) -> [CoAPServer.Endpoint] {
        var endpoints: [CoAPServer.Endpoint] = []
        if configuration.security == .off || configuration.plain {
            endpoints.append(.udp(host: configuration.host, port: configuration.port))
        }
        if configuration.security != .off {
            endpoints.append(.dtls(host: configuration.host, port: configuration.securePort))
        }
        return endpoints
    }

    /// Pre-shared keys from the key store, or the server's certificate and the clients' CA.
    private static func credentials(_ configuration: FleetServerConfiguration, _ keys: PSKKeyStore?) -> DTLSServerCredentials? {
        switch configuration.security {
        case .off:
            return nil
        case .psk:
            return keys.map { keys in DTLSServerCredentials(psk: PSKServerCredentials { keys.key(for: $0) }) }
        case .pki:
            guard let certificate = configuration.certificateFile, let key = configuration.privateKeyFile, let ca = configuration.caFile
            else { return nil }
            return DTLSServerCredentials(pki: PKICredentials(caFile: ca, certificateFile: certificate, privateKeyFile: key))
        }
    }

    /// How announcements reach nodes: as the server's DTLS credentials say.
    private static func announcementSecurity(_ configuration: FleetServerConfiguration, _ keys: PSKKeyStore?) -> Announcer.Security {
        switch configuration.security {
        case .off:
            return .off
        case .psk:
            guard let keys else { return .off }
            return .psk { keys.key(for: $0) }
        case .pki:
            guard let files = credentials(configuration, keys)?.pki else { return .off }
            return .pki(files)
        }
    }

    /// Nodes go offline by silence, not by a request: look every few seconds and tell the
    /// observers of `/health` when the set of offline nodes changed.
    private static func watchLiveness(_ context: FleetContext) -> Task<Void, Never> {
        Task {
            var offline = Set<String>()
            while !Task.isCancelled {
                try? await Task.sleep(for: .seconds(2))
                guard let sightings = try? context.store.sightings() else { continue }
                let time = context.now
                let now = Set(sightings.filter {
                    !NodeLiveness.isOnline(lastSeen: $0.lastSeen, healthIntervalSeconds: $0.healthIntervalSeconds, now: time)
                }.map(\.nodeID))
                if now != offline {
                    for id in now.symmetricDifference(offline) { context.notify("nodes/\(id)/health") }
                    context.notify("health")
                    offline = now
                }
            }
        }
    }
}
