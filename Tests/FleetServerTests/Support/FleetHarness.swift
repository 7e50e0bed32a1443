import CoAPCore
import FleetModel
import FleetServer
import Foundation
import TestSupport
import Testing

/// A ``FleetService`` on an ephemeral loopback port over a fresh data directory, a client
/// pointed at it, and a UDP port where no CoAP endpoint answers (for nodes that must stay
/// unreachable). `close()` tears everything down and removes the directory.
final class FleetHarness: Sendable {
    let service: FleetService
    let client: CoAPClient
    let base: String
    let directory: String
    /// Every `POST /system` restart/shutdown the service asked for.
    let lifecycle: Inbox<FleetService.LifecycleRequest>
    /// A bound socket that never answers: nodes registered with this port stay `pending`.
    let silent: SilentUDPPort

    init(_ configure: (inout FleetServerConfiguration) -> Void = { _ in }) throws {
        let directory = try makeTemporaryDirectory("fleet-server-test")
        var configuration = FleetServerConfiguration()
        configuration.host = "127.0.0.1"
        configuration.port = 0
        configuration.dataDirectory = directory
        configuration.announceTimeout = .seconds(2)
        configure(&configuration)
        let lifecycle = Inbox<FleetService.LifecycleRequest>()
        service = try FleetService(configuration: configuration, logger: .disabled) { lifecycle.put($0) }
        let endpoint = try #require(service.endpoints.first { !$0.isSecure })
        client = try CoAPClient()
        base = "coap://127.0.0.1:\(endpoint.port)"
        silent = try SilentUDPPort()
        self.directory = directory
        self.lifecycle = lifecycle
    }

    func close() {
        client.shutdown()
        service.shutdown()
        silent.close()
        try? FileManager.default.removeItem(atPath: directory)
    }

    // MARK: Requests

    /// Sends a request and returns the answer, 2.xx or not.
    func send(
        _ method: CoAPMethod, _ path: String, payload: [UInt8] = [], format: ContentFormat? = nil,
        timeout: Duration = .seconds(20)
    ) async throws -> Answer {
        try await Answer.of(client, CoAPClientRequest(
            method: method, uri: CoAPURI(base + path), contentFormat: format, payload: payload, timeout: timeout))
    }

    func get(_ path: String) async throws -> Answer {
        try await send(.get, path)
    }

    func post(_ path: String, _ json: String) async throws -> Answer {
        try await send(.post, path, payload: Array(json.utf8), format: .json)
    }

    func put(_ path: String, _ json: String) async throws -> Answer {
        try await send(.put, path, payload: Array(json.utf8), format: .json)
    }

    func delete(_ path: String, _ json: String? = nil) async throws -> Answer {
        try await send(.delete, path, payload: Array((json ?? "").utf8), format: json == nil ? nil : .json)
    }

    /// GET that must answer 2.05 with JSON.
    func json(_ path: String) async throws -> JSONValue {
        let answer = try await get(path)
        try #require(answer.code == .content, "GET \(path) answered \(answer.code): \(answer.text)")
        return try answer.json()
    }

    /// `counts` of `GET /system`.
    func counts() async throws -> JSONValue {
        try #require(try await json("/system")["counts"])
    }

    // MARK: Fleet steps

    /// Registers a node whose agent listens on `coapPort` (the silent port by default).
    @discardableResult
    func register(_ nodeID: String, coapPort: UInt16? = nil, healthInterval: Int? = nil) async throws -> Answer {
        let answer = try await post("/nodes", Seed.registration(nodeID: nodeID, coapPort: coapPort ?? silent.port,
                                                               healthInterval: healthInterval))
        try #require(answer.code.isSuccess, "registering \(nodeID) answered \(answer.code): \(answer.text)")
        return answer
    }

    /// Sends a health report that must be recorded.
    @discardableResult
    func report(_ nodeID: String, healthy: Bool = true, cpu: Double = 15.5) async throws -> Answer {
        let answer = try await put("/health", Seed.health(nodeID: nodeID, healthy: healthy, cpu: cpu))
        try #require(answer.code == .changed, "health of \(nodeID) answered \(answer.code): \(answer.text)")
        return answer
    }

    /// Creates a job and returns its id.
    func createJob(_ json: String) async throws -> String {
        let answer = try await post("/updates", json)
        try #require(answer.code == .created, "create answered \(answer.code): \(answer.text)")
        return try #require(try answer.json()["job_id"].string)
    }

