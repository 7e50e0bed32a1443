import FleetNode
import Foundation
import Testing

@Suite struct NodeSystemInfoTests {
    @Test func encodesWithSnakeCaseKeys() throws {
        let facts = SystemFacts(
            hostname: "worker-03", os: "linux", kernel: "6.1.0-18-arm64", architecture: "aarch64", cpuModel: nil,
            cpuCount: 4, memoryTotalKB: 3_884_000, uptimeSeconds: 12.5)
        let info = NodeSystemInfo(facts: facts, agentVersion: "0.1.0", installedVersions: ["fw": "1.2"], drivers: ["i2c-dev": true])
        let object = try #require(
            JSONSerialization.jsonObject(with: JSONEncoder().encode(info)) as? [String: Any])
        #expect(Set(object.keys) == [
            "hostname", "os", "kernel", "arch", "cpu_count", "memory_total_kb", "uptime_s", "agent_version",
            "installed_versions", "drivers",
        ])
        #expect(object["arch"] as? String == "aarch64")
        #expect(object["memory_total_kb"] as? Int == 3_884_000)
        #expect(try JSONDecoder().decode(NodeSystemInfo.self, from: JSONEncoder().encode(info)) == info)
    }
}
