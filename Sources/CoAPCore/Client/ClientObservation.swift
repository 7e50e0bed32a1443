import CLibCoAP

/// One observation registered with a server (RFC 7641), shared by every local consumer that
/// observes the same target through the same session: a server keeps one entry per client
/// and target (RFC 7641 §4.1), so a second registration would replace the first.
final class ClientObservation {
    typealias Sink = AsyncThrowingStream<CoAPResponse, any Error>.Continuation

    let registrationID: UInt64
    let session: OpaquePointer
    let request: CoAPClientRequest
    /// Identifies the target within the client: session and URI.
    let target: String
    /// The Observe sequence number and arrival time of the freshest notification.
    var last: (sequence: UInt32, at: UInt64)?
    /// The exchange fetching a block-wise body for this observation (the registration's, then
    /// a notification's), while one is in flight.
    var bodyExchangeID: UInt64?
    private var latest: CoAPResponse?
    private(set) var sinks: [UInt64: Sink] = [:]

    init(registrationID: UInt64, session: OpaquePointer, request: CoAPClientRequest, target: String) {
        self.registrationID = registrationID
        self.session = session
        self.request = request
        self.target = target
    }

    /// Adds a consumer; it starts with the latest known state, if any.
    func add(_ sink: Sink, id: UInt64) {
        sinks[id] = sink
        if let latest { sink.yield(latest) }
    }

    /// Removes and ends one consumer.
    func remove(id: UInt64) {
        sinks.removeValue(forKey: id)?.finish()
    }

    /// Passes a state to every consumer.
    func yield(_ response: CoAPResponse) {
        latest = response
        for sink in sinks.values { sink.yield(response) }
    }

    /// Ends every consumer, with an error or normally.
    func finish(throwing error: (any Error)? = nil) {
        for sink in sinks.values { sink.finish(throwing: error) }
        sinks.removeAll()
    }
}
