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

/// One of the package's own executables, run with Foundation's `Process` so the test holds its
/// pid. Its output lines (stdout, and stderr too when asked) and its end arrive in inboxes.
public final class ChildProcess: @unchecked Sendable {
    // @unchecked: `process` is only kept alive here; its end is learned through `exit`.
    /// The lines the process printed.
    public let lines = Inbox<String>()
    /// How it ended, once it has.
    public let exit = Inbox<ExitStatus>()
    private let process: Process
    private let name: String
    /// The process id.
    public let pid: Int32

    /// The path of the package's built executable `name` (debug build).
    public static func binary(_ name: String) -> String { "\(repositoryRoot)/.build/debug/\(name)" }

    /// Starts `executable` with `arguments` (and extra `environment`); `mergeStandardError`
    /// sends its stderr (where the log goes) into ``lines`` too.
    public init(
        _ executable: String, _ arguments: [String], environment: [String: String] = [:], mergeStandardError: Bool = false
    ) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        if !environment.isEmpty {
            process.environment = ProcessInfo.processInfo.environment.merging(environment) { _, new in new }
        }
        let output = Pipe()
        process.standardOutput = output
        process.standardError = mergeStandardError ? output : FileHandle.nullDevice
        process.standardInput = FileHandle.nullDevice
        let exit = self.exit
        process.terminationHandler = { process in
            exit.put(ExitStatus(exited: process.terminationReason == .exit, status: process.terminationStatus))
        }
        try process.run()
        pid = process.processIdentifier
        self.process = process
        name = URL(fileURLWithPath: executable).lastPathComponent
        let lines = self.lines
        readLines(output.fileHandleForReading, line: { lines.put($0) }, end: { lines.finish() })
    }

    /// Sends a signal while the process runs.
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
