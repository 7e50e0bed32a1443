import Foundation

/// Scenarios 1–3, each driven by a load generator in a process of its own (`fleet-bench load`),
/// so the server is measured, not a client sharing its process.
enum LoadScenarios {
    /// Runs `fleet-bench load` with `arguments` against `server` and returns its result.
    static func load(_ server: ServerUnderTest, binaries: BenchBinaries, _ arguments: [String]) async throws -> LoadSummary {
        let generator = try BenchProcess(binaries.path("fleet-bench"), ["load", "--port", "\(server.port)"] + arguments)
        let line = try await generator.line(within: .seconds(300), "its result") { $0.hasPrefix("{") }
        return try JSONDecoder().decode(LoadSummary.self, from: Data(line.utf8))
    }

    /// Scenario 1: `GET /test` requests per second at concurrency 1, 16 and 64, 5 s each.
    static func test(_ server: ServerUnderTest, binaries: BenchBinaries, seconds: Int) async throws -> [BenchResult] {
        var results: [BenchResult] = []
        for concurrency in [1, 16, 64] {
            let summary = try await load(
                server, binaries: binaries, ["--kind", "test", "--concurrency", "\(concurrency)", "--duration", "\(seconds)"])
            results.append(BenchResult(
                "1 GET /test", "concurrency \(concurrency)", summary.requestsPerSecond, "req/s",
                atLeast: concurrency == 64 ? 40_000 : nil, notes: summary.notes))
        }
        return results
    }

    /// Scenario 3 then 2: `POST /nodes` for `nodes` distinct nodes, then `reports` `PUT /health`
    /// across them, each answered only after its transaction committed.
    static func fleet(_ server: ServerUnderTest, binaries: BenchBinaries, nodes: Int, reports: Int) async throws -> [BenchResult] {
        let registration = try await load(
            server, binaries: binaries, ["--kind", "register", "--concurrency", "64", "--count", "\(nodes)", "--nodes", "\(nodes)"])
        let health = try await load(
            server, binaries: binaries, ["--kind", "health", "--concurrency", "64", "--count", "\(reports)", "--nodes", "\(nodes)"])
        return [
            BenchResult("2 PUT /health", "\(reports) reports, \(nodes) nodes", health.requestsPerSecond, "reports/s",
                        atLeast: 15_000, notes: health.notes),
            BenchResult("3 POST /nodes", "\(nodes) nodes", registration.requestsPerSecond, "nodes/s", notes: registration.notes),
        ]
    }
}

/// The part of a load generator's JSON result the report uses.
struct LoadSummary: Decodable {
    let sent: Int
    let ok: Int
    let lost: Int
    let errors: [String: Int]
    let requestsPerSecond: Double
    let latency: [String: Double]

    enum CodingKeys: String, CodingKey {
        case sent, ok, lost, errors
        case requestsPerSecond = "requests_per_s"
        case latency = "latency_ms"
    }

    /// `ok 10000/10000, lost 0, p50 1.2 ms, p99 4.0 ms` (and errors by code when there are any).
    var notes: String {
        let failures = errors.isEmpty ? "" : ", errors " + errors.sorted { $0.key < $1.key }.map { "\($0.key)×\($0.value)" }.joined(separator: " ")
        return "ok \(ok)/\(sent), lost \(lost)\(failures), p50 \(latency["p50"] ?? 0) ms, p99 \(latency["p99"] ?? 0) ms"
    }
}
