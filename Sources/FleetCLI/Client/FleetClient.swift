import CoAPCore
import FleetModel
import Foundation

/// A fleet server's API for fleetctl and for any Swift program that drives a fleet: JSON
/// requests, artifact transfers with progress, and observations. Answers come back as the
/// server's JSON bytes, so callers may print them untouched (`--json`) or decode them.
public final class FleetClient: Sendable {
    /// The settings the client was made with.
    public let settings: ConnectionSettings
    private let client: CoAPClient

    /// Creates a client for the server in `settings`.
    public init(settings: ConnectionSettings) throws(FleetClientError) {
        self.settings = settings
        do {
            client = try CoAPClient(configuration: CoAPClient.Configuration(dtls: settings.dtls))
        } catch {
            throw .local("cannot start the CoAP client: \(error)")
        }
    }

    /// Stops the client; calls in flight fail.
    public func shutdown() {
        client.shutdown()
    }

    /// GET `path` (relative to the server, e.g. `nodes`); the answer's payload.
    public func get(_ path: String) async throws(FleetClientError) -> [UInt8] {
        try await send(.get, path)
    }

    /// POST `body` as JSON to `path`; the answer's payload.
    public func post(_ path: String, json body: some Encodable) async throws(FleetClientError) -> [UInt8] {
        try await send(.post, path, payload: try encode(body), format: .json)
    }

    /// DELETE `path`, with `body` as JSON when given; the answer's payload.
    public func delete(_ path: String, json body: (some Encodable)? = nil as [String: String]?) async throws(FleetClientError) -> [UInt8] {
        if let body { return try await send(.delete, path, payload: try encode(body), format: .json) }
        return try await send(.delete, path)
    }

    /// Uploads the file at `file` as an artifact named `name` (block-wise); the server's answer.
    public func upload(
        file: String, name: String, progress: (@Sendable (TransferProgress) -> Void)? = nil
    ) async throws(FleetClientError) -> [UInt8] {
        guard let contents = FileManager.default.contents(atPath: file) else {
            throw .local("cannot read \(file)")
        }
        let query = name.addingPercentEncoding(withAllowedCharacters: .urlQueryAllowed) ?? name
        return try await send(
            .post, "artifacts?name=\(query)", payload: [UInt8](contents), format: .octetStream, progress: progress,
            timeout: transferTimeout(bytes: contents.count))
    }

    /// Downloads artifact `id` into `file`, continuing a partial file from its last complete
    /// block; returns the file's size.
    public func download(
        artifact id: String, to file: String, progress: (@Sendable (TransferProgress) -> Void)? = nil
    ) async throws(FleetClientError) -> Int {
        do {
            return try await client.download(
                "\(settings.serverURI)/artifacts/\(id)", toFile: file, resume: true,
                timeout: transferTimeout(bytes: 256 << 20), progress: progress)
        } catch {
            throw FleetClientError.from(error, server: settings.serverURI)
        }
    }

    /// Observes `path`: each notification's payload, the first being the current state.
    public func observe(_ path: String) throws(FleetClientError) -> AsyncThrowingStream<[UInt8], any Error> {
        let observation: CoAPObservation
        do {
            observation = try client.observe("\(settings.serverURI)/\(path)", timeout: settings.timeout)
        } catch {
            throw FleetClientError.from(error, server: settings.serverURI)
        }
        let server = settings.serverURI
        return AsyncThrowingStream { continuation in
            let relay = Task {
                do {
                    for try await notification in observation { continuation.yield(notification.payload) }
                    continuation.finish()
                } catch {
                    continuation.finish(throwing: FleetClientError.from(error, server: server))
                }
            }
            continuation.onTermination = { _ in relay.cancel() }
        }
    }

    private func send(
        _ method: CoAPMethod, _ path: String, payload: [UInt8] = [], format: ContentFormat? = nil,
        progress: (@Sendable (TransferProgress) -> Void)? = nil, timeout: Duration? = nil
    ) async throws(FleetClientError) -> [UInt8] {
        do {
            let request = CoAPClientRequest(
                method: method, uri: try CoAPURI("\(settings.serverURI)/\(path)"), contentFormat: format, payload: payload,
                timeout: timeout ?? settings.timeout, progress: progress)
            return try await client.send(request).payload
        } catch {
            throw FleetClientError.from(error, server: settings.serverURI)
        }
    }

    private func encode(_ body: some Encodable) throws(FleetClientError) -> [UInt8] {
        do {
            return try Payload.encode(body)
        } catch {
            throw .local("cannot encode the request: \(error)")
        }
    }

    /// A transfer gets the request timeout plus a second per 100 KB, so large artifacts on slow links finish.
    private func transferTimeout(bytes: Int) -> Duration {
        settings.timeout + .seconds(bytes / 100_000)
    }
}
