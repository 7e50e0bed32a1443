import CoAPCore

/// Everything a fleet server needs to run, with the defaults `make run` uses.
public struct FleetServerConfiguration: Sendable, Equatable {
    /// Address to listen on; `::` is every interface, IPv4 included.
    public var host: String = "::"
    /// UDP port for plain CoAP.
    public var port: UInt16 = 5683
    /// Transport security: `off` (plain CoAP only, `make run`) or `psk` (DTLS on ``securePort``).
    public var security: SecurityMode = .off
    /// UDP port for CoAP over DTLS (`coaps://`), used when ``security`` is on.
    public var securePort: UInt16 = 5684
    /// With security on, whether plain CoAP is served at all; it then answers only `/test` and
    /// `/.well-known/core`.
    public var plain: Bool = true
    /// With security on, requests a second each identity may make on average (twice as many
    /// in a burst); more get 4.29 with Max-Age. 0 turns the limit off.
    public var rateLimit: Double = 50
    /// With `pki`: the server's certificate, its private key, and the CA clients must chain to (PEM files).
    public var certificateFile: String?
    public var privateKeyFile: String?
    public var caFile: String?
    /// Holds the database (`fleet.sqlite`) and uploaded artifacts (`artifacts/`).
    public var dataDirectory: String = "./fleet-data"
    /// Lowest level logged.
    public var logLevel: Logger.Level = .info
    /// Health reports kept per node; older ones are deleted as new ones arrive.
    public var healthRetention: Int = 500
    /// Largest artifact accepted by `POST /artifacts`, in bytes.
    public var maxArtifactSize: Int = 256 << 20
    /// Largest request body of any other resource, in bytes.
    public var maxRequestSize: Int = 64 << 10
    /// Announcements (`POST /updates/available` to nodes) in flight at once.
    public var announceConcurrency: Int = 16
    /// How long one announcement may take before the node counts as unreachable for now.
    public var announceTimeout: Duration = .seconds(10)

    public init() {}

    /// The database file inside the data directory.
    public var databasePath: String { "\(dataDirectory)/fleet.sqlite" }

    /// The artifact store inside the data directory.
    public var artifactDirectory: String { "\(dataDirectory)/artifacts" }
}
