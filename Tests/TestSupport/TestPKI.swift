import Foundation

/// Test certificates made by the checked-in script with the openssl CLI
/// (`Examples/pki/make-test-pki.sh`: a CA, `server` named fleet-server, `client` named node-7,
/// `admin` named ops, and a self-signed `rogue`).
public struct TestPKI: Sendable {
    /// Where the files are.
    public let directory: String

    /// Makes a fresh set in a new temporary directory.
    public static func make() async throws -> TestPKI {
        let directory = try makeTemporaryDirectory("coapcore-pki")
        let result = try await run("/bin/bash", ["\(repositoryRoot)/Examples/pki/make-test-pki.sh", directory])
        guard result.status == 0 else { throw CocoaError(.fileWriteUnknown, userInfo: ["stderr": result.error]) }
        return TestPKI(directory: directory)
    }

    /// The path of one file of the set, e.g. `ca.crt`.
    public func file(_ name: String) -> String { "\(directory)/\(name)" }

    /// Deletes the set.
    public func remove() {
        try? FileManager.default.removeItem(atPath: directory)
    }
}
