import Foundation

/// A child process started with `posix_spawn`. The tests do not use Foundation's `Process`:
/// its `run()` on Linux (Swift 6.3.1) now and then reads past a buffer while it scans
/// `/proc/self/fd` and crashes the whole test process (swift-corelibs-foundation#5472).
public struct SpawnedProcess: Sendable {
    /// The child's process id.
    public let pid: pid_t

    /// Starts `executable` with `arguments`, the current environment plus `environment`, stdin
    /// from /dev/null, and stdout and stderr on the given descriptors (/dev/null for nil).
    public init(
        _ executable: String, _ arguments: [String], environment: [String: String] = [:], stdout: Int32?, stderr: Int32?
    ) throws {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        for (descriptor, target) in [(stdout, Int32(1)), (stderr, Int32(2))] {
            if let descriptor {
                posix_spawn_file_actions_adddup2(&actions, descriptor, target)
            } else {
                posix_spawn_file_actions_addopen(&actions, target, "/dev/null", O_WRONLY, 0)
            }
        }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        let variables = ProcessInfo.processInfo.environment.merging(environment) { _, new in new }
        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        let envp = variables.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { for string in argv + envp { free(string) } }
        var pid = pid_t()
        let error = posix_spawn(&pid, executable, &actions, nil, argv, envp)
        guard error == 0 else { throw POSIXError(POSIXErrorCode(rawValue: error) ?? .EINVAL) }
        self.pid = pid
    }

    /// Blocks until the child ends and reaps it; call it on a thread of its own.
    public func waitForExit() -> ExitStatus {
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0, errno == EINTR {}
        // WIFEXITED / WEXITSTATUS / WTERMSIG, which Swift does not import as macros.
        let signal = status & 0x7F
        return signal == 0 ? ExitStatus(exited: true, status: (status >> 8) & 0xFF) : ExitStatus(exited: false, status: signal)
    }

    /// A one-way channel whose ends are closed in children (a socket pair, made close-on-exec
    /// atomically so a process spawned meanwhile by another test cannot inherit it).
    public static func makeChannel() throws -> (read: Int32, write: Int32) {
        var ends: [Int32] = [-1, -1]
        guard socketpair(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0, &ends) == 0 else {
            throw POSIXError(.EMFILE)
        }
        shutdown(ends[0], Int32(SHUT_WR))
        shutdown(ends[1], Int32(SHUT_RD))
        return (ends[0], ends[1])
    }
}