    /// `POST /updates {"action": action, "job_id": id}`.
    func action(_ action: String, _ jobID: String) async throws -> Answer {
        try await post("/updates", #"{"action":"\#(action)","job_id":"\#(jobID)"}"#)
    }

    /// A node's progress report.
    func progress(_ jobID: String, _ nodeID: String, _ state: String, _ progress: Double = 0, error: String? = nil) async throws -> Answer {
        let errorField = error.map { #","error":"\#($0)""# } ?? ""
        return try await post("/updates", #"""
            {"action":"report","job_id":"\#(jobID)","node_id":"\#(nodeID)","state":"\#(state)","progress":\#(progress)\#(errorField)}
            """#)
    }

    /// Registers `nodes`, creates a pip job for them and installs it; returns the job id.
    func installedPipJob(_ nodes: [String]) async throws -> String {
        for node in nodes { try await register(node) }
        let id = try await createJob(Seed.pipJob(nodes))
        try #require(try await action("install", id).code == .changed)
        return id
    }

    /// Reports `nodeID` through every step of an installing job to `succeeded`; each report
    /// must be accepted.
    func reportSuccess(_ jobID: String, _ nodeID: String) async throws {
        for state in ["downloading", "downloaded", "installing", "succeeded"] {
            try #require(try await progress(jobID, nodeID, state).code == .changed)
        }
    }

    /// The `state` of `nodeID` in a job status answer.
    static func nodeState(_ status: JSONValue, _ nodeID: String) -> String? {
        status["nodes"].array?.first { $0["node_id"].string == nodeID }?["state"].string
    }

    /// Uploads an artifact that must be stored; returns the answer's JSON.
    func upload(_ name: String, _ bytes: [UInt8]) async throws -> JSONValue {
        let answer = try await send(.post, "/artifacts?name=\(name)", payload: bytes, format: .octetStream, timeout: .seconds(120))
        try #require(answer.code == .created, "upload answered \(answer.code): \(answer.text)")
        return try answer.json()
    }

    /// Observes a resource; its JSON notifications collect in the watch's inbox.
    func watch(_ path: String) throws -> Watch {
        Watch(try client.observe(base + path))
    }
}

/// A response or an error answer, told apart by `code` only.
struct Answer: Sendable {
    let code: CoAPCode
    let contentFormat: ContentFormat?
    let payload: [UInt8]
    let options: [CoAPOption]

    static func of(_ client: CoAPClient, _ request: CoAPClientRequest) async throws -> Answer {
        do {
            let response = try await client.send(request)
            return Answer(code: response.code, contentFormat: response.contentFormat, payload: response.payload, options: response.options)
        } catch let error as CoAPError where error.kind == .response {
            return Answer(code: try #require(error.code), contentFormat: error.contentFormat, payload: error.payload, options: error.options)
        }
    }

    var text: String { String(decoding: payload, as: UTF8.self) }

    func json() throws -> JSONValue {
        #expect(contentFormat == .json, "answer \(code) is \(contentFormat.map(\.description) ?? "without format"), not JSON")
        return try JSONValue.parse(payload)
    }

    /// The contract's error body: exactly `error` and `detail`, both non-empty strings.
    func errorBody() throws -> (error: String, detail: String) {
        #expect(code.isError, "expected an error answer, got \(code): \(text)")
        #expect(contentFormat == .json, "error answer \(code) has format \(contentFormat.map(\.description) ?? "none"): \(text)")
        let body = try JSONValue.parse(payload)
        #expect(body.keys == ["error", "detail"], "error body \(text)")
        let error = try #require(body["error"].string, "no error code in \(text)")
        let detail = try #require(body["detail"].string, "no detail in \(text)")
        #expect(!error.isEmpty && !detail.isEmpty)
        return (error, detail)
    }
}

/// An observation pumped into an inbox of JSON notifications until cancelled.
final class Watch: Sendable {
    let notifications: Inbox<JSONValue>
    private let task: Task<Void, Never>

    init(_ observation: CoAPObservation) {
        let inbox = Inbox<JSONValue>()
        notifications = inbox
        task = Task {
            do {
                for try await notification in observation {
                    if let json = try? JSONValue.parse(notification.payload) { inbox.put(json) }
                }
            } catch {}
            inbox.finish()
        }
    }

    /// The first notification (current state included) that satisfies `predicate`.
    func first(_ what: String, within timeout: Duration = .seconds(10),
               where predicate: @escaping @Sendable (JSONValue) -> Bool) async throws -> JSONValue {
        try await notifications.first(within: timeout, what, where: predicate)
    }

    func cancel() { task.cancel() }
}
