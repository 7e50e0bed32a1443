import CoAPCore
import FleetModel
import Foundation
import TestSupport
import Testing

/// The real `fleet-server` executable against outside CoAP clients: libcoap's coap-client
/// and Python's aiocoap.
@Suite("fleet-server interop", .enabled(if: FleetServerProcess.isBuilt, "needs .build/debug/fleet-server: run `swift build` first"))
struct BinaryInteropTests {
    /// The seed's registration on one line, as a shell user would pass it to `-e`.
    static let registration = Seed.registrationPayload.split(separator: "\n")
        .map { $0.trimmingCharacters(in: .whitespaces) }.joined(separator: " ")

    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: libcoapClient), "needs libcoap3-bin's coap-client-openssl"))
    func coapClientRegistersWithTheSeedPayloadAndReadsHealth() async throws {
        let directory = try makeTemporaryDirectory("fleet-coap-client")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let server = try FleetServerProcess(dataDirectory: directory)
        defer { server.kill9() }
        let base = "coap://127.0.0.1:\(try await server.listeningPort())"

        // coap-client exits 0 even on failure: its output is what counts.
        let registered = try await run(libcoapClient, ["-B", "10", "-m", "post", "-t", "json", "-e", Self.registration, "\(base)/nodes"])
        let answer = try JSONValue.parse(Array(registered.output.trimmingCharacters(in: .whitespacesAndNewlines).utf8))
        #expect(answer["node_id"].string == "worker-03", "\(registered.output) \(registered.error)")
        #expect(answer["status"].string == "registered")

        let health = try await run(libcoapClient, ["-B", "10", "-m", "get", "\(base)/health"])
        let summary = try JSONValue.parse(Array(health.output.trimmingCharacters(in: .whitespacesAndNewlines).utf8))
        #expect(summary["total"].int == 1, "\(health.output) \(health.error)")
        #expect(summary["nodes"][0]["node_id"].string == "worker-03")

        // A refused request: coap-client prints the code and the contract's error body.
        let refused = try await run(libcoapClient, ["-B", "10", "-m", "put", "-t", "json", "-e", #"{"node_id":"worker-03"}"#,
                                                    "\(base)/health"])
        #expect(refused.output.contains("4.00") || refused.error.contains("4.00"), "\(refused.output) \(refused.error)")
        #expect((refused.output + refused.error).contains("missing_field"))

        // What coap-client registered is what a Swift client reads.
        let client = try CoAPClient()
        defer { client.shutdown() }
        let nodes = try JSONValue.parse(try await client.get("\(base)/nodes", timeout: .seconds(10)).payload)
        #expect(nodes[0]["hostname"].string == "worker-03")
        #expect(nodes[0]["system_info"]["arch"].string == "arm64")
        server.signal(SIGTERM)
        #expect(try await server.ended() == ExitStatus(exited: true, status: 0))
    }

    @Test(.enabled(if: interopPython != nil, "needs FLEET_TEST_PYTHON (make test sets it)"))
    func aiocoapReadsTestAndNodes() async throws {
        let python = try #require(interopPython)
        let script = "\(repositoryRoot)/Tests/Interop/aiocoap_client.py"
        let directory = try makeTemporaryDirectory("fleet-aiocoap")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let server = try FleetServerProcess(dataDirectory: directory)
        defer { server.kill9() }
        let base = "coap://127.0.0.1:\(try await server.listeningPort())"
        let client = try CoAPClient()
        defer { client.shutdown() }
        _ = try await client.post("\(base)/nodes", payload: Array(Seed.registrationPayload.utf8), contentFormat: .json,
                                  timeout: .seconds(10))

        let test = try await run(python, [script, "get", "\(base)/test"])
        #expect(test.status == 0, "\(test.output) \(test.error)")
        let testLines = test.output.split(separator: "\n", maxSplits: 1).map(String.init)
        #expect(testLines.first == "code=2.05")
        let testBody = try JSONValue.parse(Array((testLines.last ?? "").utf8))
        #expect(testBody["status"].string == "ok")

        let nodes = try await run(python, [script, "get", "\(base)/nodes"])
        #expect(nodes.status == 0, "\(nodes.output) \(nodes.error)")
        let nodeLines = nodes.output.split(separator: "\n", maxSplits: 1).map(String.init)
        #expect(nodeLines.first == "code=2.05")
        let list = try JSONValue.parse(Array((nodeLines.last ?? "").utf8))
        #expect(list[0]["node_id"].string == "worker-03")
        #expect(list[0]["online"].bool == true)
        server.signal(SIGTERM)
        #expect(try await server.ended() == ExitStatus(exited: true, status: 0))
    }

    /// The executable listens on `::` by default; an IPv4 node's address comes in IPv4-mapped
    /// form and the announcement must still reach it.
    @Test func theExecutableOnItsDefaultHostAnnouncesToAnIPv4Node() async throws {
        let directory = try makeTemporaryDirectory("fleet-dual-stack")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let server = try FleetServerProcess(dataDirectory: directory)
        defer { server.kill9() }
        let base = "coap://127.0.0.1:\(try await server.listeningPort())"
        let node = try TestNode()
        defer { node.close() }
        let client = try CoAPClient()
        defer { client.shutdown() }
        func post(_ json: String) async throws -> Answer {
            try await Answer.of(client, CoAPClientRequest(method: .post, uri: CoAPURI(base + "/updates"), contentFormat: .json,
                                                          payload: Array(json.utf8), timeout: .seconds(10)))
        }
        let registered = try await Answer.of(client, CoAPClientRequest(
            method: .post, uri: CoAPURI(base + "/nodes"), contentFormat: .json,
            payload: Array(Seed.registration(nodeID: "worker-03", coapPort: node.port).utf8), timeout: .seconds(10)))
        try #require(registered.code == .created)
        let job = try #require(try await post(Seed.shortCreatePayload).json()["job_id"].string)
        try #require(try await post(#"{"action":"install","job_id":"\#(job)"}"#).code == .changed)

        let announcement = try await node.announcement(of: job)
        #expect(announcement["version"].string == "1.0")
        let status = Watch(try client.observe("\(base)/updates/\(job)/status"))
        defer { status.cancel() }
        _ = try await status.first("worker-03 notified") { FleetHarness.nodeState($0, "worker-03") == "notified" }
        server.signal(SIGTERM)
        #expect(try await server.ended() == ExitStatus(exited: true, status: 0))
    }
}
