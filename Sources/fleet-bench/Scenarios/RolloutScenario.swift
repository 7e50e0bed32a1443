import CoAPCore
import FleetModel
import Foundation

/// Scenario 5: a 1 MiB file artifact rolled out to 1,000 simulated nodes (fleet-sim, the real
/// agent code): seconds from `install` to the last node finished, and how many failed.
enum RolloutScenario {
    static func run(_ server: ServerUnderTest, binaries: BenchBinaries, workDirectory: String, nodes: Int) async throws -> [BenchResult] {
        let simulator = try BenchProcess(
            binaries.path("fleet-sim"),
            ["--server", server.uri, "--nodes", "\(nodes)", "--health-interval", "30", "--directory", "\(workDirectory)/sim"],
            logFile: "\(workDirectory)/sim.log")
        defer { Task { await simulator.stop() } }
        _ = try await simulator.line(within: .seconds(120), "that every node registered") { $0.contains("registered") }
        let artifactID = try await DownloadScenario.upload(server, size: 1 << 20, name: "rollout.bin")
        let client = try CoAPClient()
        defer { client.shutdown() }
        let creation = UpdateCreation(
            name: "bench-rollout", version: "1", packageType: .file, targetNodes: [UpdateCreation.allNodes],
            artifactID: artifactID, installPath: "/opt/bench/rollout.bin")
        let created = try await client.post("\(server.uri)/updates", payload: try Payload.encode(creation), contentFormat: .json)
        let jobID = try JSONDecoder().decode(JobCreated.self, from: Data(created.payload)).jobID
        // The summary view: a 1,000-node status takes ~100 blocks and changes between them.
        let observation = try client.observe("\(server.uri)/updates/\(jobID)/status?nodes=none")
        let started = ContinuousClock.now
        _ = try await client.post(
            "\(server.uri)/updates", payload: try Payload.encode(["action": "install", "job_id": jobID]), contentFormat: .json)
        var final: JobStatus?
        let deadline = ContinuousClock.now + .seconds(600)
        for try await notification in observation {
            let status = try JSONDecoder().decode(JobStatus.self, from: Data(notification.payload))
            if status.state.isFinal {
                final = status
                break
            }
            if ContinuousClock.now > deadline { break }
        }
        let seconds = (ContinuousClock.now - started).seconds
        guard let final else { throw BenchError("the rollout did not finish within 600 s") }
        let failures = final.summary.filter { $0.key != .succeeded }.values.reduce(0, +)
        await simulator.stop()
        return [
            BenchResult("5 rollout 1 MiB", "\(nodes) nodes", seconds, "s", atMost: 60, notes: "\(failures) failed"),
            BenchResult("5 rollout 1 MiB", "failures", Double(failures), "nodes", atMost: 0),
        ]
    }
}
