import CoAPCore
import FleetNode
import Foundation
import Testing

@Suite("fleet-node command line")
struct NodeAgentCommandLineTests {
    @Test func flagsBeatTheEnvironment() throws {
        let request = try NodeAgentCommandLine.parse(
            arguments: ["--port", "0", "--server", "coap://10.0.0.1:6000/", "--health-interval", "0.25"],
            environment: ["FLEET_NODE_PORT": "7000", "FLEET_NODE_ID": "board-7", "FLEET_NODE_LOG_LEVEL": "debug"])
        guard case .run(let configuration, let level) = request else { Issue.record("expected a run"); return }
        #expect(configuration.port == 0)
        #expect(configuration.nodeID == "board-7")
        #expect(configuration.serverURI == "coap://10.0.0.1:6000")
        #expect(configuration.healthInterval == .milliseconds(250))
        #expect(level == .debug)
    }

    @Test func badInputIsExplained() {
        #expect(throws: NodeCommandLineError("unknown argument --bogus")) {
            try NodeAgentCommandLine.parse(arguments: ["--bogus", "1"], environment: [:])
        }
        #expect(throws: NodeCommandLineError("--port needs a value")) {
            try NodeAgentCommandLine.parse(arguments: ["--port"], environment: [:])
        }
        #expect(throws: NodeCommandLineError.self) { try NodeAgentCommandLine.parse(arguments: ["--server", "http://x"], environment: [:]) }
        #expect(throws: NodeCommandLineError.self) { try NodeAgentCommandLine.parse(arguments: ["--health-interval", "-1"], environment: [:]) }
        #expect(throws: NodeCommandLineError.self) { try NodeAgentCommandLine.parse(arguments: [], environment: ["FLEET_NODE_ID": "bad id/"]) }
        #expect(throws: NodeCommandLineError.self) { try NodeAgentCommandLine.parse(arguments: ["--log-level", "loud"], environment: [:]) }
    }

    @Test func configFileIsApplied() throws {
        let path = try writeConfigFile(NodeConfigFileTests.full)
        defer { removeConfigFile(path) }
        let request = try NodeAgentCommandLine.parse(arguments: ["--config", path], environment: [:])
        guard case .run(let configuration, let level) = request else { Issue.record("expected a run"); return }
        #expect(configuration.serverURI == "coap://fleet.example:5683")
        #expect(configuration.nodeID == "board-9")
        #expect(configuration.host == "0.0.0.0")
        #expect(configuration.port == 5700)
        #expect(configuration.healthInterval == .seconds(15))
        #expect(configuration.stateDirectory == "/srv/fleet-node")
        #expect(configuration.installRoot == "/opt/root")
        #expect(level == .debug)
        #expect(configuration.services == ["sshd", "mosquitto"])
        #expect(configuration.drivers == ["i2c-dev", "spi_bcm2835"])
        #expect(configuration.mountPoints == ["/", "/data"])
        #expect(configuration.thresholds == HealthThresholds(cpuPercent: 85, memoryPercent: 80.5, diskPercent: 95, temperature: 70))
        #expect(configuration.installCommands == InstallCommands(pip: ["/opt/venv/bin/python", "-m", "pip"], apt: ["sudo", "apt-get"]))
    }

    @Test func partialConfigFileKeepsTheOtherDefaults() throws {
        let path = try writeConfigFile(#"{"thresholds": {"disk_percent": 75}, "install": {"pip": ["pip3"]}}"#)
        defer { removeConfigFile(path) }
        let request = try NodeAgentCommandLine.parse(arguments: [], environment: ["FLEET_NODE_CONFIG": path])
        guard case .run(let configuration, _) = request else { Issue.record("expected a run"); return }
        #expect(configuration.thresholds == HealthThresholds(diskPercent: 75))
        #expect(configuration.installCommands == InstallCommands(pip: ["pip3"]))
        #expect(configuration.mountPoints == ["/"])
        #expect(configuration.stateDirectory == "/var/lib/fleet-node")
        #expect(configuration.installRoot == "/")
    }

    @Test func flagBeatsEnvironmentBeatsFileBeatsDefault() throws {
        let path = try writeConfigFile(#"{"port": 6000, "state_dir": "/from/file"}"#)
        defer { removeConfigFile(path) }
        func chosen(_ arguments: [String], _ environment: [String: String]) throws -> (port: UInt16, stateDirectory: String) {
            guard case .run(let configuration, _) = try NodeAgentCommandLine.parse(arguments: arguments, environment: environment) else {
                throw NodeCommandLineError("expected a run")
            }
            return (configuration.port, configuration.stateDirectory)
        }
        let environment = ["FLEET_NODE_PORT": "7000", "FLEET_NODE_STATE_DIR": "/from/env"]
        let flags = ["--port", "8000", "--state-dir", "/from/flag"]
        #expect(try chosen(flags + ["--config", path], environment) == (8000, "/from/flag"))
        #expect(try chosen(["--config", path], environment) == (7000, "/from/env"))
        #expect(try chosen(["--config", path], [:]) == (6000, "/from/file"))
        #expect(try chosen([], [:]) == (5683, "/var/lib/fleet-node"))
        #expect(try chosen([], ["FLEET_NODE_CONFIG": path]) == (6000, "/from/file"))
    }

    @Test func directoriesMustBeAbsolute() throws {
        #expect(throws: NodeCommandLineError("--state-dir must be an absolute path, not var/lib/fleet-node")) {
            try NodeAgentCommandLine.parse(arguments: ["--state-dir", "var/lib/fleet-node"], environment: [:])
        }
        #expect(throws: NodeCommandLineError("FLEET_NODE_INSTALL_ROOT must be an absolute path, not root")) {
            try NodeAgentCommandLine.parse(arguments: [], environment: ["FLEET_NODE_INSTALL_ROOT": "root"])
        }
        let path = try writeConfigFile(#"{"state_dir": "state"}"#)
        defer { removeConfigFile(path) }
        #expect(throws: NodeCommandLineError("state_dir in \(path) must be an absolute path, not state")) {
            try NodeAgentCommandLine.parse(arguments: ["--config", path], environment: [:])
        }
    }

    @Test func configFileProblemsAreExplained() throws {
        #expect(throws: NodeCommandLineError("config file /nonexistent/node.json does not exist")) {
            try NodeAgentCommandLine.parse(arguments: ["--config", "/nonexistent/node.json"], environment: [:])
        }
        let path = try writeConfigFile(#"{"port": 70000, "log_level": "chatty"}"#)
        defer { removeConfigFile(path) }
        #expect(throws: NodeCommandLineError("port in \(path) must be 0…65535, not 70000")) {
            try NodeAgentCommandLine.parse(arguments: ["--config", path], environment: [:])
        }
        #expect(throws: NodeCommandLineError("--log-level must be one of trace, debug, info, notice, warning, error, critical, not chatty")) {
            try NodeAgentCommandLine.parse(arguments: ["--config", path, "--port", "1", "--log-level", "chatty"], environment: [:])
        }
    }

    @Test func allowedInstallPathsComeFromTheConfigFile() throws {
        let good = try writeConfigFile(#"{"allowed_install_paths": ["/opt/app", "/srv/firmware"]}"#)
        defer { removeConfigFile(good) }
        guard case .run(let configuration, _) = try NodeAgentCommandLine.parse(arguments: ["--config", good], environment: [:]) else {
            Issue.record("expected a run"); return
        }
        #expect(configuration.allowedInstallPaths == ["/opt/app", "/srv/firmware"])
        let bad = try writeConfigFile(#"{"allowed_install_paths": ["/opt/../etc"]}"#)
        defer { removeConfigFile(bad) }
        #expect(throws: NodeCommandLineError("allowed_install_paths in \(bad) must hold absolute paths without '..', not /opt/../etc")) {
            try NodeAgentCommandLine.parse(arguments: ["--config", bad], environment: [:])
        }
    }

    @Test func credentialsComeFromTheConfigFileWithTheKeyInItsOwnFile() throws {
        let psk = try writeConfigFile("{}")
        defer { removeConfigFile(psk) }
        let keyFile = (psk as NSString).deletingLastPathComponent + "/psk.key"
        try "0123abcd\n".write(toFile: keyFile, atomically: false, encoding: .utf8)
        try #"{"server": "coaps://fleet.example:5684", "psk_identity": "board-9", "psk_key_file": "\#(keyFile)"}"#
            .write(toFile: psk, atomically: false, encoding: .utf8)
        guard case .run(let secure, _) = try NodeAgentCommandLine.parse(arguments: ["--config", psk], environment: [:]) else {
            Issue.record("expected a run"); return
        }
        #expect(secure.dtls == .psk(identity: "board-9", key: Array("0123abcd".utf8)))

        let pki = try writeConfigFile(#"{"server": "coaps://fleet.example:5684", "cert": "/etc/n.crt", "key": "/etc/n.key", "ca": "/etc/ca.crt"}"#)
        defer { removeConfigFile(pki) }
        guard case .run(let certified, _) = try NodeAgentCommandLine.parse(arguments: ["--config", pki], environment: [:]) else {
            Issue.record("expected a run"); return
        }
        #expect(certified.dtls == .pki(PKICredentials(caFile: "/etc/ca.crt", certificateFile: "/etc/n.crt", privateKeyFile: "/etc/n.key")))
    }

    @Test func theServerIdentityDefaultsToFleetServerAndCanBeNamed() throws {
        guard case .run(let defaults, _) = try NodeAgentCommandLine.parse(arguments: [], environment: [:]) else {
            Issue.record("expected a run"); return
        }
        #expect(defaults.serverIdentity == "fleet-server")
        guard case .run(let named, _) = try NodeAgentCommandLine.parse(
            arguments: ["--server-identity", "fleet.example"], environment: ["FLEET_NODE_SERVER_IDENTITY": "other"]) else {
            Issue.record("expected a run"); return
        }
        #expect(named.serverIdentity == "fleet.example")
        #expect(throws: NodeCommandLineError("--server-identity must be 1…128 bytes")) {
            try NodeAgentCommandLine.parse(arguments: ["--server-identity", ""], environment: [:])
        }
    }

    @Test func usageListsEveryVariable() {
        for variable in NodeAgentCommandLine.environmentVariables {
            #expect(NodeAgentCommandLine.usage.contains(variable))
        }
    }

    @Test func helpIsAsked() throws {
        #expect(try NodeAgentCommandLine.parse(arguments: ["--help"], environment: [:]) == .help)
    }
}
