import CoAPCore
@testable import FleetCLI
import FleetModel
import Foundation
import TestSupport
import Testing

/// The built `fleetctl` binary against a real `fleet-server` process on loopback.
@Suite struct FleetctlCommandTests {
    @Test func testAndSystemCommandsAnswerHumanAndJSON() async throws {
        let harness = try await FleetctlHarness()
        defer { harness.close() }
        let test = try await harness.fleetctl(["test"])
        #expect(test.status == 0)
        #expect(test.output == "\(harness.serverURI): CoAP Fleet server is running (version \(FleetVersion.current))\n")
        let json = try await harness.fleetctl(["test", "--json"])
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.output.utf8)) as? [String: Any])
        #expect(object["status"] as? String == "ok")
        #expect(json.output.split(separator: "\n").count == 1)

        let info = try await harness.fleetctl(["system", "info"])
        #expect(info.status == 0)
        #expect(info.output.contains("\nversion         \(FleetVersion.current)\n"))
        #expect(info.output.contains("\nnodes           0\n"))
        let status = try await harness.fleetctl(["system", "status"])
        #expect(status.output.hasPrefix("\(harness.serverURI): running, up "))
    }

    @Test func restartAndShutdownReachTheServerProcess() async throws {
        let harness = try await FleetctlHarness()
        defer { harness.close() }
        let restart = try await harness.fleetctl(["system", "restart"])
        #expect(restart.status == 0)
        #expect(restart.output.hasPrefix("\(harness.serverURI): restarting"))
        // The server re-executes itself and says so again (started with --port 0, on a new port).
        let restarted = "coap://127.0.0.1:\(try await harness.server.listeningPort(occurrence: 2))"
        let shutdown = try await harness.fleetctl(["system", "shutdown"], server: restarted)
        #expect(shutdown.output.hasPrefix("\(restarted): shutting down"))
        let end = try await harness.server.ended(within: .seconds(10))
        #expect(end == ExitStatus(exited: true, status: 0))
    }

    @Test func nodesAreListedInAStableTable() async throws {
        let harness = try await FleetctlHarness()
        defer { harness.close() }
        try await harness.register("edge-22", port: 7684)
        try await harness.register("edge-1")
        let list = try await harness.fleetctl(["nodes", "list"])
        #expect(list.status == 0)
        #expect(list.output == """
            NODE     HOSTNAME  ADDRESS         STATUS  AGENT  VERSIONS  LAST SEEN
            edge-1   edge-1    127.0.0.1:5683  online  -      -         just now
            edge-22  edge-22   127.0.0.1:7684  online  -      -         just now

            """)
        let json = try await harness.fleetctl(["nodes", "list", "--json"])
        let nodes = try JSONDecoder().decode([NodeSummary].self, from: Data(json.output.utf8))
        #expect(nodes.map(\.nodeID).sorted() == ["edge-1", "edge-22"])
    }

    @Test func healthShowsTheFleetAndEachNode() async throws {
        let harness = try await FleetctlHarness()
        defer { harness.close() }
        try await harness.register("edge-1")
        try await harness.report("edge-1", healthy: true, cpu: 15.5)
        let health = try await harness.fleetctl(["health"])
        #expect(health.status == 0)
        #expect(health.output == """
            fleet healthy: 1 node, 1 healthy, 0 unhealthy, 0 offline
            NODE    STATE      CPU    MEM   DISK    TEMP  LAST REPORT
            edge-1  healthy  15.5%  45.2%  30.1%  42.5°C  just now

            """)
        let shown = try await harness.fleetctl(["nodes", "show", "edge-1"])
        #expect(shown.status == 0)
        #expect(shown.output.contains("\nhealth         healthy, reported just now\n"))
        #expect(shown.output.contains("recent reports (1 of 1):"))
        let json = try await harness.fleetctl(["nodes", "show", "edge-1", "--json"])
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.output.utf8)) as? [String: Any])
        #expect(Set(object.keys) == ["node", "health", "metrics"])
    }

    @Test func exitCodesTellUsageServerErrorsAndUnreachableServersApart() async throws {
        let harness = try await FleetctlHarness()
        defer { harness.close() }
        let usage = try await harness.fleetctl(["nodes", "show"])
        #expect(usage.status == 2)
        #expect(usage.error.contains("usage: fleetctl nodes show ID"))
        let unknownOption = try await harness.fleetctl(["nodes", "list", "--colour"])
        #expect(unknownOption.status == 2)

        let missing = try await harness.fleetctl(["nodes", "rm", "ghost"])
        #expect(missing.status == 1)
        #expect(missing.error.contains("ghost"))

        // Nothing listens: ICMP says so at once.
        let closed = try await harness.fleetctl(["test", "--timeout", "2"], server: "coap://127.0.0.1:\(try freeUDPPort())")
        #expect(closed.status == 3)
        #expect(closed.error.contains("cannot reach the server"))

        // A socket that never answers: the timeout ends it.
        let silent = try SilentUDPPort()
        defer { silent.close() }
        let port = silent.port
        let started = ContinuousClock.now
        let slow = try await harness.fleetctl(["test", "--timeout", "1"], server: "coap://127.0.0.1:\(port)")
        #expect(slow.status == 3)
        #expect(slow.error.contains("did not answer in time"))
        #expect(ContinuousClock.now - started < .seconds(40), "answered near the timeout, not after CoAP's 93 s")
    }

    @Test func everyCommandHasHelp() async throws {
        let harness = try await FleetctlHarness()
        defer { harness.close() }
        for spec in CommandCatalog.specs {
            let help = try await harness.fleetctl(spec.path + ["--help"])
            #expect(help.status == 0, "\(spec.path)")
            #expect(help.output.hasPrefix("usage: fleetctl \(spec.path.joined(separator: " "))"), "\(help.output)")
        }
        let top = try await harness.fleetctl(["--help"])
        #expect(top.status == 0)
        #expect(top.output.contains("updates status"))
    }

    @Test func theServerComesFromTheEnvironmentOrTheConfigFile() async throws {
        let harness = try await FleetctlHarness()
        defer { harness.close() }
        let configDirectory = "\(harness.directory)/xdg/fleetctl"
        try FileManager.default.createDirectory(atPath: configDirectory, withIntermediateDirectories: true)
        try #"{"server": "\#(harness.serverURI)", "timeout": 5}"#.write(
            toFile: "\(configDirectory)/config.json", atomically: true, encoding: .utf8)
        let fromFile = try await harness.fleetctl(["test"], server: "", environment: ["XDG_CONFIG_HOME": "\(harness.directory)/xdg"])
        #expect(fromFile.status == 0)
        // The environment beats the file: this one points nowhere.
        let fromEnvironment = try await harness.fleetctl(
            ["test", "--timeout", "1"], server: "",
            environment: ["XDG_CONFIG_HOME": "\(harness.directory)/xdg", "FLEETCTL_SERVER": "coap://127.0.0.1:\(try freeUDPPort())"])
        #expect(fromEnvironment.status == 3)
        try #"{"sever": "x"}"#.write(toFile: "\(configDirectory)/config.json", atomically: true, encoding: .utf8)
        let typo = try await harness.fleetctl(["test"], server: "", environment: ["XDG_CONFIG_HOME": "\(harness.directory)/xdg"])
        #expect(typo.status == 2)
        #expect(typo.error.contains("unknown key 'sever'"))
    }

    @Test func completionScriptsAreValidShell() async throws {
        let harness = try await FleetctlHarness()
        defer { harness.close() }
        let bash = try await harness.fleetctl(["completion", "bash"])
        #expect(bash.status == 0)
        let script = "\(harness.directory)/fleetctl.bash"
        try bash.output.write(toFile: script, atomically: true, encoding: .utf8)
        let checked = try await run("/bin/bash", ["-n", script])
        #expect(checked.status == 0, "\(checked.error)")
        let zsh = try await harness.fleetctl(["completion", "zsh"])
        #expect(zsh.status == 0)
        #expect(zsh.output.hasPrefix("#compdef fleetctl"))
        let wrong = try await harness.fleetctl(["completion", "fish"])
        #expect(wrong.status == 2)
    }
}
