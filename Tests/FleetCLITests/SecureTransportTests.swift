import CoAPCore
import FleetModel
import Foundation
import TestSupport
import Testing

/// fleet-server with `--security psk`: an admin identity made on the server host, fleetctl over
/// coaps://, libcoap's client with the same key, and plain CoAP reduced to `/test`.
@Suite struct SecureTransportTests {
    @Test func anAdminMadeOnTheHostTalksDTLSAndPlainCoAPServesOnlyTest() async throws {
        let directory = try makeTemporaryDirectory("secure")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let data = "\(directory)/data"
        let added = try await run(FleetServerProcess.binary, ["admin", "add", "ops", "--data-dir", data])
        #expect(added.status == 0, "\(added.output)")
        let key = try #require(added.output.split(separator: "\n").dropFirst().first.map(String.init))
        #expect(key.count == 64 && key.allSatisfy(\.isHexDigit))
        #expect(try FileManager.default.attributesOfItem(atPath: "\(data)/security/psk.json")[.posixPermissions] as? Int == 0o600)
        #expect(try FileManager.default.attributesOfItem(atPath: "\(data)/security")[.posixPermissions] as? Int == 0o700)
        let keyFile = "\(directory)/ops.key"
        try key.write(toFile: keyFile, atomically: true, encoding: .utf8)

        let securePort = try freeUDPPort()
        let server = try FleetServerProcess(dataDirectory: data, arguments: [
            "--host", "127.0.0.1", "--security", "psk", "--secure-port", "\(securePort)",
        ])
        defer { server.signal(SIGTERM) }
        let plain = "coap://127.0.0.1:\(try await server.listeningPort())"
        let secure = "coaps://127.0.0.1:\(securePort)"

        let trusted = try await fleetctl(["nodes", "list", "--json", "--psk-identity", "ops", "--psk-key-file", keyFile], server: secure)
        #expect(trusted.status == 0, "\(trusted.error)")
        #expect(trusted.output == "[]\n")

        try "0123456789abcdef".write(toFile: "\(directory)/wrong.key", atomically: true, encoding: .utf8)
        let wrong = try await fleetctl(
            ["test", "--timeout", "2", "--psk-identity", "ops", "--psk-key-file", "\(directory)/wrong.key"], server: secure)
        #expect(wrong.status == 3)
        let stranger = try await fleetctl(["test", "--timeout", "2", "--psk-identity", "mallory", "--psk-key-file", keyFile], server: secure)
        #expect(stranger.status == 3)

        let interop = try await run(libcoapClient, ["-m", "get", "-u", "ops", "-k", key, "\(secure)/system"])
        #expect(interop.output.contains(#""version":"#), "\(interop.error)")

        #expect(try await fleetctl(["test"], server: plain).status == 0)
        let refused = try await fleetctl(["nodes", "list"], server: plain)
        #expect(refused.status == 1)
        #expect(refused.error.contains("4.01 unauthorized"))
    }

    @Test func aNodeRegistersAndReportsOverDTLS() async throws {
        let directory = try makeTemporaryDirectory("secure")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let data = "\(directory)/data"
        let added = try await run(FleetServerProcess.binary, ["admin", "add", "board-7", "--data-dir", data])
        let key = try #require(added.output.split(separator: "\n").dropFirst().first.map(String.init))
        let keyFile = "\(directory)/board-7.key"
        try (key + "\n").write(toFile: keyFile, atomically: true, encoding: .utf8)
        let securePort = try freeUDPPort()
        let server = try FleetServerProcess(dataDirectory: data, arguments: [
            "--host", "127.0.0.1", "--security", "psk", "--secure-port", "\(securePort)", "--plain", "off",
        ])
        defer { server.signal(SIGTERM) }
        _ = try await server.lines.first(within: .seconds(15), "the listening line") { $0.contains(" listening on ") }

        let node = try ChildProcess(ChildProcess.binary("fleet-node"), [
            "--server", "coaps://127.0.0.1:\(securePort)", "--psk-identity", "board-7", "--psk-key-file", keyFile,
            "--node-id", "board-7", "--host", "127.0.0.1", "--port", "0", "--health-interval", "30",
            "--state-dir", "\(directory)/node/state", "--install-root", "\(directory)/node/root",
        ], mergeStandardError: true)
        defer { node.signal(SIGTERM) }
        _ = try await node.lines.first(within: .seconds(15), "the registration") { $0.contains("registered as board-7") }
        let secure = "coaps://127.0.0.1:\(securePort)"
        let credentials = ["--psk-identity", "board-7", "--psk-key-file", keyFile]
        let listed = try await fleetctl(["nodes", "list", "--json"] + credentials, server: secure)
        let nodes = try JSONDecoder().decode([NodeSummary].self, from: Data(listed.output.utf8))
        #expect(nodes.map(\.nodeID) == ["board-7"])
        #expect(nodes.first?.online == true)

        // A job reaches the node by announcement over DTLS: the server presents its identity
        // with the node's key, which the node's endpoint alone accepts. (The next health
        // report is 30 s away, so the job cannot come through its answer instead.)
        try await expectAnnouncedOverDTLS(node, directory: directory, target: "board-7", server: secure, credentials: credentials)
    }

