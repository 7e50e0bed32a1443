/// The agent's answer to `GET /system`: what the node is and what it runs.
public struct NodeSystemInfo: Codable, Sendable, Equatable {
    /// `hostname`.
    public var hostname: String
    /// `os`: the kernel name, lowercased, e.g. `linux`.
    public var os: String
    /// `kernel`: the kernel release.
    public var kernel: String
    /// `arch`: the hardware name, e.g. `aarch64`.
    public var arch: String
    /// `cpu_model`, left out when the kernel does not report one.
    public var cpuModel: String?
    /// `cpu_count`, at least 1.
    public var cpuCount: Int
    /// `memory_total_kb`: total memory in kB, 0 when unknown.
    public var memoryTotalKB: UInt64
    /// `uptime_s`: seconds since boot.
    public var uptimeSeconds: Double
    /// `agent_version`: the CoAP Fleet version of the agent.
    public var agentVersion: String
    /// `installed_versions`: what the node has installed, name to version.
    public var installedVersions: [String: String]
    /// `drivers`: each configured kernel module and whether it is loaded.
    public var drivers: [String: Bool]

    /// Creates the answer from a node's facts, the agent's versions and its configured drivers' states.
    public init(facts: SystemFacts, agentVersion: String, installedVersions: [String: String], drivers: [String: Bool] = [:]) {
        hostname = facts.hostname
        os = facts.os
        kernel = facts.kernel
        arch = facts.architecture
        cpuModel = facts.cpuModel
        cpuCount = facts.cpuCount
        memoryTotalKB = facts.memoryTotalKB
        uptimeSeconds = facts.uptimeSeconds
        self.agentVersion = agentVersion
        self.installedVersions = installedVersions
        self.drivers = drivers
    }

    enum CodingKeys: String, CodingKey {
        case hostname
        case os
        case kernel
        case arch
        case cpuModel = "cpu_model"
        case cpuCount = "cpu_count"
        case memoryTotalKB = "memory_total_kb"
        case uptimeSeconds = "uptime_s"
        case agentVersion = "agent_version"
        case installedVersions = "installed_versions"
        case drivers
    }
}
