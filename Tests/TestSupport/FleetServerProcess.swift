import Foundation

/// The real `fleet-server` executable on an ephemeral loopback port over a data directory.
public final class FleetServerProcess: Sendable {
    public static let binary = ChildProcess.binary("fleet-server")
    public static var isBuilt: Bool { FileManager.default.isExecutableFile(atPath: binary) }

    public let dataDirectory: String
    public let child: ChildProcess

    /// Starts `fleet-server --port 0 --data-dir <dir>`: the kernel picks a free port, which
    /// the "listening" line tells (see ``listeningPort(occurrence:within:)``). With
    /// `logLines`, the log (standard error) arrives in ``lines`` too.
    public init(dataDirectory: String, arguments: [String] = [], logLines: Bool = false) throws {
        self.dataDirectory = dataDirectory
        child = try ChildProcess(
            Self.binary, ["--port", "0", "--data-dir", dataDirectory, "--log-level", "warning"] + arguments,
            mergeStandardError: logLines)
    }

    public var pid: Int32 { child.pid }
    public var lines: Inbox<String> { child.lines }

    /// The port of the `occurrence`-th "listening on coap://…:PORT" line (a restart prints
    /// another one).
    public func listeningPort(occurrence: Int = 1, within timeout: Duration = .seconds(15)) async throws -> UInt16 {
        let line = try await lines.first(within: timeout, "fleet-server's listening line", occurrence: occurrence) {
            $0.contains(" listening on ")
        }
        guard let endpoints = line.split(separator: " listening on ").last?.split(separator: " ").first,
              let port = endpoints.split(separator: ",").first?.split(separator: ":").last.flatMap({ UInt16($0) })
        else { throw InboxError.timedOut("a port in '\(line)'") }
        return port
    }

    /// Sends a signal.
    public func signal(_ signal: Int32) { child.signal(signal) }

    /// How the process ended, waiting at most `timeout`.
    public func ended(within timeout: Duration = .seconds(10)) async throws -> ExitStatus {
        try await child.ended(within: timeout)
    }

    /// Kills the process if it still runs (for cleanup on any path).
    public func kill9() { child.kill9() }
}
