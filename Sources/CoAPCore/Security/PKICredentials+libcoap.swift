import CLibCoAP
import Glibc

extension PKICredentials {
    /// libcoap's PKI set-up for these PEM files: the peer must present a certificate that
    /// chains to the same CA (no self-signed or expired certificates). The path strings live
    /// in `store`.
    func libcoapSetup(store: CStringStore) -> coap_dtls_pki_t {
        var setup = coap_dtls_pki_t()
        setup.version = UInt8(COAP_DTLS_PKI_SETUP_VERSION)
        setup.verify_peer_cert = 1
        setup.check_common_ca = 1
        setup.allow_self_signed = 0
        setup.allow_expired_certs = 0
        setup.cert_chain_validation = 1
        setup.cert_chain_verify_depth = 3
        setup.pki_key.key_type = COAP_PKI_KEY_PEM
        setup.pki_key.key.pem.ca_file = UnsafePointer(store.copy(caFile))
        setup.pki_key.key.pem.public_cert = UnsafePointer(store.copy(certificateFile))
        setup.pki_key.key.pem.private_key = UnsafePointer(store.copy(privateKeyFile))
        return setup
    }

    /// The client's set-up: ``libcoapSetup(store:)``, plus the check of the server's name
    /// when ``peerName`` is set (the handshake fails for any other name).
    func libcoapClientSetup(store: CStringStore) -> coap_dtls_pki_t {
        var setup = libcoapSetup(store: store)
        guard let peerName else { return setup }
        setup.cn_call_back_arg = UnsafeMutableRawPointer(store.copy(peerName))
        setup.validate_cn_call_back = { name, _, _, _, depth, _, expected in
            // Depth 0 is the peer's own certificate; the CA chain above it is checked by OpenSSL.
            guard depth == 0 else { return 1 }
            guard let name, let expected else { return 0 }
            return strcmp(name, expected.assumingMemoryBound(to: CChar.self)) == 0 ? 1 : 0
        }
        return setup
    }
}
