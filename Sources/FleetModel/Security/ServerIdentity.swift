/// How the fleet server names itself to the nodes it announces jobs to over DTLS.
public enum ServerIdentity {
    /// The PSK identity the server presents to a node's endpoint (with that node's own key),
    /// and the certificate name a node expects of the server by default in PKI mode.
    public static let defaultName = "fleet-server"
}
