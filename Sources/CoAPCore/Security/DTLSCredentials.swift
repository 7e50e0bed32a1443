/// DTLS credentials of a server (RFC 7252 §9): pre-shared keys, certificates, or both.
public struct DTLSServerCredentials: Sendable {
    /// Pre-shared keys, looked up per client identity.
    public var psk: PSKServerCredentials?
    /// A certificate and key signed by a CA that every client certificate must also chain to.
    public var pki: PKICredentials?

    public init(psk: PSKServerCredentials? = nil, pki: PKICredentials? = nil) {
        self.psk = psk
        self.pki = pki
    }
}

/// The server side of PSK: a hint and a lookup from identity to key.
public struct PSKServerCredentials: Sendable {
    /// Sent to clients to help them choose an identity (often empty).
    public var hint: String
    /// The key for an identity, or nil to refuse it. Called on the loop thread during a
    /// handshake: keep it fast (a dictionary, not a network call). Keys are at most 64 bytes.
    public var keyForIdentity: @Sendable (String) -> [UInt8]?

    public init(hint: String = "", keyForIdentity: @escaping @Sendable (String) -> [UInt8]?) {
        self.hint = hint
        self.keyForIdentity = keyForIdentity
    }
}

/// Certificate credentials in PEM files.
public struct PKICredentials: Sendable, Hashable {
    /// The CA certificate that peers' certificates must chain to.
    public var caFile: String
    /// This side's certificate.
    public var certificateFile: String
    /// This side's private key.
    public var privateKeyFile: String
    /// The name a client requires of the server's certificate (its first DNS subjectAltName,
    /// else its CN); nil accepts any certificate the CA issued. A server ignores it: its
    /// handlers see the client's name as the request's identity.
    public var peerName: String?

    public init(caFile: String, certificateFile: String, privateKeyFile: String, peerName: String? = nil) {
        self.caFile = caFile
        self.certificateFile = certificateFile
        self.privateKeyFile = privateKeyFile
        self.peerName = peerName
    }
}

/// DTLS credentials of a client.
public enum DTLSClientCredentials: Sendable, Hashable {
    /// A PSK identity and its key (at most 64 bytes). The shared key also proves the server.
    case psk(identity: String, key: [UInt8])
    /// A certificate and key; the server's certificate is verified against the CA.
    case pki(PKICredentials)
}
