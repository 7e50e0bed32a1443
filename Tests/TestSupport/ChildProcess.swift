import Foundation

/// How a process ended.
public struct ExitStatus: Sendable, Equatable {
    /// True when it exited by itself (`exit`), false when a signal ended it.
    public let exited: Bool
    /// The exit status, or the signal number.
    public let status: Int32

    public init(exited: Bool, status: Int32) {
        self.exited = exited
        self.status = status
    }
}

/// One of the package's own executables (or any program) running beside a test. Its output
/// lines (stdout, and stderr too when asked) and its end arrive in inboxes.
public final class ChildProcess: Sendable {
    /// The lines the process printed.
    public let lines = Inbox<String>()
    /// How it ended, once it has.
    public let exit = Inbox<ExitStatus>()
    /// The process id.
    public let pid: Int32
    private let name: String

    /// The path of the package's built executable `name` (debug build).
    public static func binary(_ name: String) -> String { "\(repositoryRoot)/.build/debug/\(name)" }

    /// Starts `executable` with `arguments` (and extra `environment`); `mergeStandardError`
    /// sends its stderr (where the log goes) into ``lines`` too. `onLine` sees each line first,
    /// with the process id, on the reading thread: the place to react at once (a kill at the
    /// right moment), without waiting for a task to be scheduled.
    public init(
        _ executable: String, _ arguments: [String], environment: [String: String] = [:], mergeStandardError: Bool = false,
        onLine: (@Sendable (String, Int32) -> Void)? = nil
    ) throws {
        let channel = try SpawnedProcess.makeChannel()
        let spawned: SpawnedProcess
        do {
            spawned = try SpawnedProcess(
                executable, arguments, environment: environment, stdout: channel.write,
                stderr: mergeStandardError ? channel.write : nil)
        } catch {
            close(channel.read)
            close(channel.write)
            throw error
        }
        close(channel.write)
        pid = spawned.pid
        name = URL(fileURLWithPath: executable).lastPathComponent
        let lines = self.lines
        let exit = self.exit
        let pid = spawned.pid
        readLines(
            FileHandle(fileDescriptor: channel.read, closeOnDealloc: true),
            line: { line in
                onLine?(line, pid)
                lines.put(line)
            },
            end: { lines.finish() })
        Thread.detachNewThread { exit.put(spawned.waitForExit()) }
    }

    /// Sends a signal while the process runs (not after it was reaped: its pid may be reused).
    public func signal(_ signal: Int32) {
        if exit.count(where: { _ in true }) == 0 { kill(pid, signal) }
    }

    /// How the process ended, waiting at most `timeout`.
    public func ended(within timeout: Duration = .seconds(10)) async throws -> ExitStatus {
        try await exit.first(within: timeout, "\(name) to end")
    }

    /// Kills the process if it still runs (for cleanup on any path).
    public func kill9() {
        signal(SIGKILL)
    }
}
