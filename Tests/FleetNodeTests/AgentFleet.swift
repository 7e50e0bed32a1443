import CoAPCore
import FleetModel
import FleetNode
import FleetServer
import Foundation
import TestSupport
import Testing

/// A ``FleetService`` on a loopback port over a fresh data directory, a client for asking it
/// (and agents) things, and helpers to run agents against it with a 100 ms health interval.
final class AgentFleet: Sendable {
    let client: CoAPClient
    let directory: String
    let port: UInt16
    private let service: Locked<FleetService?>

    /// Starts a server on `port` (0: an ephemeral one).
    init(port: UInt16 = 0) throws {
        directory = try makeTemporaryDirectory("fleet-node-test")
        let service = try Self.startService(port: port, directory: directory)
        self.port = try #require(service.endpoints.first?.port)
        self.service = Locked(service)
        client = try CoAPClient()
    }

    /// A port where, once this returns, no server listens (a server ran there a moment ago).
    static func freePort() throws -> UInt16 {
        let fleet = try AgentFleet()
        defer { fleet.close() }
        return fleet.port
    }

    static func startService(port: UInt16, directory: String) throws -> FleetService {
        var configuration = FleetServerConfiguration()
        configuration.host = "127.0.0.1"
        configuration.port = port
        configuration.dataDirectory = directory
        configuration.announceTimeout = .seconds(2)
        return try FleetService(configuration: configuration, logger: .disabled)
    }

    func close() {
        client.shutdown()
        service.value?.shutdown()
        service.set(nil)
        try? FileManager.default.removeItem(atPath: directory)
    }

    /// An agent for this server, listening on an ephemeral loopback port, reporting every 100 ms,
    /// with its state in `<directory>/<node>/state` and its install root `<directory>/<node>/root`.
    func agent(
        _ nodeID: String, events: Inbox<NodeAgentEvent>, serverPort: UInt16? = nil,
        installCommands: InstallCommands = InstallCommands()
    ) -> NodeAgent {
        NodeAgent(
            configuration: NodeAgentConfiguration(
                serverURI: "coap://127.0.0.1:\(serverPort ?? port)", nodeID: nodeID, host: "127.0.0.1", port: 0,
                healthInterval: .milliseconds(100), stateDirectory: stateDirectory(of: nodeID),
                installRoot: installRoot(of: nodeID), installCommands: installCommands, requestTimeout: .seconds(1),
                retryInitialDelay: .milliseconds(20), retryMaxDelay: .milliseconds(200)),
            observer: { events.put($0) })
    }

    /// Where the agent of `nodeID` keeps its state.
    func stateDirectory(of nodeID: String) -> String { "\(directory)/\(nodeID)/state" }

    /// The install root of the agent of `nodeID`.
    func installRoot(of nodeID: String) -> String { "\(directory)/\(nodeID)/root" }

    /// The server's base URI.
    var serverURI: String { "coap://127.0.0.1:\(port)" }

    /// Sends a request to the server (or to `base` when given) and returns the answer, 2.xx or not.
    func send(
        _ method: CoAPMethod, _ path: String, json: String? = nil, base: String? = nil
    ) async throws -> CoAPResponse {
        let request = CoAPClientRequest(
            method: method, uri: try CoAPURI((base ?? "coap://127.0.0.1:\(port)") + path),
            contentFormat: json == nil ? nil : .json, payload: Array((json ?? "").utf8), timeout: .seconds(10))
        do {
            return try await client.send(request)
        } catch let error as CoAPError where error.kind == .response {
            return CoAPResponse(code: error.code ?? .internalServerError, contentFormat: error.contentFormat, payload: error.payload)
        }
    }

    /// GET that must answer 2.05, decoded as `T`.
    func get<T: Decodable>(_ type: T.Type, _ path: String, base: String? = nil) async throws -> T {
        let answer = try await send(.get, path, base: base)
        try #require(answer.code == .content, "GET \(path) answered \(answer.code): \(answer.text)")
        return try JSONDecoder().decode(type, from: Data(answer.payload))
    }
}

extension NodeAgentEvent {
    var isRegistered: Bool { if case .registered = self { true } else { false } }
    var isReported: Bool { if case .reported = self { true } else { false } }
    var isRegistrationFailure: Bool { if case .registrationFailed = self { true } else { false } }
    var isForgotten: Bool { if case .forgotten = self { true } else { false } }

    /// Whether this is `jobID` reaching a final state.
    func finishes(_ jobID: String) -> Bool {
        if case .jobChanged(jobID, let state, _) = self { state.isFinal } else { false }
    }

}
