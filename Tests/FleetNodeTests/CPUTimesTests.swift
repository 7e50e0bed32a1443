import FleetNode
import Testing

private let procStat = """
    cpu  221578 6 66647 1117372 2517 0 3444 131 0 0
    cpu0 107590 3 34130 561882 529 0 1564 70 0 0
    intr 123 0 0
    """

@Test func cpuTimesParsesAggregateLine() {
    let times = CPUTimes(parsing: procStat)
    #expect(
        times == CPUTimes(user: 221578, nice: 6, system: 66647, idle: 1117372, iowait: 2517, irq: 0, softirq: 3444, steal: 131)
    )
}

@Test func cpuTimesDefaultsMissingLaterFields() {
    #expect(CPUTimes(parsing: "cpu  10 20 30 40\n") == CPUTimes(user: 10, nice: 20, system: 30, idle: 40))
}

@Test(arguments: [
    "",
    "cpu0 1 2 3 4 5 6 7 8\n",
    "cpu  1 2 3\n",
    "cpu  1 2 x 4 5 6 7 8\n",
    "cpu  -1 2 3 4 5 6 7 8\n",
    "garbage text",
])
func cpuTimesRejectsMalformed(text: String) {
    #expect(CPUTimes(parsing: text) == nil)
}

@Test func busyPercentCountsIdleAndIOWaitAsIdle() {
    let before = CPUTimes(user: 100, nice: 0, system: 100, idle: 100, iowait: 100, irq: 0, softirq: 0, steal: 0)
    // +30 user, +10 system, +10 irq, +40 idle, +10 iowait: 50 busy of 100.
    let after = CPUTimes(user: 130, nice: 0, system: 110, idle: 140, iowait: 110, irq: 10, softirq: 0, steal: 0)
    #expect(after.busyPercent(since: before) == 50)
}

@Test func busyPercentIsZeroWithoutElapsedTime() {
    let sample = CPUTimes(user: 5, nice: 5, system: 5, idle: 5)
    #expect(sample.busyPercent(since: sample) == 0)
}

@Test func busyPercentIsZeroWhenCountersGoBackwards() {
    let before = CPUTimes(user: 500, nice: 0, system: 100, idle: 1000)
    let after = CPUTimes(user: 400, nice: 0, system: 300, idle: 2000)
    #expect(after.busyPercent(since: before) == 0)
}

@Test func busyPercentIsHundredWhenNeverIdle() {
    let before = CPUTimes(user: 0, nice: 0, system: 0, idle: 10)
    let after = CPUTimes(user: 70, nice: 10, system: 20, idle: 10)
    #expect(after.busyPercent(since: before) == 100)
}

@Test func cpuTimesReadsFixtureFileAndFailsOnMissingFile() throws {
    let directory = try HealthTestDirectory()
    defer { directory.remove() }
    try directory.write(procStat, to: "stat")
    #expect(CPUTimes.read(path: directory.path + "/stat")?.user == 221578)
    #expect(CPUTimes.read(path: directory.path + "/missing") == nil)
}

@Test func cpuSamplerMeasuresBetweenCalls() throws {
    let directory = try HealthTestDirectory()
    defer { directory.remove() }
    try directory.write("cpu  10 0 10 80 0 0 0 0\n", to: "stat")
    var sampler = CPUSampler(path: directory.path + "/stat")
    #expect(sampler.busyPercent() == 20)
    try directory.write("cpu  40 0 40 120 0 0 0 0\n", to: "stat")
    #expect(sampler.busyPercent() == 60)
    var missing = CPUSampler(path: directory.path + "/missing")
    #expect(missing.busyPercent() == nil)
}
