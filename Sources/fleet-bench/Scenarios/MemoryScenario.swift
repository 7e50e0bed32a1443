import CoAPCore
import FleetModel
import Foundation

/// Scenario 6: fleet-server's peak memory after the load scenarios, and one fleet-node's
/// resident memory idle and while it installs a 16 MiB update.
enum MemoryScenario {
    static func serverPeak(_ server: ServerUnderTest) -> [BenchResult] {
        guard let memory = server.process.memory else { return [] }
        return [BenchResult("6 memory", "fleet-server peak RSS", Double(memory.peakKB) / 1024, "MB", atMost: 40)]
    }

    static func node(_ server: ServerUnderTest, binaries: BenchBinaries, workDirectory: String, artifactID: String) async throws
        -> [BenchResult]
    {
        let node = try BenchProcess(
            binaries.path("fleet-node"),
            ["--server", server.uri, "--node-id", "bench-node", "--host", "127.0.0.1", "--port", "0", "--health-interval", "1",
             "--state-dir", "\(workDirectory)/node/state", "--install-root", "\(workDirectory)/node/root", "--log-level", "warning"],
            logFile: "\(workDirectory)/node.log")
        defer { Task { await node.stop() } }
        _ = try await node.line(within: .seconds(20), "its listening line") { $0.contains(" listening on ") }
        // Idle: registered and a few reports in.
        try await Task.sleep(for: .seconds(3))
        let idle = node.memory?.currentKB ?? 0

        let client = try CoAPClient()
        defer { client.shutdown() }
        let creation = UpdateCreation(
            name: "bench-big", version: "1", packageType: .file, targetNodes: ["bench-node"], artifactID: artifactID,
            installPath: "/opt/bench/big.bin")
        let created = try await client.post("\(server.uri)/updates", payload: try Payload.encode(creation), contentFormat: .json)
        let jobID = try JSONDecoder().decode(JobCreated.self, from: Data(created.payload)).jobID
        let observation = try client.observe("\(server.uri)/updates/\(jobID)/status")
        _ = try await client.post(
            "\(server.uri)/updates", payload: try Payload.encode(["action": "install", "job_id": jobID]), contentFormat: .json)
        var state = JobState.installing
        for try await notification in observation {
            state = try JSONDecoder().decode(JobStatus.self, from: Data(notification.payload)).state
            if state.isFinal { break }
        }
        let peak = node.memory?.peakKB ?? 0
        await node.stop()
        return [
            BenchResult("6 memory", "fleet-node RSS idle", Double(idle) / 1024, "MB", atMost: 15),
            BenchResult("6 memory", "fleet-node peak RSS installing 16 MiB", Double(peak) / 1024, "MB",
                        notes: "job \(state.rawValue)"),
        ]
    }
}
