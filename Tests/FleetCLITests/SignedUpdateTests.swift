import CoAPCore
import FleetModel
import Foundation
import TestSupport
import Testing

/// Manifests signed offline with fleetctl and checked by a real fleet-node that requires them.
@Suite struct SignedUpdateTests {
    @Test func aNodeRequiringSignaturesInstallsOnlyTrustedFreshManifests() async throws {
        let harness = try await FleetctlHarness()
        defer { harness.close() }
        let keyFile = "\(harness.directory)/publisher.key"
        let generated = try await harness.fleetctl(["keys", "generate", "-o", keyFile])
        #expect(generated.status == 0, "\(generated.error)")
        let publicKey = try #require(generated.output.split(separator: "\n").first { $0.hasPrefix("public key: ") }?.dropFirst(12))
        #expect(try FileManager.default.attributesOfItem(atPath: keyFile)[.posixPermissions] as? Int == 0o600)
        let otherKey = "\(harness.directory)/other.key"
        _ = try await harness.fleetctl(["keys", "generate", "-o", otherKey])

        let config = "\(harness.directory)/node.json"
        try #"{"trusted_keys": ["\#(publicKey)"], "require_signed": true}"#.write(toFile: config, atomically: true, encoding: .utf8)
        let node = try ChildProcess(ChildProcess.binary("fleet-node"), [
            "--server", harness.serverURI, "--node-id", "signed-node", "--host", "127.0.0.1", "--port", "0",
            "--health-interval", "0.2", "--state-dir", "\(harness.directory)/node/state",
            "--install-root", "\(harness.directory)/node/root", "--config", config,
        ], mergeStandardError: true)
        defer { node.signal(SIGTERM) }
        _ = try await node.lines.first(within: .seconds(15), "the registration") { $0.contains("registered as") }
        let file = "\(harness.directory)/app.bin"
        try Data(testBytes(count: 20_000, seed: 9)).write(to: URL(fileURLWithPath: file))

        /// Creates, installs and watches a file job; the watch's result.
        func rollout(_ version: String, _ signing: [String]) async throws -> ProcessResult {
            let created = try await harness.fleetctl([
                "updates", "create", "--name", "app", "--version", version, "--type", "file", "--file", file,
                "--install-path", "/opt/app.bin", "--targets", "signed-node", "--json",
            ] + signing)
            try #require(created.status == 0, "\(created.error)")
            let job = try JSONDecoder().decode(JobCreated.self, from: Data(created.output.utf8)).jobID
            _ = try await harness.fleetctl(["updates", "install", job])
            return try await harness.fleetctl(["updates", "status", job, "--watch"])
        }

        let signed = try await rollout("2", ["--sign", keyFile, "--sequence", "2"])
        #expect(signed.status == 0, "\(signed.output)")
        let unsigned = try await rollout("3", [])
        #expect(unsigned.status == 1)
        #expect(unsigned.output.contains("refused: the job is not signed"))
        let foreign = try await rollout("4", ["--sign", otherKey, "--sequence", "4"])
        #expect(foreign.status == 1)
        #expect(foreign.output.contains("refused: the manifest is signed by a key this node does not"))
        let replayed = try await rollout("1", ["--sign", keyFile, "--sequence", "1"])
        #expect(replayed.status == 1)
        #expect(replayed.output.contains("refused: manifest sequence 1 is not greater than 2"))
    }
}
