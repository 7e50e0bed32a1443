/// The limits above which a node reports itself unhealthy.
public struct HealthThresholds: Sendable, Equatable {
    /// CPU busy percentage limit.
    public var cpuPercent: Double
    /// Memory used percentage limit.
    public var memoryPercent: Double
    /// Disk used percentage limit.
    public var diskPercent: Double
    /// Temperature limit in °C.
    public var temperature: Double

    /// Creates thresholds; the defaults are 90% CPU, memory and disk, and 80 °C.
    public init(cpuPercent: Double = 90, memoryPercent: Double = 90, diskPercent: Double = 90, temperature: Double = 80) {
        self.cpuPercent = cpuPercent
        self.memoryPercent = memoryPercent
        self.diskPercent = diskPercent
        self.temperature = temperature
    }
}
