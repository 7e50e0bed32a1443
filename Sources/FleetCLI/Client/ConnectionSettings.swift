import CoAPCore

/// Where fleetctl's server is and how to talk to it: the URI, the time limit of each request,
/// and DTLS credentials for `coaps://`.
public struct ConnectionSettings: Sendable, Equatable {
    /// `coap://host:port` or `coaps://host:port`, without a trailing slash.
    public var serverURI: String
    /// The limit for one request (a whole block-wise transfer counts as one).
    public var timeout: Duration
    /// Credentials for `coaps://`.
    public var dtls: DTLSClientCredentials?

    /// Creates settings; the defaults are the local server on 5683 and 10 s.
    public init(serverURI: String = "coap://127.0.0.1:5683", timeout: Duration = .seconds(10), dtls: DTLSClientCredentials? = nil) {
        self.serverURI = serverURI
        self.timeout = timeout
        self.dtls = dtls
    }
}
