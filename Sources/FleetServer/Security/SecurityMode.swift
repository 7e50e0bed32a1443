/// How the server protects itself (the security issue's transport part).
public enum SecurityMode: String, Sendable, Equatable, CaseIterable {
    /// Plain CoAP only, no identities: for a trusted lab network (`make run`); never production,
    /// since whoever reaches the port can create updates, which is running code on every node.
    case off
    /// DTLS with pre-shared keys on the secure port; the identities and keys are kept in the
    /// data directory (`security/psk.json`, mode 0600).
    case psk
    /// DTLS with certificates on the secure port: the server's certificate and key, and a CA
    /// every client certificate must chain to; a client's identity is its certificate's name.
    case pki
}
