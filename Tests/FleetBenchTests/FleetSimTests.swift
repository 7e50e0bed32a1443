import CoAPCore
import FleetModel
import Foundation
import TestSupport
import Testing

@testable import fleet_sim

/// `fleet-sim`: its command line and health walk, and the built binary against a real `fleet-server`.
@Suite("fleet-sim")
struct FleetSimTests {
    static let simBinary = ChildProcess.binary("fleet-sim")
    static var binariesBuilt: Bool {
        FleetServerProcess.isBuilt && FileManager.default.isExecutableFile(atPath: simBinary)
    }

    @Test func parsesFlagsAndDefaults() throws {
        guard case .run(let defaults) = try SimOptions.parse(["--nodes", "1000"]) else {
            Issue.record("not a run")
            return
        }
        #expect(defaults.server == "coap://127.0.0.1:5683")
        #expect(defaults.clientCount == 4)
        #expect(defaults.healthInterval == 10)
        #expect(defaults.startRate == 200)
        #expect(defaults.nodeID(0) == "sim-0001")
        #expect(defaults.nodeID(999) == "sim-1000")

        guard case .run(let chosen) = try SimOptions.parse([
            "--server=coap://10.0.0.1:6000", "--nodes", "12000", "--prefix", "rack", "--health-interval", "2.5",
            "--directory", "/tmp/x", "--keep", "--clients", "3", "--start-rate", "50", "--log-level", "debug",
        ]) else {
            Issue.record("not a run")
            return
        }
        #expect(chosen.server == "coap://10.0.0.1:6000")
        #expect(chosen.nodeID(0) == "rack-00001")
        #expect(chosen.healthInterval == 2.5)
        #expect(chosen.directory == "/tmp/x")
        #expect(chosen.keep)
        #expect(chosen.clientCount == 3)
        #expect(chosen.startRate == 50)
        #expect(chosen.logLevel == .debug)
        #expect(try SimOptions.parse(["--help"]) == .help)

        guard case .run(let secure) = try SimOptions.parse([
            "--nodes", "5", "--server", "coaps://127.0.0.1:5684", "--psk-admin", "ops", "--psk-admin-key-file", "/k",
        ]) else {
            Issue.record("not a run")
            return
        }
        #expect(secure.isSecure && secure.pskAdmin == "ops" && secure.pskAdminKeyFile == "/k")

        for wrong in [[], ["--nodes", "0"], ["--nodes", "x"], ["--nodes", "5", "--bogus"], ["--nodes", "5", "--prefix", "-bad"],
                      ["--nodes", "5", "--server", "http://x"], ["--nodes"], ["--nodes", "5", "--log-level", "loud"],
                      ["--nodes", "5", "--server", "coaps://127.0.0.1:5684"], ["--nodes", "5", "--psk-admin", "ops"]] {
            #expect(throws: SimOptionError.self, "\(wrong)") { try SimOptions.parse(wrong) }
        }
    }

    @Test func healthWalksStayInRangeAndJudgeLikeTheAgent() {
        var sawUnhealthy = false
        for index in 0..<50 {
            var walk = SimHealthWalk(index: index)
            var again = SimHealthWalk(index: index)
            for _ in 0..<200 {
                let report = walk.report(nodeID: "sim-1")
                #expect(report == again.report(nodeID: "sim-1"), "deterministic per index")
                #expect(SimHealthWalk.cpuRange.contains(report.cpuPercent))
                #expect(SimHealthWalk.memoryRange.contains(report.memoryPercent))
                #expect(SimHealthWalk.diskRange.contains(report.diskPercent))
                #expect(SimHealthWalk.temperatureRange.contains(report.temperature ?? -1))
                #expect(report.servicesStatus == ["sim": true])
                #expect(report.overallHealthy == (report.cpuPercent <= 90))
                #expect(report.errorMessages.isEmpty == report.overallHealthy)
                if !report.overallHealthy { sawUnhealthy = true }
                walk.step()
                again.step()
            }
        }
        #expect(sawUnhealthy)
        #expect(SimHealthWalk(index: 1).report(nodeID: "a") != SimHealthWalk(index: 2).report(nodeID: "a"))
    }

