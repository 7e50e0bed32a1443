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
        // The kernel names a process after the path it was started by, so a link gives a shell a name of our
        // own; at 18 bytes it is longer than the 15 the kernel keeps. The shell says when it runs (its name is
        // set only then), and waits for its input to close.
        let name = "fleet-probe-" + UUID().uuidString.prefix(6)
        let link = directory.path + "/" + name
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: "/bin/sh")
        var input: [Int32] = [-1, -1]
        var output: [Int32] = [-1, -1]
        try #require(pipe(&input) == 0 && pipe(&output) == 0)
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, input[0], 0)
        posix_spawn_file_actions_adddup2(&actions, output[1], 1)
        for descriptor in input + output { posix_spawn_file_actions_addclose(&actions, descriptor) }
        var pid = pid_t()
        let argv = [strdup(link), strdup("-c"), strdup("echo ready; read line"), nil]
        defer { for argument in argv { free(argument) } }
        try #require(posix_spawn(&pid, link, &actions, nil, argv, environ) == 0)
        close(input[0])
        close(output[1])
        defer {
            close(input[1])
            kill(pid, SIGKILL)
            waitpid(pid, nil, 0)
            close(output[0])
        }
        var ready = [UInt8](repeating: 0, count: 6)
        #expect(read(output[0], &ready, ready.count) == 6)
        let invented = "fleet-invented-" + UUID().uuidString
        let states = await ServiceProbe.states(of: [name, invented, name])
        #expect(states == [name: true, invented: false])
    }
}