    @Test func aProvisionedNodeSpeaksOnlyForItselfUntilRevoked() async throws {
        let directory = try makeTemporaryDirectory("secure")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let data = "\(directory)/data"
        let added = try await run(FleetServerProcess.binary, ["admin", "add", "ops", "--data-dir", data])
        let adminKey = try #require(added.output.split(separator: "\n").dropFirst().first.map(String.init))
        let adminKeyFile = "\(directory)/ops.key"
        try adminKey.write(toFile: adminKeyFile, atomically: true, encoding: .utf8)
        let securePort = try freeUDPPort()
        // Logging everything, libcoap's lines included, to show that no key is ever logged.
        let server = try FleetServerProcess(dataDirectory: data, arguments: [
            "--host", "127.0.0.1", "--security", "psk", "--secure-port", "\(securePort)", "--plain", "off", "--log-level", "trace",
        ], logLines: true)
        defer { server.signal(SIGTERM) }
        _ = try await server.lines.first(within: .seconds(15), "the listening line") { $0.contains(" listening on ") }
        let secure = "coaps://127.0.0.1:\(securePort)"
        let admin = ["--psk-identity", "ops", "--psk-key-file", adminKeyFile]

        let provisioned = try await fleetctl(["nodes", "provision", "board-9"] + admin, server: secure)
        #expect(provisioned.status == 0, "\(provisioned.error)")
        let lines = provisioned.output.split(separator: "\n").map(String.init)
        let nodeKey = try #require(lines.dropFirst().first)
        #expect(nodeKey.count == 64)
        #expect(lines.contains { $0.hasPrefix("fleet-node --server \(secure) --node-id board-9 --psk-identity board-9") })

        func asNode(_ method: String, _ path: String, _ json: String) async throws -> ProcessResult {
            try await run(libcoapClient, ["-m", method, "-u", "board-9", "-k", nodeKey, "-t", "json", "-e", json, "\(secure)/\(path)"])
        }
        let own = try await asNode("post", "nodes", #"{"node_id":"board-9","coap_port":7683}"#)
        #expect(own.output.contains(#""status":"registered""#), "\(own.error)")
        let other = try await asNode("post", "nodes", #"{"node_id":"board-10","coap_port":7683}"#)
        #expect(other.error.contains("4.03"))
        let adminAction = try await asNode("post", "system", #"{"action":"status"}"#)
        #expect(adminAction.error.contains("4.03"))
        func readAsNode(_ path: String) async throws -> ProcessResult {
            try await run(libcoapClient, ["-m", "get", "-u", "board-9", "-k", nodeKey, "\(secure)/\(path)"])
        }
        #expect(try await readAsNode("nodes/board-9/health").output.contains(#""node_id":"board-9""#))
        #expect(try await readAsNode("nodes/board-10/health").error.contains("4.03"))
        #expect(try await readAsNode("nodes").error.contains("4.03"), "the fleet's list is an admin's")

        // A node downloads the artifact of a job that targets it, and no other.
        let file = "\(directory)/fw.bin"
        try Data(testBytes(count: 3000, seed: 11)).write(to: URL(fileURLWithPath: file))
        let otherFile = "\(directory)/other.bin"
        try Data(testBytes(count: 3000, seed: 12)).write(to: URL(fileURLWithPath: otherFile))
        let unrelated = try JSONDecoder().decode(
            ArtifactInfo.self, from: Data(try await fleetctl(["artifacts", "upload", otherFile, "--json"] + admin, server: secure).output.utf8))
        let created = try await fleetctl([
            "updates", "create", "--name", "fw", "--version", "1", "--type", "file", "--file", file, "--install-path", "/opt/fw.bin",
            "--targets", "board-9", "--json",
        ] + admin, server: secure)
        let job = try JSONDecoder().decode(JobCreated.self, from: Data(created.output.utf8)).jobID
        #expect(try await fleetctl(["updates", "install", job] + admin, server: secure).status == 0)
        let artifacts = try JSONDecoder().decode(
            [ArtifactInfo].self, from: Data(try await fleetctl(["artifacts", "list", "--json"] + admin, server: secure).output.utf8))
        let mine = try #require(artifacts.first { $0.artifactID != unrelated.artifactID })
        #expect(try await readAsNode("artifacts/\(mine.artifactID)").output.utf8.count >= 3000)
        #expect(try await readAsNode("artifacts/\(unrelated.artifactID)").error.contains("4.03"))
        let info = try await fleetctl(["system", "info", "--json"] + admin, server: secure)
        #expect(info.output.contains(#""nodes":1"#), "board-10 was not registered")

        // A running agent holds a DTLS session; revoking its key closes that session at once,
        // so its next report needs a handshake, which fails (not a 4.03 on the old session).
        let nodeKeyFile = "\(directory)/board-9.key"
        try nodeKey.write(toFile: nodeKeyFile, atomically: true, encoding: .utf8)
        let agent = try ChildProcess(ChildProcess.binary("fleet-node"), [
            "--server", secure, "--psk-identity", "board-9", "--psk-key-file", nodeKeyFile,
            "--node-id", "board-9", "--host", "127.0.0.1", "--port", "0", "--health-interval", "0.2",
            "--state-dir", "\(directory)/node/state", "--install-root", "\(directory)/node/root",
        ], mergeStandardError: true)
        defer { agent.signal(SIGTERM) }
        _ = try await agent.lines.first(within: .seconds(15), "the registration") { $0.contains("registered as board-9") }

        let revoked = try await fleetctl(["nodes", "revoke", "board-9"] + admin, server: secure)
        #expect(revoked.output == "revoked the key of node board-9\n")
        _ = try await agent.lines.first(within: .seconds(15), "a refused handshake") { $0.contains("the DTLS handshake with") }
        let afterwards = try await run(libcoapClient, ["-m", "get", "-B", "3", "-u", "board-9", "-k", nodeKey, "\(secure)/test"], timeout: .seconds(20))
        #expect(!afterwards.output.contains("running"), "a revoked key no longer completes a handshake")
        let again = try await fleetctl(["nodes", "revoke", "board-9"] + admin, server: secure)
        #expect(again.status == 1)

        // Secrets never reach a log line or the database (the audit trail included).
        let logged = server.lines.items + agent.lines.items
        #expect(logged.count > 50, "the trace log was captured")
        #expect(!logged.contains { $0.contains(adminKey) || $0.contains(nodeKey) }, "\(logged.filter { $0.contains(adminKey) || $0.contains(nodeKey) })")
        for file in ["fleet.sqlite", "fleet.sqlite-wal"] {
            let bytes = FileManager.default.contents(atPath: "\(data)/\(file)") ?? Data()
            #expect(bytes.range(of: Data(nodeKey.utf8)) == nil && bytes.range(of: Data(adminKey.utf8)) == nil, "\(file)")
        }
    }

    @Test func plainOffLeavesOnlyTheSecureEndpoint() async throws {
        let directory = try makeTemporaryDirectory("secure")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let server = try FleetServerProcess(dataDirectory: "\(directory)/data", arguments: [
            "--host", "127.0.0.1", "--security", "psk", "--plain", "off", "--secure-port", "\(try freeUDPPort())",
        ])
        defer { server.signal(SIGTERM) }
        let line = try await server.lines.first(within: .seconds(15), "the listening line") { $0.contains(" listening on ") }
        #expect(line.contains("coaps://127.0.0.1:"))
        #expect(!line.contains("coap://"))
    }

    private func fleetctl(_ arguments: [String], server: String) async throws -> ProcessResult {
        try await run("/usr/bin/env", ["-i", "PATH=/usr/bin:/bin", ChildProcess.binary("fleetctl")] + arguments + ["--server", server])
    }
}

/// fleet-server with `--security pki`: identities are certificate names from the server's CA.
@Suite struct CertificateTransportTests {
    @Test func aCertificateNamedAdminActsAndAForeignCertificateIsRefused() async throws {
        let directory = try makeTemporaryDirectory("pki")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let pki = "\(directory)/pki"
        let made = try await run("/bin/bash", ["\(repositoryRoot)/Examples/pki/make-test-pki.sh", pki])
        try #require(made.status == 0, "\(made.error)")
        let data = "\(directory)/data"
        let added = try await run(FleetServerProcess.binary, ["admin", "add", "ops", "--pki", "--data-dir", data])
        #expect(added.status == 0)
        let securePort = try freeUDPPort()
        let server = try FleetServerProcess(dataDirectory: data, arguments: [
            "--host", "127.0.0.1", "--security", "pki", "--secure-port", "\(securePort)", "--plain", "off",
            "--cert", "\(pki)/server.crt", "--key", "\(pki)/server.key", "--ca", "\(pki)/ca.crt",
        ])
        defer { server.signal(SIGTERM) }
        _ = try await server.lines.first(within: .seconds(15), "the listening line") { $0.contains(" listening on ") }
        let secure = "coaps://127.0.0.1:\(securePort)"

        func fleetctl(_ arguments: [String], certificate: String) async throws -> ProcessResult {
            try await run("/usr/bin/env", ["-i", "PATH=/usr/bin:/bin", ChildProcess.binary("fleetctl")] + arguments + [
                "--server", secure, "--cert", "\(pki)/\(certificate).crt", "--key", "\(pki)/\(certificate).key", "--ca", "\(pki)/ca.crt",
            ])
        }
        let admin = try await fleetctl(["system", "status"], certificate: "admin")
        #expect(admin.status == 0, "\(admin.error)")
        #expect(admin.output.hasPrefix("\(secure): running"))
        // node-7's certificate is not an admin's until provisioned as a node, and then only a node's.
        #expect(try await fleetctl(["system", "status"], certificate: "client").status == 1)
        let provisioned = try await fleetctl(["nodes", "provision", "node-7"], certificate: "admin")
        #expect(provisioned.output.contains("a client certificate named node-7"))
        #expect(try await fleetctl(["system", "status"], certificate: "client").status == 1)
        let rogue = try await fleetctl(["test", "--timeout", "2"], certificate: "rogue")
        #expect(rogue.status == 3)

        let interop = try await run(libcoapClient, [
            "-m", "get", "-c", "\(pki)/admin.crt", "-j", "\(pki)/admin.key", "-C", "\(pki)/ca.crt", "\(secure)/system",
        ])
        #expect(interop.output.contains(#""version":"#), "\(interop.error)")

        // The node named by the certificate registers with it.
        let node = try ChildProcess(ChildProcess.binary("fleet-node"), [
            "--server", secure, "--cert", "\(pki)/client.crt", "--key", "\(pki)/client.key", "--ca", "\(pki)/ca.crt",
            "--node-id", "node-7", "--host", "127.0.0.1", "--port", "0", "--health-interval", "30",
            "--state-dir", "\(directory)/node/state", "--install-root", "\(directory)/node/root",
        ], mergeStandardError: true)
        defer { node.signal(SIGTERM) }
        _ = try await node.lines.first(within: .seconds(15), "the registration") { $0.contains("registered as node-7") }
        try await expectAnnouncedOverDTLS(node, directory: directory, target: "node-7", server: secure, credentials: [
            "--cert", "\(pki)/admin.crt", "--key", "\(pki)/admin.key", "--ca", "\(pki)/ca.crt",
        ])

        // fleetctl checks the server's name, not only its CA.
        let misnamed = try await fleetctl(["test", "--timeout", "2", "--server-name", "fleet.example"], certificate: "admin")
        #expect(misnamed.status == 3)
    }
}

/// Creates and installs a small file job for `target` as the admin `credentials` name, and
/// waits for `node` to log that the server announced it (over DTLS) and that it installed it.
private func expectAnnouncedOverDTLS(
    _ node: ChildProcess, directory: String, target: String, server: String, credentials: [String]
) async throws {
    let file = "\(directory)/announced.bin"
    try Data(testBytes(count: 2000, seed: 5)).write(to: URL(fileURLWithPath: file))
    let created = try await run("/usr/bin/env", ["-i", "PATH=/usr/bin:/bin", ChildProcess.binary("fleetctl"),
        "updates", "create", "--name", "announced", "--version", "1", "--type", "file", "--file", file,
        "--install-path", "/opt/announced.bin", "--targets", target, "--json", "--server", server] + credentials)
    let job = try JSONDecoder().decode(JobCreated.self, from: Data(created.output.utf8)).jobID
    let installed = try await run("/usr/bin/env", ["-i", "PATH=/usr/bin:/bin", ChildProcess.binary("fleetctl"),
        "updates", "install", job, "--server", server] + credentials)
    #expect(installed.status == 0, "\(installed.error)")
    _ = try await node.lines.first(within: .seconds(15), "the announcement") { $0.contains("\(job): announced by fleet-server") }
    _ = try await node.lines.first(within: .seconds(15), "the install") { $0.contains("\(job): announced 1 installed") }
}
