import CoAPCore
@testable import FleetNode
import FleetModel
import Foundation
import Testing
import TestSupport

@Suite("apt installer")
struct AptInstallerTests {
    /// Writes a shell script `name` with `body` into `directory` and returns the apt invocation running it.
    ///
    /// The script is run as `/bin/sh <script>` rather than executed itself: a child spawned meanwhile by a
    /// concurrent test could hold the script's write descriptor and make its execution fail with "Text file busy".
    static func script(_ body: String, named name: String, in directory: String) throws -> [String] {
        let path = "\(directory)/\(name)"
        try Data("#!/bin/sh\n\(body)\n".utf8).write(to: URL(fileURLWithPath: path))
        return ["/bin/sh", path]
    }

    static func context(apt: [String], in directory: String) -> InstallContext {
        InstallContext(
            installRoot: directory, stateDirectory: directory, commands: InstallCommands(apt: apt), logger: .disabled)
    }

    static func job(packages: [String], healthCheck: String? = nil) -> UpdateAnnouncement {
        UpdateAnnouncement(
            jobID: "job-apt", name: "base", version: "1", packageType: .apt, packages: packages, healthCheck: healthCheck,
            commandTimeoutSeconds: 10)
    }

    @Test func prepareRecordsNothingToUndo() async throws {
        let directory = try makeTemporaryDirectory("apt-installer")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let installer = AptInstaller(context: Self.context(apt: ["/nonexistent/apt-get"], in: directory))
        #expect(try await installer.prepare(Self.job(packages: ["pkg1"]), artifact: nil) == RollbackPoint.none)
    }

    @Test func aFailingAptIsReportedWithItsMessage() async throws {
        let directory = try makeTemporaryDirectory("apt-installer")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let apt = try Self.script(
            "echo 'E: Unable to locate package pkg-missing' >&2\nexit 100", named: "fake-apt", in: directory)
        let installer = AptInstaller(context: Self.context(apt: apt, in: directory))

        let outcome = await installer.apply(Self.job(packages: ["pkg-missing"]), artifact: nil, rollback: .none)
        guard case .failed(let message) = outcome else {
            Issue.record("expected failed, got \(outcome)")
            return
        }
        #expect(message.contains("apt-get install failed"))
        #expect(message.contains("exit status 100"))
        #expect(message.contains("E: Unable to locate package pkg-missing"))
    }

    @Test func aMissingAptProgramFails() async throws {
        let directory = try makeTemporaryDirectory("apt-installer")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let installer = AptInstaller(context: Self.context(apt: [directory + "/no-such-apt"], in: directory))
        let outcome = await installer.apply(Self.job(packages: ["pkg1"]), artifact: nil, rollback: .none)
        guard case .failed(let message) = outcome else {
            Issue.record("expected failed, got \(outcome)")
            return
        }
        #expect(message.hasPrefix("apt-get install failed"))
    }

    @Test func aptGetsInstallDashYThePackagesAndANonInteractiveFrontend() async throws {
        let directory = try makeTemporaryDirectory("apt-installer")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let arguments = directory + "/argv"
        let frontend = directory + "/frontend"
        let apt = try Self.script(
            "printf '%s\\n' \"$@\" > '\(arguments)'\nprintf '%s' \"${DEBIAN_FRONTEND-unset}\" > '\(frontend)'",
            named: "fake-apt", in: directory)
        let installer = AptInstaller(context: Self.context(apt: apt, in: directory))

        let outcome = await installer.apply(Self.job(packages: ["pkg1", "pkg2"]), artifact: nil, rollback: .none)
        #expect(outcome == .succeeded)
        let argv = try String(contentsOfFile: arguments, encoding: .utf8)
        #expect(argv == "install\n-y\npkg1\npkg2\n")
        #expect(try String(contentsOfFile: frontend, encoding: .utf8) == "noninteractive")
    }

    @Test func theConfiguredAptArgumentsComeFirst() async throws {
        let directory = try makeTemporaryDirectory("apt-installer")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let arguments = directory + "/argv"
        let apt = try Self.script("printf '%s\\n' \"$@\" > '\(arguments)'", named: "fake-apt", in: directory)
        let installer = AptInstaller(context: Self.context(apt: apt + ["-o", "Dpkg::Use-Pty=0"], in: directory))

        let outcome = await installer.apply(Self.job(packages: ["pkg1=1.2-3"]), artifact: nil, rollback: .none)
        #expect(outcome == .succeeded)
        #expect(try String(contentsOfFile: arguments, encoding: .utf8) == "-o\nDpkg::Use-Pty=0\ninstall\n-y\npkg1=1.2-3\n")
    }

    @Test func aFailingHealthCheckAfterAptFailsWithoutRollback() async throws {
        let directory = try makeTemporaryDirectory("apt-installer")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let apt = try Self.script("exit 0", named: "fake-apt", in: directory)
        let installer = AptInstaller(context: Self.context(apt: apt, in: directory))

        let outcome = await installer.apply(
            Self.job(packages: ["pkg1"], healthCheck: "false"), artifact: nil, rollback: .none)
        guard case .failed(let message) = outcome else {
            Issue.record("expected failed, got \(outcome)")
            return
        }
        #expect(message.contains("health check failed"))
        #expect(message.contains("apt packages cannot be rolled back"))
    }
}
