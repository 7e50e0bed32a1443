import Foundation
import TestSupport

/// How a process ended.
struct ExitStatus: Sendable, Equatable {
    /// True when it exited by itself (`exit`), false when a signal ended it.
    let exited: Bool
    /// The exit status, or the signal number.
    let status: Int32
}

/// The real `fleet-server` executable, run with Foundation's `Process` so that the test holds
/// its pid. Its stdout lines and its end arrive in inboxes.
final class FleetServerProcess {
    static let binary = "\(repositoryRoot)/.build/debug/fleet-server"
    static var isBuilt: Bool { FileManager.default.isExecutableFile(atPath: binary) }

    let dataDirectory: String
    let lines = Inbox<String>()
    let exit = Inbox<ExitStatus>()
    private let process = Process()

    /// Starts `fleet-server --port 0 --data-dir <dir>`: the kernel picks a free port, which
    /// the "listening" line tells (see ``listeningPort(occurrence:)``).
    init(dataDirectory: String, arguments: [String] = []) throws {
        self.dataDirectory = dataDirectory
        process.executableURL = URL(fileURLWithPath: Self.binary)
        process.arguments = ["--port", "0", "--data-dir", dataDirectory, "--log-level", "warning"] + arguments
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        process.standardInput = FileHandle.nullDevice
        let exit = self.exit
        process.terminationHandler = { process in
            exit.put(ExitStatus(exited: process.terminationReason == .exit, status: process.terminationStatus))
        }
        try process.run()
        let lines = self.lines
        readLines(output.fileHandleForReading, line: { lines.put($0) }, end: { lines.finish() })
    }

    var pid: Int32 { process.processIdentifier }

    /// The port of the `occurrence`-th "listening on coap://…:PORT" line (a restart prints
    /// another one).
    func listeningPort(occurrence: Int = 1, within timeout: Duration = .seconds(15)) async throws -> UInt16 {
        let line = try await lines.first(within: timeout, "fleet-server's listening line", occurrence: occurrence) {
            $0.contains(" listening on ")
        }
        guard let endpoints = line.split(separator: " listening on ").last?.split(separator: " ").first,
              let port = endpoints.split(separator: ",").first?.split(separator: ":").last.flatMap({ UInt16($0) })
        else { throw InboxError.timedOut("a port in '\(line)'") }
        return port
    }

    /// Sends a signal.
    func signal(_ signal: Int32) {
        if process.isRunning { kill(process.processIdentifier, signal) }
    }

    /// How the process ended, waiting at most `timeout`.
    func ended(within timeout: Duration = .seconds(10)) async throws -> ExitStatus {
        try await exit.first(within: timeout, "fleet-server to end")
    }

    /// Kills the process if it still runs (for cleanup on any path).
    func kill9() {
        signal(SIGKILL)
    }
}
