import CoAPCore
import FleetModel
import Foundation
import TestSupport
import Testing

/// The real `fleet-server` executable: every write it acknowledged survives `kill -9`; SIGTERM
/// and `POST /system` stop or restart it cleanly, data kept.
@Suite("fleet-server process", .enabled(if: FleetServerProcess.isBuilt, "needs .build/debug/fleet-server: run `swift build` first"))
struct BinaryDurabilityTests {
    /// A client for one run of the server.
    struct Connection {
        let client: CoAPClient
        let base: String

        init(port: UInt16) throws {
            client = try CoAPClient()
            base = "coap://127.0.0.1:\(port)"
        }

        func send(_ method: CoAPMethod, _ path: String, _ json: String = "") async throws -> Answer {
            try await Answer.of(client, CoAPClientRequest(method: method, uri: CoAPURI(base + path),
                                                          contentFormat: json.isEmpty ? nil : .json,
                                                          payload: Array(json.utf8), timeout: .seconds(15)))
        }

        func json(_ path: String) async throws -> JSONValue {
            let answer = try await send(.get, path)
            try #require(answer.code == .content, "GET \(path): \(answer.code) \(answer.text)")
            return try answer.json()
        }
    }

    static func nodeID(_ index: Int) -> String { "node-\(index < 10 ? "0" : "")\(index)" }

    @Test func everyAcknowledgedWriteSurvivesKillNine() async throws {
        let directory = try makeTemporaryDirectory("fleet-kill9")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let silent = try SilentUDPPort()
        defer { silent.close() }

        let first = try FleetServerProcess(dataDirectory: directory)
        defer { first.kill9() }
        let connection = try Connection(port: try await first.listeningPort())
        defer { connection.client.shutdown() }

        // 20 registrations and 50 reports, each acknowledged before the next is sent.
        var registered: [String] = []
        for index in 0..<20 {
            let id = Self.nodeID(index)
            let answer = try await connection.send(.post, "/nodes", Seed.registration(nodeID: id, coapPort: silent.port))
            try #require(answer.code == .created, "\(id): \(answer.code) \(answer.text)")
            registered.append(id)
        }
        var reported: [String: [Double]] = [:]
        for index in 0..<50 {
            let id = Self.nodeID(index % 20)
            let cpu = Double(index) + 0.5
            let answer = try await connection.send(.put, "/health", Seed.health(nodeID: id, healthy: index % 3 != 0, cpu: cpu))
            try #require(answer.code == .changed, "report \(index): \(answer.code) \(answer.text)")
            reported[id, default: []].append(cpu)
        }

        first.signal(SIGKILL)
        #expect(try await first.ended() == ExitStatus(exited: false, status: SIGKILL))

        let second = try FleetServerProcess(dataDirectory: directory)
        defer { second.kill9() }
        let again = try Connection(port: try await second.listeningPort())
        defer { again.client.shutdown() }
        let nodes = try await again.json("/nodes")
        #expect(nodes.array?.compactMap { $0["node_id"].string }.sorted() == registered)
        #expect(nodes.array?.allSatisfy { $0["hostname"].string == $0["node_id"].string } == true)
        for id in registered {
            let samples = try await again.json("/nodes/\(id)/metrics")["samples"].array
            #expect(samples?.map { $0["cpu_percent"].number } == reported[id]?.map { $0 }, "\(id)")
        }
        let counts = try await again.json("/system")["counts"]
        #expect(counts["nodes"].int == 20)
        #expect(counts["health_reports"].int == 50)
        #expect(try await again.json("/health")["total"].int == 20)

        second.signal(SIGTERM)
        #expect(try await second.ended() == ExitStatus(exited: true, status: 0))
    }

