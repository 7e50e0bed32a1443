import CoAPCore
import Foundation

/// A second `fleet-server` with `--security psk` and plain CoAP off, over its own data
/// directory, with an admin identity made on the host first (`fleet-server admin add bench`).
final class SecureServerUnderTest: Sendable {
    let process: BenchProcess
    let port: UInt16
    /// The admin's key, and the file that holds it (for fleet-sim's provisioning).
    let adminKey: String
    let adminKeyFile: String

    /// Starts it with its files under `workDirectory/name`; `arguments` are added to the
    /// server's command line (`--rate-limit 0`, say).
    init(binaries: BenchBinaries, workDirectory: String, name: String, arguments: [String] = []) async throws {
        let data = "\(workDirectory)/\(name)"
        let adding = try BenchProcess(
            binaries.path("fleet-server"), ["admin", "add", "bench", "--data-dir", data], logFile: "\(workDirectory)/\(name)-admin-add.log")
        adminKey = try await adding.line(within: .seconds(20), "the admin key") { $0.count == 64 && $0.allSatisfy(\.isHexDigit) }
        await adding.stop()
        adminKeyFile = "\(workDirectory)/\(name)-admin.key"
        guard FileManager.default.createFile(atPath: adminKeyFile, contents: Data(adminKey.utf8), attributes: [.posixPermissions: 0o600])
        else { throw BenchError("cannot write \(adminKeyFile)") }
        process = try BenchProcess(
            binaries.path("fleet-server"),
            ["--host", "127.0.0.1", "--port", "0", "--secure-port", "0", "--security", "psk", "--plain", "off",
             "--data-dir", data, "--log-level", "warning"] + arguments,
            logFile: "\(workDirectory)/\(name)-server.log")
        do {
            let line = try await process.line(within: .seconds(20), "its listening line") { $0.contains(" listening on ") }
            guard let text = line.split(separator: "coaps://127.0.0.1:").last?.prefix(while: \.isNumber), let port = UInt16(text) else {
                throw BenchError("no coaps:// port in '\(line)'")
            }
            self.port = port
        } catch {
            await process.stop()
            throw error
        }
    }

    var uri: String { "coaps://127.0.0.1:\(port)" }

    /// The admin's credentials.
    var credentials: DTLSClientCredentials { .psk(identity: "bench", key: Array(adminKey.utf8)) }
}
