import FleetNode
import Testing

@Suite struct NodeAgentConfigurationTests {
    @Test func defaultsFollowTheContract() {
        let configuration = NodeAgentConfiguration()
        #expect(configuration.host == "::")
        #expect(configuration.port == 5683)
        #expect(configuration.healthInterval == .seconds(30))
        #expect(configuration.mountPoints == ["/"])
        #expect(configuration.services.isEmpty)
        #expect(configuration.stateDirectory == "/var/lib/fleet-node")
        #expect(configuration.installRoot == "/")
        #expect(configuration.installCommands == InstallCommands(pip: ["python3", "-m", "pip"], apt: ["apt-get"]))
        #expect(configuration.retryInitialDelay == .seconds(1))
        #expect(configuration.retryFactor == 2)
        #expect(configuration.retryMaxDelay == .seconds(60))
        #expect(configuration.nodeID == SystemFacts.read().hostname)
    }

    @Test func anExplicitNodeIDWins() {
        #expect(NodeAgentConfiguration(nodeID: "worker-07").nodeID == "worker-07")
    }
}
