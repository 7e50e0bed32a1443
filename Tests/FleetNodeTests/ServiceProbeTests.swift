import FleetNode
import Foundation
import Glibc
import Testing

@Suite struct ServiceProbeTests {
    @Test func systemdRunsWhenItsRunDirectoryExists() {
        var isDirectory: ObjCBool = false
        let exists = FileManager.default.fileExists(atPath: "/run/systemd/system", isDirectory: &isDirectory)
        #expect(ServiceProbe.systemdRuns == (exists && isDirectory.boolValue))
    }

    @Test func noServicesNeedNoProbing() async {
        #expect(await ServiceProbe.states(of: []) == [:])
    }

    @Test(.enabled(if: !ServiceProbe.systemdRuns, "without systemd, services are found by process name"))
    func findsRunningProcessesByTheirTruncatedName() async throws {
        let directory = try HealthTestDirectory()
        defer { directory.remove() }
        // The kernel names a process after the path it was started by, so a link gives `sleep` a name of our
        // own; at 18 bytes it is longer than the 15 the kernel keeps.
        let name = "fleet-probe-" + UUID().uuidString.prefix(6)
        let link = directory.path + "/" + name
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: "/bin/sleep")
        // glibc's posix_spawn returns once the child has executed the program, so its name is already set.
        var pid = pid_t()
        let argv = [strdup(link), strdup("30"), nil]
        defer { for argument in argv { free(argument) } }
        try #require(posix_spawn(&pid, link, nil, nil, argv, environ) == 0)
        defer {
            kill(pid, SIGKILL)
            waitpid(pid, nil, 0)
        }
        let invented = "fleet-invented-" + UUID().uuidString
        let states = await ServiceProbe.states(of: [name, invented, name])
        #expect(states == [name: true, invented: false])
    }
}
