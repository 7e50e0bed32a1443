import FleetNode
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

    @Test func helpIsAsked() throws {
        #expect(try NodeAgentCommandLine.parse(arguments: ["--help"], environment: [:]) == .help)
    }
}
