import CLibCoAP

/// CoAP's reliability knobs (RFC 7252 §4.8), applied to every session a client or server has.
public struct TransmissionParameters: Sendable, Equatable {
    /// Time before the first retransmission of a confirmable message (ACK_TIMEOUT, default 2 s).
    public var ackTimeout: Duration
    /// Randomisation of the ACK timeout (ACK_RANDOM_FACTOR, default 1.5).
    public var ackRandomFactor: Double
    /// Retransmissions before giving up (MAX_RETRANSMIT, default 4).
    public var maxRetransmit: Int
    /// Confirmable requests outstanding at once per session (NSTART, default 1); libcoap queues
    /// the rest. Raise it for many concurrent calls to one peer.
    public var nstart: Int
    /// Largest datagram in bytes (the MTU-based maximum message size, default 1152).
    public var maxMessageSize: Int

    public init(
        ackTimeout: Duration = .seconds(2), ackRandomFactor: Double = 1.5, maxRetransmit: Int = 4,
        nstart: Int = 1, maxMessageSize: Int = 1152
    ) {
        self.ackTimeout = ackTimeout
        self.ackRandomFactor = ackRandomFactor
        self.maxRetransmit = maxRetransmit
        self.nstart = nstart
        self.maxMessageSize = maxMessageSize
    }

    /// Applies the parameters to one libcoap session (loop thread only).
    func apply(to session: OpaquePointer) {
        coap_session_set_ack_timeout(session, Self.fixedPoint(Double(ackTimeout.milliseconds) / 1000))
        coap_session_set_ack_random_factor(session, Self.fixedPoint(max(1.0, ackRandomFactor)))
        coap_session_set_max_retransmit(session, UInt16(clamping: max(0, maxRetransmit)))
        coap_session_set_nstart(session, UInt16(clamping: max(1, nstart)))
        coap_session_set_mtu(session, UInt32(clamping: max(64, maxMessageSize)))
    }

    private static func fixedPoint(_ value: Double) -> coap_fixed_point_t {
        let integer = value.rounded(.towardZero)
        return coap_fixed_point_t(
            integer_part: UInt16(clamping: Int(integer)),
            fractional_part: UInt16(clamping: Int(((value - integer) * 1000).rounded())))
    }
}
