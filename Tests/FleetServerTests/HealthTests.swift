import CoAPCore
import FleetModel
import TestSupport
import Testing

/// `PUT /health` (a node's report), `GET /health` (the fleet summary) and each node's
/// `/nodes/{id}/health` and `/nodes/{id}/metrics`.
@Suite("Health")
struct HealthTests {
    @Test func theSeedsHealthReportIsRecorded() async throws {
        let fleet = try FleetHarness()
        defer { fleet.close() }
        try #require(try await fleet.post("/nodes", #"{"node_id":"node-123"}"#).code == .created)

        let answer = try await fleet.put("/health", Seed.healthPayload)
        #expect(answer.code == .changed, "\(answer.text)")
        let body = try answer.json()
        #expect(body["node_id"].string == "node-123")
        #expect(body["status"].string == "recorded")
        #expect(body["pending_jobs"].array?.isEmpty == true)
        #expect(try await fleet.counts()["health_reports"].int == 1)

        let health = try await fleet.json("/nodes/node-123/health")
        #expect(health["node_id"].string == "node-123")
        #expect(health["state"].string == "healthy")
        #expect(health["cpu_percent"].number == 15.5)
        #expect(health["memory_percent"].number == 45.2)
        #expect(health["disk_percent"].number == 30.1)
        #expect(health["temperature"].number == 42.5)
        #expect(health["last_report"].string.flatMap(UTCTimestamp.date(from:)) != nil)
    }

    @Test func aReportFromAnUnregisteredNodeIsRefusedAndNotKept() async throws {
        let fleet = try FleetHarness()
        defer { fleet.close() }
        let answer = try await fleet.put("/health", Seed.healthPayload)
        #expect(answer.code == .notFound)
        let error = try answer.errorBody()
        #expect(error.error == "unknown_node")
        #expect(error.detail.contains("node-123"))
        #expect(try await fleet.counts()["health_reports"].int == 0)
        #expect(try await fleet.counts()["nodes"].int == 0)
    }

    @Test func theSummaryCountsEachState() async throws {
        let fleet = try FleetHarness()
        defer { fleet.close() }
        let empty = try await fleet.json("/health")
        #expect(empty["status"].string == "empty")
        #expect(empty["total"].int == 0)

        for id in ["fine", "sick", "quiet", "fine-2"] { try await fleet.register(id) }
        let unreported = try await fleet.json("/health")
        #expect(unreported["status"].string == "unknown", "no node has reported yet")
        #expect(unreported["total"].int == 4)
        #expect(unreported["healthy"].int == 0 && unreported["unhealthy"].int == 0 && unreported["offline"].int == 0)
        try await fleet.report("fine", healthy: true)
        try await fleet.report("fine-2", healthy: true)
        try await fleet.report("sick", healthy: false)

        let summary = try await fleet.json("/health")
        #expect(summary["total"].int == 4)
        #expect(summary["healthy"].int == 2)
        #expect(summary["unhealthy"].int == 1)
        #expect(summary["offline"].int == 0)
        #expect(summary["status"].string == "degraded")
        let states = Dictionary(uniqueKeysWithValues: (summary["nodes"].array ?? []).compactMap { node in
            node["node_id"].string.map { ($0, node["state"].string ?? "?") }
        })
        #expect(states == ["fine": "healthy", "fine-2": "healthy", "sick": "unhealthy", "quiet": "unknown"])

        // A better report turns the fleet healthy... except the node that never reported.
        try await fleet.report("sick", healthy: true)
        let after = try await fleet.json("/health")
        #expect(after["healthy"].int == 3)
        #expect(after["unhealthy"].int == 0)
        #expect(after["status"].string == "degraded")
    }

    @Test func metricsAreTheReportsInOrder() async throws {
        let fleet = try FleetHarness()
        defer { fleet.close() }
        try await fleet.register("edge-7")
        let empty = try await fleet.json("/nodes/edge-7/metrics")
        #expect(empty["node_id"].string == "edge-7")
        #expect(empty["samples"].array?.isEmpty == true)

        let figures: [Double] = [10, 20.5, 30, 99.9, 0]
        for (index, cpu) in figures.enumerated() {
            try await fleet.report("edge-7", healthy: index != 2, cpu: cpu)
        }
        let metrics = try await fleet.json("/nodes/edge-7/metrics")
        let samples = try #require(metrics["samples"].array)
        #expect(samples.map { $0["cpu_percent"].number } == figures.map { $0 })
        #expect(samples.map { $0["overall_healthy"].bool } == [true, true, false, true, true])
        #expect(samples.allSatisfy { $0["memory_percent"].number == 45.2 && $0["disk_percent"].number == 30.1 })
        let times = samples.compactMap { $0["at"].string.flatMap(UTCTimestamp.date(from:)) }
        #expect(times.count == figures.count)
        #expect(times == times.sorted())

        // The node's latest health is the last report.
        let health = try await fleet.json("/nodes/edge-7/health")
        #expect(health["cpu_percent"].number == 0)
    }

    @Test func historyIsBoundedByTheRetention() async throws {
        let fleet = try FleetHarness { $0.healthRetention = 3 }
        defer { fleet.close() }
        try await fleet.register("edge-1")
        try await fleet.register("edge-2")
        for cpu in 1...6 { try await fleet.report("edge-1", cpu: Double(cpu)) }
        try await fleet.report("edge-2", cpu: 50)
        let samples = try await fleet.json("/nodes/edge-1/metrics")["samples"].array
        #expect(samples?.map { $0["cpu_percent"].number } == [4, 5, 6])
        #expect(try await fleet.json("/nodes/edge-2/metrics")["samples"].array?.count == 1)
        #expect(try await fleet.counts()["health_reports"].int == 4)
    }

    @Test(arguments: ["/nodes/ghost/health", "/nodes/ghost/metrics"])
    func unknownNodesAreNotFound(path: String) async throws {
        let fleet = try FleetHarness()
        defer { fleet.close() }
        try await fleet.register("real")
        let answer = try await fleet.get(path)
        #expect(answer.code == .notFound)
        let error = try answer.errorBody()
        #expect(error.error == "not_found")
        #expect(error.detail.contains("ghost"))
    }

    @Test func aNodeWithoutReportsIsUnknown() async throws {
        let fleet = try FleetHarness()
        defer { fleet.close() }
        try await fleet.register("fresh")
        let health = try await fleet.json("/nodes/fresh/health")
        #expect(health["state"].string == "unknown")
        #expect(health["last_report"] == nil || health["last_report"] == .null)
        #expect(health["cpu_percent"].number == nil)
    }
}
