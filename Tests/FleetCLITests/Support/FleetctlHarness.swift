import CoAPCore
import FleetModel
import Foundation
import TestSupport
import Testing

/// A real `fleet-server` process on loopback and the built `fleetctl` binary pointed at it.
final class FleetctlHarness: Sendable {
    static let fleetctl = ChildProcess.binary("fleetctl")

    let directory: String
    let server: FleetServerProcess
    let serverURI: String
    let client: CoAPClient

    init() async throws {
        directory = try makeTemporaryDirectory("fleetctl")
        server = try FleetServerProcess(dataDirectory: "\(directory)/server", arguments: ["--host", "127.0.0.1"])
        serverURI = "coap://127.0.0.1:\(try await server.listeningPort())"
        client = try CoAPClient()
    }

    /// Runs fleetctl against the server (`--server` added unless `server` is "") with a clean
    /// environment (HOME is the test's directory, so no config file unless the test writes one;
    /// stdout is a pipe, so no colour) plus `environment`; its status and output.
    func fleetctl(
        _ arguments: [String], server: String? = nil, environment: [String: String] = [:], timeout: Duration = .seconds(60)
    ) async throws -> ProcessResult {
        let variables = ["HOME": directory, "PATH": "/usr/bin:/bin"].merging(environment) { _, given in given }
        let serverArguments = server == "" ? [] : ["--server", server ?? serverURI]
        return try await run(
            "/usr/bin/env", ["-i"] + variables.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }
                + [Self.fleetctl] + arguments + serverArguments,
            timeout: timeout)
    }

    /// Starts a real `fleet-node` for `nodeID` reporting every 200 ms, and waits until it registered.
    func startNode(_ nodeID: String) async throws -> ChildProcess {
        let node = try ChildProcess(
            ChildProcess.binary("fleet-node"),
            ["--server", serverURI, "--node-id", nodeID, "--host", "127.0.0.1", "--port", "0", "--health-interval", "0.2",
             "--state-dir", "\(directory)/\(nodeID)/state", "--install-root", "\(directory)/\(nodeID)/root"],
            mergeStandardError: true)
        _ = try await node.lines.first(within: .seconds(15), "\(nodeID) registered") { $0.contains("registered as") }
        return node
    }

    /// Registers `nodeID` as the seed's agents do.
    func register(_ nodeID: String, port: UInt16 = 5683) async throws {
        _ = try await client.post(
            "\(serverURI)/nodes", payload: Array(Seed.registration(nodeID: nodeID, coapPort: port).utf8), contentFormat: .json)
    }

    /// Sends a health report for `nodeID`.
    func report(_ nodeID: String, healthy: Bool = true, cpu: Double = 15.5) async throws {
        _ = try await client.put(
            "\(serverURI)/health", payload: Array(Seed.health(nodeID: nodeID, healthy: healthy, cpu: cpu).utf8), contentFormat: .json)
    }

    /// Stops the server and removes the directory; synchronous, for `defer` on every path.
    func close() {
        server.signal(SIGTERM)
        client.shutdown()
        try? FileManager.default.removeItem(atPath: directory)
    }
}
