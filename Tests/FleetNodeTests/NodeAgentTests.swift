import CoAPCore
import FleetModel
import FleetNode
import Foundation
import TestSupport
import Testing

/// A node agent against a real fleet server on loopback.
@Suite struct NodeAgentTests {
    @Test func registersWithItsBoundPortAndReportsEveryInterval() async throws {
        let fleet = try AgentFleet()
        defer { fleet.close() }
        let events = Inbox<NodeAgentEvent>()
        let agent = fleet.agent("agent-reg", events: events)
        let port = try agent.start()
        defer { agent.stop() }
        #expect(port != 0)
        #expect(agent.port == port)

        _ = try await events.first(within: .seconds(10), "registration") { $0.isRegistered }
        let nodes = try await fleet.get([NodeSummary].self, "/nodes")
        let node = try #require(nodes.first { $0.nodeID == "agent-reg" })
        #expect(node.coapPort == Int(port))
        #expect(node.healthIntervalSeconds == 1)
        #expect(node.agentVersion == FleetVersion.current)
        #expect(node.systemInfo["os"] == .string("linux"))
        #expect(node.online)

        _ = try await events.first(within: .seconds(10), "2 reports", occurrence: 2) { $0.isReported }
        let before = try await fleet.get(NodeMetrics.self, "/nodes/agent-reg/metrics").samples.count
        #expect(before >= 2)
        let reported = events.count { $0.isReported }
        _ = try await events.first(within: .seconds(10), "2 more reports", occurrence: reported + 2) { $0.isReported }
        let after = try await fleet.get(NodeMetrics.self, "/nodes/agent-reg/metrics").samples.count
        #expect(after >= before + 2)
    }

    @Test func registersAgainWhenTheServerForgetsTheNode() async throws {
        let fleet = try AgentFleet()
        defer { fleet.close() }
        let events = Inbox<NodeAgentEvent>()
        let agent = fleet.agent("agent-forgotten", events: events)
        try agent.start()
        defer { agent.stop() }
        _ = try await events.first(within: .seconds(10), "a report") { $0.isReported }

        let removal = try await fleet.send(.delete, "/nodes", json: #"{"node_id":"agent-forgotten"}"#)
        #expect(removal.code == .deleted)
        _ = try await events.first(within: .seconds(10), "forgotten") { $0.isForgotten }
        let again = try await events.first(within: .seconds(10), "a second registration", occurrence: 2) { $0.isRegistered }
        guard case .registered(let answer) = again else { throw AgentTestFailure("not a registration: \(again)") }
        #expect(answer.status == "registered")
        let nodes = try await fleet.get([NodeSummary].self, "/nodes")
        #expect(nodes.contains { $0.nodeID == "agent-forgotten" })
    }

    @Test func registersOnceAServerComesUpWhereNoneWas() async throws {
        let serverPort = try AgentFleet.freePort()
        let events = Inbox<NodeAgentEvent>()
        let directory = try makeTemporaryDirectory("fleet-node-late")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let agent = NodeAgent(
            configuration: NodeAgentConfiguration(
                serverURI: "coap://127.0.0.1:\(serverPort)", nodeID: "agent-late", host: "127.0.0.1", port: 0,
                healthInterval: .milliseconds(100), stateDirectory: "\(directory)/state", installRoot: "\(directory)/root",
                requestTimeout: .milliseconds(300),
                retryInitialDelay: .milliseconds(20), retryMaxDelay: .milliseconds(200)),
            observer: { events.put($0) })
        try agent.start()
        defer { agent.stop() }

        let failure = try await events.first(within: .seconds(10), "2 failed registrations", occurrence: 2) {
            $0.isRegistrationFailure
        }
        guard case .registrationFailed(_, let retryIn) = failure else { throw AgentTestFailure("\(failure)") }
        #expect(retryIn <= .milliseconds(200))
        #expect(events.count { $0.isRegistered } == 0)

        let service = try AgentFleet.startService(port: serverPort, directory: directory)
        defer { service.shutdown() }
        _ = try await events.first(within: .seconds(10), "registration after the server came up") { $0.isRegistered }
        _ = try await events.first(within: .seconds(10), "a report") { $0.isReported }
    }

    @Test func answersGetHealthAndGetSystemWithJSON() async throws {
        let fleet = try AgentFleet()
        defer { fleet.close() }
        let events = Inbox<NodeAgentEvent>()
        let agent = fleet.agent("agent-endpoint", events: events)
        let port = try agent.start()
        defer { agent.stop() }
        let base = "coap://127.0.0.1:\(port)"

        let health = try await fleet.get(HealthReport.self, "/health", base: base)
        #expect(health.nodeID == "agent-endpoint")
        #expect((0...100).contains(health.cpuPercent) && (0...100).contains(health.memoryPercent))

        let system = try await fleet.get(NodeSystemInfo.self, "/system", base: base)
        #expect(system.os == "linux")
        #expect(system.cpuCount >= 1)
        #expect(system.memoryTotalKB > 0)
        #expect(system.agentVersion == FleetVersion.current)
        #expect(!system.hostname.isEmpty)
        #expect(system.installedVersions.isEmpty)

        let links = try await fleet.send(.get, "/.well-known/core", base: base)
        #expect(links.text.contains("</health>"))
        #expect(links.text.contains("rt=\"fleet.node.health\""))
        #expect(links.text.contains("</system>"))
        #expect(links.text.contains("</updates/available>"))
        #expect(links.text.contains("ct=50"))

        let missing = try await fleet.send(.get, "/nope", base: base)
        #expect(missing.code == .notFound)
        let body = try Payload.decode(ErrorBody.self, from: missing.payload)
        #expect(body.error == "not_found")
        let wrongMethod = try await fleet.send(.post, "/health", json: "{}", base: base)
        #expect(wrongMethod.code == .methodNotAllowed)
        #expect(try Payload.decode(ErrorBody.self, from: wrongMethod.payload).error == "method_not_allowed")
    }

    @Test func stopIsIdempotentAndTheAgentCanStartAgain() async throws {
        let fleet = try AgentFleet()
        defer { fleet.close() }
        let events = Inbox<NodeAgentEvent>()
        let agent = fleet.agent("agent-stop", events: events)
        try agent.start()
        _ = try await events.first(within: .seconds(10), "registration") { $0.isRegistered }
        agent.stop()
        agent.stop()
        #expect(agent.port == nil)

        try agent.start()
        defer { agent.stop() }
        _ = try await events.first(within: .seconds(10), "a second registration", occurrence: 2) { $0.isRegistered }
    }
}

/// A test's own failure with a sentence.
struct AgentTestFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
