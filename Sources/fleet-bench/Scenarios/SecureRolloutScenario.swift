/// Scenario 8: scenario 5's rollout with DTLS everywhere. A fresh server runs with
/// `--security psk` (plain CoAP off, the default rate limit); fleet-sim provisions each node's
/// key as an admin, every agent speaks DTLS with its own key and serves its endpoint over DTLS,
/// and the server announces to each node with that node's key. Also the server's peak memory.
enum SecureRolloutScenario {
    static func run(binaries: BenchBinaries, workDirectory: String, nodes: Int) async throws -> [BenchResult] {
        let server = try await SecureServerUnderTest(binaries: binaries, workDirectory: workDirectory, name: "secure-rollout")
        do {
            let target = RolloutScenario.Target(
                uri: server.uri, credentials: server.credentials,
                simulatorArguments: ["--psk-admin", "bench", "--psk-admin-key-file", server.adminKeyFile],
                // No time target: the 60 s of scenario 5 are for plain CoAP; this shows what DTLS adds.
                scenario: "8 rollout over DTLS", secondsAtMost: nil)
            var results = try await RolloutScenario.run(target, binaries: binaries, workDirectory: workDirectory, nodes: nodes)
            if let memory = server.process.memory {
                results.append(BenchResult(target.scenario, "fleet-server peak RSS", Double(memory.peakKB) / 1024, "MB",
                                           notes: "\(nodes) nodes holding DTLS sessions"))
            }
            await server.process.stop()
            return results
        } catch {
            await server.process.stop()
            throw error
        }
    }
}
