import Foundation

/// One benchmark run: a fresh server in a temporary directory, the chosen scenarios in order,
/// then everything stopped and the directory removed.
struct Benchmark {
    let settings: BenchSettings

    func run() async throws -> [BenchResult] {
        let work = NSTemporaryDirectory() + "fleet-bench-\(getpid())"
        try FileManager.default.createDirectory(atPath: work, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: work) }
        let server = try await ServerUnderTest(binaries: settings.binaries, workDirectory: work)
        do {
            let results = try await scenarios(server, work: work)
            await server.process.stop()
            return results
        } catch {
            await server.process.stop()
            throw error
        }
    }

    private func scenarios(_ server: ServerUnderTest, work: String) async throws -> [BenchResult] {
        let chosen = settings.scenarios
        let quick = settings.quick
        var results: [BenchResult] = []
        func step(_ name: String, _ body: () async throws -> [BenchResult]) async throws {
            FileHandle.standardError.write(Data("fleet-bench: \(name)…\n".utf8))
            let figures = try await body()
            for figure in figures {
                FileHandle.standardError.write(Data("  \(figure.metric): \(BenchResult.text(figure.value)) \(figure.unit) \(figure.notes)\n".utf8))
            }
            results += figures
        }
        if chosen.contains(1) {
            try await step("1 GET /test") { try await LoadScenarios.test(server, binaries: settings.binaries, seconds: quick ? 1 : 5) }
        }
        if chosen.contains(2) || chosen.contains(3) {
            try await step("3 POST /nodes, 2 PUT /health") {
                try await LoadScenarios.fleet(
                    server, binaries: settings.binaries, nodes: quick ? 1000 : 10_000, reports: quick ? 5000 : 100_000)
            }
        }
        var bigArtifact: String?
        if chosen.contains(4) || chosen.contains(6) {
            bigArtifact = try await DownloadScenario.upload(to: server.uri, size: DownloadScenario.size, name: "bench-16m.bin")
        }
        if chosen.contains(4), let bigArtifact {
            try await step("4 download") { try await DownloadScenario.run(server, artifactID: bigArtifact) }
        }
        if chosen.contains(5) {
            try await step("5 rollout") {
                try await RolloutScenario.run(
                    RolloutScenario.Target(
                        uri: server.uri, credentials: nil, simulatorArguments: [], scenario: "5 rollout 1 MiB", secondsAtMost: 60),
                    binaries: settings.binaries, workDirectory: work, nodes: quick ? 50 : 1000)
            }
        }
        if chosen.contains(6), let bigArtifact {
            try await step("6 memory") {
                MemoryScenario.serverPeak(server)
                    + (try await MemoryScenario.node(server, binaries: settings.binaries, workDirectory: work, artifactID: bigArtifact))
            }
        }
        if chosen.contains(7) {
            try await step("7 DTLS") {
                try await DTLSScenario.run(plain: server, binaries: settings.binaries, workDirectory: work, quick: quick)
            }
        }
        if chosen.contains(8) {
            try await step("8 rollout over DTLS") {
                try await SecureRolloutScenario.run(binaries: settings.binaries, workDirectory: work, nodes: quick ? 50 : 1000)
            }
        }
        return results
    }
}