    @Test func sigtermStopsCleanlyAndARestartKeepsTheData() async throws {
        let directory = try makeTemporaryDirectory("fleet-sigterm")
        defer { try? FileManager.default.removeItem(atPath: directory) }

        let first = try FleetServerProcess(dataDirectory: directory)
        defer { first.kill9() }
        let connection = try Connection(port: try await first.listeningPort())
        defer { connection.client.shutdown() }
        try #require(try await connection.send(.post, "/nodes", Seed.registrationPayload).code == .created)
        try #require(try await connection.send(.post, "/nodes", #"{"node_id":"node-123"}"#).code == .created)
        try #require(try await connection.send(.put, "/health", Seed.healthPayload).code == .changed)
        let job = try #require(try await connection.send(.post, "/updates", Seed.createPayload).json()["job_id"].string)

        first.signal(SIGTERM)
        #expect(try await first.ended() == ExitStatus(exited: true, status: 0))

        let second = try FleetServerProcess(dataDirectory: directory)
        defer { second.kill9() }
        let again = try Connection(port: try await second.listeningPort())
        defer { again.client.shutdown() }
        #expect(try await again.json("/nodes").array?.compactMap { $0["node_id"].string } == ["node-123", "worker-03"])
        #expect(try await again.json("/nodes/node-123/health")["cpu_percent"].number == 15.5)
        let status = try await again.send(.post, "/updates", #"{"action":"status","job_id":"\#(job)"}"#)
        #expect(status.code == .content)
        #expect(try status.json()["state"].string == "created")

        second.signal(SIGTERM)
        #expect(try await second.ended() == ExitStatus(exited: true, status: 0))
    }

    @Test func aShutdownRequestStopsTheProcessCleanly() async throws {
        let directory = try makeTemporaryDirectory("fleet-shutdown")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let server = try FleetServerProcess(dataDirectory: directory)
        defer { server.kill9() }
        let connection = try Connection(port: try await server.listeningPort())
        defer { connection.client.shutdown() }
        try #require(try await connection.send(.post, "/nodes", Seed.registrationPayload).code == .created)

        let answer = try await connection.send(.post, "/system", #"{"action":"shutdown"}"#)
        #expect(answer.code == .changed)
        #expect(try answer.json()["status"].string == "shutting_down")
        #expect(try await server.ended() == ExitStatus(exited: true, status: 0))

        let next = try FleetServerProcess(dataDirectory: directory)
        defer { next.kill9() }
        let again = try Connection(port: try await next.listeningPort())
        defer { again.client.shutdown() }
        let nodes = try await again.json("/nodes")
        #expect(nodes.array?.compactMap { $0["node_id"].string } == ["worker-03"])
        // The shutdown was audited before the process stopped.
        #expect(try await again.json("/system")["counts"]["audit_entries"].int == 1)
        next.signal(SIGTERM)
        #expect(try await next.ended() == ExitStatus(exited: true, status: 0))
    }

    @Test func aRestartRequestReExecutesTheProcessWithItsData() async throws {
        let directory = try makeTemporaryDirectory("fleet-restart")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let server = try FleetServerProcess(dataDirectory: directory)
        defer { server.kill9() }
        let pid = server.pid
        let connection = try Connection(port: try await server.listeningPort())
        defer { connection.client.shutdown() }
        try #require(try await connection.send(.post, "/nodes", Seed.registrationPayload).code == .created)

        let answer = try await connection.send(.post, "/system", #"{"action":"restart"}"#)
        #expect(answer.code == .changed)
        #expect(try answer.json()["status"].string == "restarting")

        // The same process, executed afresh: a second "listening" line, on a new port 0.
        let port = try await server.listeningPort(occurrence: 2)
        #expect(server.pid == pid)
        let again = try Connection(port: port)
        defer { again.client.shutdown() }
        #expect(try await again.json("/nodes").array?.compactMap { $0["node_id"].string } == ["worker-03"])
        #expect(server.child.exit.items.isEmpty, "restarting is not exiting")

        server.signal(SIGTERM)
        #expect(try await server.ended() == ExitStatus(exited: true, status: 0))
    }
}
