import Foundation

/// A `fleet-server` the benchmark starts on 127.0.0.1 over a fresh data directory and stops
/// at the end.
final class ServerUnderTest: Sendable {
    let process: BenchProcess
    let port: UInt16
    let dataDirectory: String

    init(binaries: BenchBinaries, workDirectory: String) async throws {
        dataDirectory = "\(workDirectory)/server"
        process = try BenchProcess(
            binaries.path("fleet-server"),
            ["--host", "127.0.0.1", "--port", "0", "--data-dir", dataDirectory, "--log-level", "warning"],
            logFile: "\(workDirectory)/server.log")
        let line = try await process.line(within: .seconds(20), "its listening line") { $0.contains(" listening on ") }
        guard let text = line.split(separator: " listening on ").last?.split(separator: " ").first?.split(separator: ":").last,
              let port = UInt16(text)
        else { throw BenchError("no port in '\(line)'") }
        self.port = port
    }

    var uri: String { "coap://127.0.0.1:\(port)" }
}
