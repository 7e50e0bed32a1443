import CoAPCore

/// What the load generator sends: the same method, path, query and content format every time,
/// and a payload that may differ from one request to the next.
///
/// ```swift
/// let health = RequestTemplate(.put, path: ["health"], contentFormat: .json) { i in
///     Array(#"{"node_id":"bench-\#(i % 10_000)","status":"ok"}"#.utf8)
/// }
/// ```
struct RequestTemplate: Sendable {
    /// The request method.
    let method: CoAPMethod
    /// The path segments, one Uri-Path option each (`["nodes", "n1", "health"]`).
    let path: [String]
    /// The query arguments, one Uri-Query option each (`["since=3"]`).
    let query: [String]
    /// The Content-Format option, if any.
    let contentFormat: ContentFormat?
    /// CON (the default: the server answers with a piggybacked ACK) or NON.
    let type: CoAPDatagram.MessageType
    /// Request `i`'s payload, `i` counting from 0 across the whole run; empty for none.
    /// Called on the generator's threads, once per request.
    let payload: @Sendable (Int) -> [UInt8]

    /// A template; `payload` defaults to none.
    init(
        _ method: CoAPMethod, path: [String], query: [String] = [], contentFormat: ContentFormat? = nil,
        type: CoAPDatagram.MessageType = .confirmable, payload: @escaping @Sendable (Int) -> [UInt8] = { _ in [] }
    ) {
        precondition(type == .confirmable || type == .nonConfirmable, "requests are CON or NON")
        self.method = method
        self.path = path
        self.query = query
        self.contentFormat = contentFormat
        self.type = type
        self.payload = payload
    }

    /// The encoded options, the same for every request (see ``CoAPDatagram/encodeOptions(path:query:contentFormat:)``).
    var encodedOptions: [UInt8] {
        CoAPDatagram.encodeOptions(path: path, query: query, contentFormat: contentFormat)
    }
}
