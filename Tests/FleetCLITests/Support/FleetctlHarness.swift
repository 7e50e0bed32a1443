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

    /// Runs fleetctl against the server (`--server` added) with a clean environment (no config
    /// file, no colour); its status and output.
    func fleetctl(_ arguments: [String], server: String? = nil, timeout: Duration = .seconds(60)) async throws -> ProcessResult {
        try await run(
            "/usr/bin/env",
            ["-i", "HOME=\(directory)", "PATH=/usr/bin:/bin", Self.fleetctl] + arguments + ["--server", server ?? serverURI],
            timeout: timeout)
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