    @Test(.enabled(if: binariesBuilt, "needs .build/debug/fleet-server and fleet-sim: run `swift build` first"))
    func twentyNodesRegisterReportVariedHealthAndStopCleanly() async throws {
        let dataDirectory = try makeTemporaryDirectory("fleet-sim-server")
        defer { try? FileManager.default.removeItem(atPath: dataDirectory) }
        let server = try FleetServerProcess(dataDirectory: dataDirectory)
        defer { server.kill9() }
        let base = "coap://127.0.0.1:\(try await server.listeningPort())"
        let parent = try makeTemporaryDirectory("fleet-sim-nodes")
        defer { try? FileManager.default.removeItem(atPath: parent) }
        let directory = parent + "/run"

        let sim = try ChildProcess(
            Self.simBinary, ["--server", base, "--nodes", "20", "--health-interval", "1", "--directory", directory])
        defer { sim.kill9() }
        _ = try await sim.lines.first(within: .seconds(10), "fleet-sim's registered line") {
            $0.hasPrefix("fleet-sim: 20 nodes registered in ")
        }
        #expect(FileManager.default.fileExists(atPath: directory + "/sim-0001/state"))
        #expect(FileManager.default.fileExists(atPath: directory + "/sim-0020/root"))

        let client = try CoAPClient()
        defer { client.shutdown() }
        let nodes = try JSONDecoder().decode(
            [NodeSummary].self, from: Data(try await client.get("\(base)/nodes", timeout: .seconds(5)).payload))
        #expect(Set(nodes.map(\.nodeID)) == Set((1...20).map { String(format: "sim-%04d", $0) }))
        #expect(nodes.allSatisfy { $0.online && $0.coapPort != 0 && $0.healthIntervalSeconds == 1 })

        // Every node reports right after registering; wait (bounded) until the server holds all 20 reports.
        var health = try await fleetHealth(client, base)
        let deadline = ContinuousClock.now + .seconds(5)
        while health.nodes.contains(where: { $0.cpuPercent == nil }), ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(100))
            health = try await fleetHealth(client, base)
        }
        #expect(health.total == 20)
        let figures = health.nodes.map { ($0.cpuPercent ?? -1, $0.memoryPercent ?? -1, $0.diskPercent ?? -1, $0.temperature ?? -1) }
        for (cpu, memory, disk, temperature) in figures {
            #expect((5...95).contains(cpu))
            #expect((20...90).contains(memory))
            #expect((10...80).contains(disk))
            #expect((35...75).contains(temperature))
        }
        #expect(Set(figures.map(\.0)).count > 10, "cpu figures vary: \(figures.map(\.0))")
        #expect(Set(figures.map(\.1)).count > 10)
        #expect(Set(figures.map(\.2)).count > 10)
        #expect(Set(figures.map(\.3)).count > 10)

        sim.signal(SIGTERM)
        #expect(try await sim.ended() == ExitStatus(exited: true, status: 0))
        let summary = try await sim.lines.first(within: .seconds(2), "the summary") { $0.hasPrefix("fleet-sim: stopped on signal 15") }
        #expect(summary.contains("20/20 registered"))
        #expect(!FileManager.default.fileExists(atPath: directory))
        server.signal(SIGTERM)
        #expect(try await server.ended() == ExitStatus(exited: true, status: 0))
    }

    @Test(.enabled(if: binariesBuilt, "needs .build/debug/fleet-server and fleet-sim: run `swift build` first"))
    func overDTLSEveryNodeIsProvisionedAndAJobReachesThemAll() async throws {
        let directory = try makeTemporaryDirectory("fleet-sim-secure")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let data = "\(directory)/data"
        let added = try await run(FleetServerProcess.binary, ["admin", "add", "ops", "--data-dir", data])
        let adminKey = try #require(added.output.split(separator: "\n").dropFirst().first.map(String.init))
        try adminKey.write(toFile: "\(directory)/ops.key", atomically: false, encoding: .utf8)
        let securePort = try freeUDPPort()
        let server = try FleetServerProcess(dataDirectory: data, arguments: [
            "--host", "127.0.0.1", "--security", "psk", "--secure-port", "\(securePort)", "--plain", "off",
        ])
        defer { server.kill9() }
        _ = try await server.lines.first(within: .seconds(15), "the listening line") { $0.contains(" listening on ") }
        let base = "coaps://127.0.0.1:\(securePort)"

        // Ten agents on two shared clients, each speaking with its own provisioned key.
        let sim = try ChildProcess(Self.simBinary, [
            "--server", base, "--nodes", "10", "--clients", "2", "--health-interval", "30", "--directory", "\(directory)/sim",
            "--psk-admin", "ops", "--psk-admin-key-file", "\(directory)/ops.key",
        ])
        defer { sim.kill9() }
        _ = try await sim.lines.first(within: .seconds(20), "fleet-sim's registered line") {
            $0.hasPrefix("fleet-sim: 10 nodes registered in ")
        }

        let admin = try CoAPClient(configuration: .init(dtls: .psk(identity: "ops", key: Array(adminKey.utf8))))
        defer { admin.shutdown() }
        let artifact = try JSONDecoder().decode(ArtifactInfo.self, from: Data(try await admin.send(CoAPClientRequest(
            method: .post, uri: CoAPURI("\(base)/artifacts?name=sim.bin"), contentFormat: .octetStream,
            payload: testBytes(count: 20_000, seed: 3), timeout: .seconds(20))).payload))
        let creation = UpdateCreation(
            name: "sim-secure", version: "1", packageType: .file, targetNodes: (1...10).map { String(format: "sim-%04d", $0) },
            artifactID: artifact.artifactID, installPath: "/opt/sim.bin")
        let created = try await admin.post("\(base)/updates", payload: try Payload.encode(creation), contentFormat: .json, timeout: .seconds(10))
        let jobID = try JSONDecoder().decode(JobCreated.self, from: Data(created.payload)).jobID
        _ = try await admin.post(
            "\(base)/updates", payload: try Payload.encode(["action": "install", "job_id": jobID]), contentFormat: .json, timeout: .seconds(10))
        // Announced over DTLS (the next health report is 30 s away); the job's status says when all are done.
        var status: JobStatus?
        for try await notification in try admin.observe("\(base)/updates/\(jobID)/status", timeout: .seconds(60)) {
            status = try JSONDecoder().decode(JobStatus.self, from: Data(notification.payload))
            if status?.state.isFinal == true { break }
        }
        #expect(status?.state == .completed)
        #expect(status?.summary[.succeeded] == 10)
        sim.signal(SIGTERM)
        #expect(try await sim.ended() == ExitStatus(exited: true, status: 0))
    }

    private func fleetHealth(_ client: CoAPClient, _ base: String) async throws -> FleetHealth {
        try Payload.decode(FleetHealth.self, from: try await client.get("\(base)/health", timeout: .seconds(5)).payload)
    }
}
