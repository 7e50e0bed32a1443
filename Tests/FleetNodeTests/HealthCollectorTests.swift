import FleetModel
import FleetNode
import Foundation
import Testing

/// A fixture `/proc` with a `stat` (20% busy since boot) and a `meminfo` (75% used), and one thermal zone at 45 °C.
private func makeFixture() throws -> HealthTestDirectory {
    let directory = try HealthTestDirectory()
    try directory.write("cpu  100 0 100 800 0 0 0 0 0 0\ncpu0 100 0 100 800 0 0 0 0 0 0\n", to: "proc/stat")
    try directory.write("MemTotal: 1000 kB\nMemFree: 100 kB\nMemAvailable: 250 kB\n", to: "proc/meminfo")
    try directory.write("45000\n", to: "thermal/thermal_zone0/temp")
    return directory
}

@Test func healthCollectorReportsFixtureFigures() throws {
    let directory = try makeFixture()
    defer { directory.remove() }
    var collector = HealthCollector(
        mountPoints: [directory.path], thermalDirectory: directory.path + "/thermal",
        procRoot: directory.path + "/proc", thresholds: HealthThresholds(diskPercent: 100),
        servicesStatus: { ["sshd": true] }
    )
    let disk = try #require(DiskUsage.read(mountPoint: directory.path))
    var first = collector.collect(nodeID: "node-1")
    // The temporary directory's file system is live (others may be writing to it): allow a little drift.
    #expect(abs(first.diskPercent - disk) < 0.5)
    first.diskPercent = disk
    #expect(
        first
            == HealthReport(
                nodeID: "node-1", overallHealthy: true, cpuPercent: 20, memoryPercent: 75, diskPercent: disk,
                temperature: 45, servicesStatus: ["sshd": true], errorMessages: []
            )
    )

    // 200 more ticks, 100 of them idle: 50% busy since the first report.
    try directory.write("cpu  150 0 150 900 0 0 0 0 0 0\n", to: "proc/stat")
    let second = collector.collect(nodeID: "node-1")
    #expect(second.cpuPercent == 50)
    #expect(second.overallHealthy)
}

@Test func healthCollectorReportsMissingMemory() throws {
    let directory = try makeFixture()
    defer { directory.remove() }
    let procRoot = directory.path + "/proc"
    try FileManager.default.removeItem(atPath: procRoot + "/meminfo")
    var collector = HealthCollector(
        mountPoints: [directory.path], thermalDirectory: directory.path + "/thermal", procRoot: procRoot,
        thresholds: HealthThresholds(diskPercent: 100)
    )
    let report = collector.collect(nodeID: "node-1")
    #expect(report.memoryPercent == 0)
    #expect(report.cpuPercent == 20)
    #expect(!report.overallHealthy)
    #expect(report.errorMessages == ["memory could not be read from \(procRoot)/meminfo"])
}

@Test func healthCollectorReportsEveryFailedReading() throws {
    let directory = try HealthTestDirectory()
    defer { directory.remove() }
    let missing = directory.path + "/missing"
    var collector = HealthCollector(
        mountPoints: [missing], thermalDirectory: missing, procRoot: missing,
        servicesStatus: { ["docker": false] }
    )
    let report = collector.collect(nodeID: "node-1")
    #expect(report.cpuPercent == 0 && report.memoryPercent == 0 && report.diskPercent == 0)
    #expect(report.temperature == nil)
    #expect(!report.overallHealthy)
    #expect(
        report.errorMessages == [
            "cpu could not be read from \(missing)/stat",
            "memory could not be read from \(missing)/meminfo",
            "disk could not be read from \(missing)",
            "service docker is not running",
        ]
    )
}

@Test func healthCollectorTakesHighestDiskAndJudgesThresholds() throws {
    let directory = try makeFixture()
    defer { directory.remove() }
    var collector = HealthCollector(
        mountPoints: ["/", directory.path], thermalDirectory: directory.path + "/thermal",
        procRoot: directory.path + "/proc", thresholds: HealthThresholds(memoryPercent: 50, diskPercent: 100)
    )
    let expectedDisk = try #require(
        [DiskUsage.read(mountPoint: "/"), DiskUsage.read(mountPoint: directory.path)].compactMap { $0 }.max()
    )
    let report = collector.collect(nodeID: "node-1")
    #expect(abs(report.diskPercent - expectedDisk) < 0.5)  // live file systems: allow a little drift
    #expect(!report.overallHealthy)
    #expect(report.errorMessages == ["memory 75% is over the 50% threshold"])
}

@Test func healthCollectorReportOnThisMachineIsValid() throws {
    var collector = HealthCollector()
    for _ in 0..<2 {
        let report = collector.collect(nodeID: "this-node")
        let decoded = try Payload.decode(HealthReport.self, from: Payload.encode(report))
        #expect(decoded == report)
    }
}
