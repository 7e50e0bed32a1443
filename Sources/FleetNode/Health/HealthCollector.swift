import FleetModel

/// Gathers a node's health report from its readers; the agent keeps one and calls ``collect(nodeID:)`` per report.
///
/// One ``CPUSampler`` lives across calls, so each report's CPU figure covers the time since the previous one
/// (since boot for the first).
public struct HealthCollector: Sendable {
    /// The mount points checked; the disk figure is the highest used percentage among them.
    public var mountPoints: [String]
    /// The directory holding the kernel's `thermal_zone*` entries.
    public var thermalDirectory: String
    /// The directory the `stat` and `meminfo` files are read from, normally `/proc`.
    public let procRoot: String
    /// The limits the figures are judged against.
    public var thresholds: HealthThresholds
    /// Called once per report for the running state of each watched service; how it finds out is the caller's choice.
    public var servicesStatus: @Sendable () -> [String: Bool]
    /// The CPU sampler of `<procRoot>/stat`, kept between reports.
    private var sampler: CPUSampler

    /// Creates a collector; by default it checks `/`, `/sys/class/thermal` and `/proc` with default thresholds
    /// and watches no services.
    public init(
        mountPoints: [String] = ["/"], thermalDirectory: String = "/sys/class/thermal", procRoot: String = "/proc",
        thresholds: HealthThresholds = HealthThresholds(),
        servicesStatus: @escaping @Sendable () -> [String: Bool] = { [:] }
    ) {
        self.mountPoints = mountPoints
        self.thermalDirectory = thermalDirectory
        self.procRoot = procRoot
        self.thresholds = thresholds
        self.servicesStatus = servicesStatus
        self.sampler = CPUSampler(path: "\(procRoot)/stat")
    }

    /// Reads every figure and judges it into a report for `nodeID`.
    ///
    /// Percentages are clamped to 0…100. A figure whose reader fails is reported as 0 with a message such as
    /// "memory could not be read from /proc/meminfo", and the report is then not healthy; those messages come
    /// before the threshold messages of ``HealthAssessment/assess(cpu:memory:disk:temperature:services:thresholds:)``.
    /// A missing temperature is normal (no sensor) and is not an error. With no mount points the disk figure is 0.
    public mutating func collect(nodeID: String) -> HealthReport {
        var readErrors: [String] = []
        func figure(_ value: Double?, _ failure: @autoclosure () -> String) -> Double {
            guard let value else {
                readErrors.append(failure())
                return 0
            }
            return Self.clampedPercentage(value)
        }

        let cpu = figure(sampler.busyPercent(), "cpu could not be read from \(sampler.path)")
        let memoryPath = "\(procRoot)/meminfo"
        let memory = figure(MemoryInfo.read(path: memoryPath)?.usedPercent, "memory could not be read from \(memoryPath)")
        let disk = mountPoints
            .map { figure(DiskUsage.read(mountPoint: $0), "disk could not be read from \($0)") }
            .max() ?? 0
        let temperature = Thermal.highestCelsius(directory: thermalDirectory)
        let services = servicesStatus()

        let assessment = HealthAssessment.assess(
            cpu: cpu, memory: memory, disk: disk, temperature: temperature, services: services, thresholds: thresholds
        )
        return HealthReport(
            nodeID: nodeID, overallHealthy: assessment.healthy && readErrors.isEmpty, cpuPercent: cpu,
            memoryPercent: memory, diskPercent: disk, temperature: temperature, servicesStatus: services,
            errorMessages: readErrors + assessment.errors
        )
    }

    /// `value` within 0…100, which ``HealthReport`` requires; a NaN becomes 0.
    private static func clampedPercentage(_ value: Double) -> Double {
        value.isNaN ? 0 : min(max(value, 0), 100)
    }
}
