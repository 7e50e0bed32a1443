import CoAPCore
import FleetModel
import Foundation

/// Scenarios 5 and 8: a 1 MiB file artifact rolled out to 1,000 simulated nodes (fleet-sim, the
/// real agent code), over plain CoAP or over DTLS: seconds from `install` to the last node
/// finished, and how many failed.
enum RolloutScenario {
    /// Where a rollout goes: the server, the operator's credentials (nil for plain CoAP), what
    /// fleet-sim needs besides, the scenario's name in the results, and the time it is held to.
    struct Target {
        let uri: String
        let credentials: DTLSClientCredentials?
        let simulatorArguments: [String]
        let scenario: String
        let secondsAtMost: Double?
    }

    /// fleet-sim's name for its node `index` (prefix `sim`, at least four digits).
    static func simulatedNode(_ index: Int) -> String {
        let digits = String(index)
        return "sim-" + String(repeating: "0", count: max(0, 4 - digits.count)) + digits
    }

    static func run(_ target: Target, binaries: BenchBinaries, workDirectory: String, nodes: Int) async throws -> [BenchResult] {
        // `sim-5`, `sim-8`: the scenario's number keeps the runs' directories apart.
        let name = "sim-\(target.scenario.prefix { $0 != " " })"
        let simulator = try BenchProcess(
            binaries.path("fleet-sim"),
            ["--server", target.uri, "--nodes", "\(nodes)", "--health-interval", "30", "--directory", "\(workDirectory)/\(name)"]
                + target.simulatorArguments,
            logFile: "\(workDirectory)/\(name).log")
        defer { Task { await simulator.stop() } }
        _ = try await simulator.line(within: .seconds(120), "that every node registered") { $0.contains("registered") }
        let artifactID = try await DownloadScenario.upload(to: target.uri, credentials: target.credentials, size: 1 << 20, name: "rollout.bin")
        let client = try CoAPClient(configuration: .init(dtls: target.credentials))
        defer { client.shutdown() }
        let creation = UpdateCreation(
            // The simulated nodes by name: the server also knows scenario 3's 10,000 nodes, which
            // have no agent behind them.
            name: "bench-rollout", version: "1", packageType: .file, targetNodes: (1...nodes).map(simulatedNode),
            artifactID: artifactID, installPath: "/opt/bench/rollout.bin")
        let created = try await client.post("\(target.uri)/updates", payload: try Payload.encode(creation), contentFormat: .json)
        let jobID = try JSONDecoder().decode(JobCreated.self, from: Data(created.payload)).jobID
        let started = ContinuousClock.now
        // As `fleetctl updates install` asks: the state and counts, not 1,000 nodes' entries.
        _ = try await client.post(
            "\(target.uri)/updates?nodes=none", payload: try Payload.encode(["action": "install", "job_id": jobID]),
            contentFormat: .json, timeout: .seconds(60))
        var timeline = RolloutTimeline(nodes: nodes, installAnswered: (ContinuousClock.now - started).seconds)
        // Polled twice a second in its summary view (state and counts, one block): observing the
        // status of a job this busy would only add notifications to the load being measured.
        var final: JobStatus?
        let deadline = ContinuousClock.now + .seconds(600)
        while final == nil, ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(500))
            let answer = try? await client.get("\(target.uri)/updates/\(jobID)/status?nodes=none", timeout: .seconds(10))
            if let answer, let status = try? JSONDecoder().decode(JobStatus.self, from: Data(answer.payload)) {
                timeline.record(status.summary, at: (ContinuousClock.now - started).seconds)
                if status.state.isFinal { final = status }
            }
        }
        let seconds = (ContinuousClock.now - started).seconds
        guard let final else { throw BenchError("the rollout did not finish within 600 s") }
        let failures = final.summary.filter { $0.key != .succeeded }.values.reduce(0, +)
        await simulator.stop()
        return [
            BenchResult(target.scenario, "\(nodes) nodes", seconds, "s", atMost: target.secondsAtMost, notes: "\(failures) failed"),
            BenchResult(target.scenario, "failures", Double(failures), "nodes", atMost: 0),
        ] + timeline.results(target.scenario)
    }
}
