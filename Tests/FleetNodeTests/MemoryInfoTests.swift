import FleetNode
import Testing

@Test func memoryInfoParsesTotalAndAvailable() throws {
    let text = """
        MemTotal:        4000000 kB
        MemFree:          500000 kB
        MemAvailable:    1000000 kB
        Buffers:           10000 kB
        """
    let info = try #require(MemoryInfo(parsing: text))
    #expect(info == MemoryInfo(totalKB: 4_000_000, availableKB: 1_000_000))
    #expect(info.usedPercent == 75)
}

@Test(arguments: [
    "",
    "MemTotal: 1000 kB\n",
    "MemAvailable: 1000 kB\n",
    "MemTotal: lots kB\nMemAvailable: 10 kB\n",
    "MemTotal: 0 kB\nMemAvailable: 0 kB\n",
    "MemTotal:\nMemAvailable:\n",
])
func memoryInfoRejectsMalformed(text: String) {
    #expect(MemoryInfo(parsing: text) == nil)
}

@Test func memoryUsedPercentStaysInRange() {
    #expect(MemoryInfo(totalKB: 100, availableKB: 100).usedPercent == 0)
    #expect(MemoryInfo(totalKB: 100, availableKB: 0).usedPercent == 100)
    #expect(MemoryInfo(totalKB: 100, availableKB: 150).usedPercent == 0)
}
