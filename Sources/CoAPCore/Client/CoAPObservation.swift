/// An observation (RFC 7641): the resource's current state, then every fresh notification.
///
/// It ends when the server ends it (an error code or a plain answer), when the client shuts
/// down, or when the consumer stops iterating, which deregisters it on the wire.
public struct CoAPObservation: AsyncSequence, Sendable {
    public typealias Element = CoAPResponse

    private let stream: AsyncThrowingStream<CoAPResponse, any Error>

    init(stream: AsyncThrowingStream<CoAPResponse, any Error>) {
        self.stream = stream
    }

    public func makeAsyncIterator() -> AsyncThrowingStream<CoAPResponse, any Error>.AsyncIterator {
        stream.makeAsyncIterator()
    }
}
