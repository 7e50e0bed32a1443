import FleetNode
import Foundation
import Testing
import TestSupport

@Suite("loaded kernel modules")
struct LoadedModulesTests {
    /// Three lines as the kernel writes `/proc/modules`.
    static let sample = """
        snd_hda_intel 57344 3 - Live 0x0000000000000000
        i2c_dev 24576 0 - Live 0x0000000000000000
        spi_bcm2835 20480 0 - Live 0x0000000000000000 (O)

        """

    @Test func namesAreTheFirstColumn() throws {
        let directory = try makeTemporaryDirectory("loaded-modules")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try Self.sample.write(toFile: directory + "/modules", atomically: true, encoding: .utf8)
        #expect(LoadedModules.names(procModules: directory + "/modules") == ["snd_hda_intel", "i2c_dev", "spi_bcm2835"])
    }

    @Test func absentFileMeansNoModules() {
        #expect(LoadedModules.names(procModules: "/nonexistent/proc/modules").isEmpty)
    }

    @Test func driversAreReportedWithDashesAsUnderscores() throws {
        let directory = try makeTemporaryDirectory("loaded-modules")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try Self.sample.write(toFile: directory + "/modules", atomically: true, encoding: .utf8)
        let report = LoadedModules.report(["i2c-dev", "spi_bcm2835", "w1-gpio"], procModules: directory + "/modules")
        #expect(report == ["i2c-dev": true, "spi_bcm2835": true, "w1-gpio": false])
    }
}
