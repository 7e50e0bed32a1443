import CoAPCore
import FleetModel
import Foundation
import TestSupport
import Testing

/// A real `fleet-server` process and real `fleet-node` processes on loopback, each node with
/// its own state directory and install root under one temporary directory.
final class RolloutFleet: Sendable {
    static let nodeBinary = ChildProcess.binary("fleet-node")

    let directory: String
    let server: FleetServerProcess
    let port: UInt16
    let client: CoAPClient
    private let nodes = Locked<[String: ChildProcess]>([:])

    init() async throws {
        directory = try makeTemporaryDirectory("fleet-rollout")
        server = try FleetServerProcess(dataDirectory: "\(directory)/server", arguments: ["--host", "127.0.0.1"])
        port = try await server.listeningPort()
        client = try CoAPClient()
    }

    var serverURI: String { "coap://127.0.0.1:\(port)" }
    func stateDirectory(of nodeID: String) -> String { "\(directory)/\(nodeID)/state" }
    func installRoot(of nodeID: String) -> String { "\(directory)/\(nodeID)/root" }

    /// Starts `fleet-node` for `nodeID` (reporting every 200 ms) and waits for its listening line;
    /// `config` is written to a config file first when given.
    @discardableResult
    func startNode(_ nodeID: String, config: String? = nil) async throws -> ChildProcess {
        var arguments = [
            "--server", serverURI, "--node-id", nodeID, "--host", "127.0.0.1", "--port", "0",
            "--health-interval", "0.2", "--state-dir", stateDirectory(of: nodeID),
            "--install-root", installRoot(of: nodeID), "--log-level", "info",
        ]
        if let config {
            let path = "\(directory)/\(nodeID).json"
            try config.write(toFile: path, atomically: true, encoding: .utf8)
            arguments += ["--config", path]
        }
        let node = try ChildProcess(Self.nodeBinary, arguments, mergeStandardError: true)
        nodes.update { $0[nodeID] = node }
        _ = try await node.lines.first(within: .seconds(15), "\(nodeID)'s listening line") { $0.contains(" listening on ") }
        return node
    }

    /// The running process of `nodeID`.
    func node(_ nodeID: String) throws -> ChildProcess {
        try #require(nodes.value[nodeID], "no process for \(nodeID)")
    }

    /// Waits until every node in `nodeIDs` is registered.
    func awaitRegistered(_ nodeIDs: [String]) async throws {
        for nodeID in nodeIDs {
            _ = try await node(nodeID).lines.first(within: .seconds(15), "\(nodeID) registered") { $0.contains("registered as") }
        }
    }

    /// Uploads `bytes` as an artifact named `name`.
    func upload(_ bytes: [UInt8], name: String) async throws -> ArtifactInfo {
        try await FleetRequests.upload(client, serverURI, bytes, name: name)
    }

    /// Creates the job `json` describes and triggers its install; returns its id.
    func createAndInstall(_ json: String) async throws -> String {
        try await FleetRequests.createAndInstall(client, serverURI, json)
    }

    /// Observes the job's status until `done` holds for it (by default: a final job state).
    func awaitJob(
        _ jobID: String, within timeout: Duration = .seconds(60), until done: @escaping @Sendable (JobStatus) -> Bool = { $0.state.isFinal }
    ) async throws -> JobStatus {
        try await FleetRequests.awaitJob(client, serverURI, jobID, within: timeout, until: done)
    }

    /// The SHA-256 of the file `installPath` as installed on `nodeID`, or nil when absent
    /// (compared instead of the bytes, so that a failure prints two lines, not megabytes).
    func installedDigest(_ installPath: String, on nodeID: String) -> String? {
        FileManager.default.contents(atPath: installRoot(of: nodeID) + installPath).map { SHA256.hex(of: [UInt8]($0)) }
    }

    /// Stops every process and removes the directory; synchronous, for `defer` on every path
    /// (a failed expectation must not leave processes behind).
    func close() {
        for node in nodes.value.values { node.signal(SIGTERM) }
        server.signal(SIGTERM)
        client.shutdown()
        try? FileManager.default.removeItem(atPath: directory)
    }
}

/// A `file` job for `nodes` writing `artifactID` to `installPath`, with optional extra JSON fields.
func fileJob(_ nodes: [String], artifactID: String, installPath: String = "/opt/app/app.bin", version: String = "1.0",
             extra: String = "") -> String {
    let targets = nodes.map { "\"\($0)\"" }.joined(separator: ",")
    return #"{"name":"app","version":"\#(version)","package_type":"file","target_nodes":[\#(targets)],"artifact_id":"\#(artifactID)","install_path":"\#(installPath)"\#(extra)}"#
}
