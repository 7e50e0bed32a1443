import FleetNode
import Foundation
import Testing

private let x86CPUInfo = """
    processor\t: 0
    vendor_id\t: GenuineIntel
    cpu family\t: 6
    model\t\t: 142
    model name\t: Intel(R) Core(TM) i7-8550U CPU @ 1.80GHz
    flags\t\t: fpu vme de pse

    processor\t: 1
    vendor_id\t: GenuineIntel
    model name\t: Intel(R) Core(TM) i7-8550U CPU @ 1.80GHz

    """

private let armCPUInfo = """
    Processor\t: ARMv7 Processor rev 4 (v7l)
    processor\t: 0
    BogoMIPS\t: 38.40
    CPU part\t: 0xd03

    processor\t: 1
    BogoMIPS\t: 38.40

    processor\t: 2

    processor\t: 3

    Hardware\t: BCM2835
    Revision\t: a02082
    Model\t\t: Raspberry Pi 3 Model B Rev 1.2

    """

@Test func systemFactsParsesX86CPUInfo() {
    #expect(SystemFacts.cpuModel(parsing: x86CPUInfo) == "Intel(R) Core(TM) i7-8550U CPU @ 1.80GHz")
    #expect(SystemFacts.cpuCount(parsing: x86CPUInfo) == 2)
}

@Test func systemFactsParsesARMCPUInfo() {
    #expect(SystemFacts.cpuModel(parsing: armCPUInfo) == "BCM2835")
    #expect(SystemFacts.cpuCount(parsing: armCPUInfo) == 4)
}

@Test func systemFactsFallsBackToBoardModel() {
    let text = "processor\t: 0\nCPU part\t: 0xd08\n\nModel\t\t: Raspberry Pi 4 Model B Rev 1.4\n"
    #expect(SystemFacts.cpuModel(parsing: text) == "Raspberry Pi 4 Model B Rev 1.4")
}

@Test func systemFactsCPUInfoWithoutModelOrProcessors() {
    #expect(SystemFacts.cpuModel(parsing: "processor : 0\nmodel name :   \n") == nil)
    #expect(SystemFacts.cpuModel(parsing: "") == nil)
    #expect(SystemFacts.cpuCount(parsing: "") == 1)
}

@Test func systemFactsParsesUptime() {
    #expect(SystemFacts.uptime(parsing: "7343.80 11435.85\n") == 7343.80)
    #expect(SystemFacts.uptime(parsing: "12\n") == 12)
}

@Test(arguments: ["", "\n", "soon 11435.85\n", "-3.5 1.0\n", "nan 1.0\n", "inf 1.0\n"])
func systemFactsRejectsMalformedUptime(text: String) {
    #expect(SystemFacts.uptime(parsing: text) == nil)
}

@Test func systemFactsReadsThisMachine() throws {
    let facts = SystemFacts.read()
    #expect(!facts.hostname.isEmpty)
    #expect(facts.os == "linux")
    #expect(!facts.kernel.isEmpty)
    #expect(!facts.architecture.isEmpty)
    #expect(facts.cpuCount >= 1)
    #expect(facts.memoryTotalKB > 0)
    #expect(facts.uptimeSeconds > 0)
    let kernelHostname = try String(contentsOfFile: "/proc/sys/kernel/hostname", encoding: .utf8)
    #expect(facts.hostname == kernelHostname.trimmingCharacters(in: .whitespacesAndNewlines))
}

@Test func systemFactsReadsFixtureProcRoot() throws {
    let directory = try HealthTestDirectory()
    defer { directory.remove() }
    try directory.write(armCPUInfo, to: "cpuinfo")
    try directory.write("MemTotal: 948304 kB\nMemAvailable: 500000 kB\n", to: "meminfo")
    try directory.write("350.25 1200.00\n", to: "uptime")
    let facts = SystemFacts.read(procRoot: directory.path)
    #expect(facts.cpuModel == "BCM2835")
    #expect(facts.cpuCount == 4)
    #expect(facts.memoryTotalKB == 948_304)
    #expect(facts.uptimeSeconds == 350.25)

    let missing = SystemFacts.read(procRoot: directory.path + "/missing")
    #expect(missing.cpuModel == nil)
    #expect(missing.cpuCount == 1)
    #expect(missing.memoryTotalKB == 0)
    #expect(missing.uptimeSeconds == 0)
}
