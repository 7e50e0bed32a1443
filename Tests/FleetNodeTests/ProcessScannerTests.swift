import FleetNode
import Testing

@Test func processScannerReadsNumericEntries() throws {
    let directory = try HealthTestDirectory()
    defer { directory.remove() }
    try directory.write("init\n", to: "1/comm")
    try directory.write("dockerd\n", to: "42/comm")
    try directory.write("impostor\n", to: "self/comm")
    try directory.write("", to: "7/comm")
    try directory.write("stray", to: "sys/comm")
    #expect(ProcessScanner.runningNames(procRoot: directory.path) == ["init", "dockerd"])
    #expect(ProcessScanner.runningNames(procRoot: directory.path + "/missing").isEmpty)
}
