import Foundation
import FleetNode
import Testing

// Smoke tests: the real readers on this machine return plausible values.

@Test func realCPUReaderGivesPercentage() throws {
    let first = try #require(CPUTimes.read())
    let second = try #require(CPUTimes.read())
    #expect((0...100).contains(second.busyPercent(since: first)))
    var sampler = CPUSampler()
    #expect(sampler.busyPercent().map { (0...100).contains($0) } == true)
}

@Test func realMemoryReaderGivesPercentage() throws {
    let info = try #require(MemoryInfo.read())
    #expect(info.totalKB > 0)
    #expect((0...100).contains(info.usedPercent))
}

@Test func realDiskReaderGivesPercentage() throws {
    let percent = try #require(DiskUsage.read(mountPoint: "/"))
    #expect((0...100).contains(percent))
}

@Test func realThermalReaderIsNilOrPlausible() {
    // Many machines (containers, VMs) have no thermal zones; nil is then the right answer.
    if let celsius = Thermal.highestCelsius() {
        #expect((-40...150).contains(celsius))
    }
}

@Test func realProcessScannerSeesThisProcess() throws {
    let own = try String(contentsOfFile: "/proc/self/comm", encoding: .utf8)
        .trimmingCharacters(in: .whitespacesAndNewlines)
    #expect(ProcessScanner.runningNames().contains(own))
}

@Test func cpuFigureRisesUnderABusyLoop() throws {
    var sampler = CPUSampler()
    let start = sampler.busyPercent()
    #expect(start != nil)
    // Every core spins for 400 ms; the loops end by themselves.
    let cores = max(1, sysconf(Int32(_SC_NPROCESSORS_ONLN)))
    let deadline = ContinuousClock.now + .milliseconds(400)
    let finished = DispatchGroup()
    for _ in 0..<cores {
        finished.enter()
        Thread.detachNewThread {
            var spins = 0
            while ContinuousClock.now < deadline { spins &+= 1 }
            finished.leave()
        }
    }
    finished.wait()
    let busy = sampler.busyPercent() ?? 0
    #expect(busy >= 60, "all \(cores) cores spinning, yet the CPU figure is \(busy) %")
}
