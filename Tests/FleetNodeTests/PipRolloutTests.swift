import CoAPCore
import FleetModel
import Foundation
import TestSupport
import Testing

/// pip updates from wheels the test builds itself, installed by a real `fleet-node` process
/// into a virtual environment of its own, with no package index.
@Suite struct PipRolloutTests {
    @Test func aWheelIsInstalledAndAFailedCheckRestoresThePreviousVersion() async throws {
        let fleet = try await RolloutFleet()
        defer { fleet.close() }
        let venv = "\(fleet.directory)/venv"
        let made = try await run("/usr/bin/python3", ["-m", "venv", venv], timeout: .seconds(120))
        try #require(made.status == 0, "python3 -m venv: \(made.error)")
        let python = "\(venv)/bin/python"
        try await fleet.startNode("pip-node", config: #"{"install": {"pip": ["\#(python)", "-m", "pip"]}}"#)
        try await fleet.awaitRegistered(["pip-node"])

        let first = try await fleet.upload(try wheel("fleetdemo", "1.0", in: fleet.directory), name: "fleetdemo-1.0-py3-none-any.whl")
        let installed = try await fleet.createAndInstall(pipJob(artifactID: first.artifactID, version: "1.0"))
        let status = try await fleet.awaitJob(installed)
        #expect(status.state == .completed, "\(status.nodes.first?.error ?? "")")
        #expect(try await importedVersion(python) == "1.0")

        let second = try await fleet.upload(try wheel("fleetdemo", "2.0", in: fleet.directory), name: "fleetdemo-2.0-py3-none-any.whl")
        let failing = try await fleet.createAndInstall(pipJob(
            artifactID: second.artifactID, version: "2.0", extra: #","health_check":"\#(python) -c 'import sys; sys.exit(4)'""#))
        let node = try #require(try await fleet.awaitJob(failing).nodes.first)
        #expect(node.state == .rolledBack)
        #expect(node.error?.contains("health check failed: exit status 4") == true, "\(node.error ?? "no error")")
        #expect(try await importedVersion(python) == "1.0", "the previous version is back")
    }

    /// Builds `name-version` with Tests/Fixtures/make-wheel.py and returns its bytes.
    private func wheel(_ name: String, _ version: String, in directory: String) async throws -> [UInt8] {
        let made = try await run("/usr/bin/python3", ["\(repositoryRoot)/Tests/Fixtures/make-wheel.py", name, version, "\(directory)/wheels"])
        try #require(made.status == 0, "make-wheel.py: \(made.error)")
        let path = made.output.trimmingCharacters(in: .whitespacesAndNewlines)
        return [UInt8](try #require(FileManager.default.contents(atPath: path)))
    }

    /// The `VERSION` of the `fleetdemo` module the environment's Python imports.
    private func importedVersion(_ python: String) async throws -> String {
        let result = try await run(python, ["-c", "import fleetdemo; print(fleetdemo.VERSION)"])
        return result.output.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    private func pipJob(artifactID: String, version: String, extra: String = "") -> String {
        #"{"name":"fleetdemo","version":"\#(version)","package_type":"pip","target_nodes":["pip-node"],"artifact_id":"\#(artifactID)"\#(extra)}"#
    }
}
