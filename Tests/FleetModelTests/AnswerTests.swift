import FleetModel
import FoundationEssentials
import Testing

/// What the server answers: snake_case keys, counts computed from the parts, round trips.
@Suite("Answers")
struct AnswerTests {
    static let now = Date(timeIntervalSince1970: 1_758_103_200)

    @Test func jobCreatedHasJobIDAndState() throws {
        #expect(try encodedObject(JobCreated(jobID: "j1")) == ["job_id": .string("j1"), "state": .string("created")])
    }

    @Test func jobStatusCountsEveryStateAndRoundTrips() throws {
        let nodes = [
            NodeJobStatus(nodeID: "n1", state: .succeeded, progress: 100, updatedAt: "2025-09-17T10:00:00Z"),
            NodeJobStatus(nodeID: "n2", state: .downloading, progress: 40, updatedAt: "2025-09-17T10:00:00Z"),
            NodeJobStatus(nodeID: "n3", state: .succeeded, progress: 100, updatedAt: "2025-09-17T10:00:00Z"),
            NodeJobStatus(nodeID: "n4", state: .failed, progress: 10, error: "sha256 mismatch", updatedAt: "2025-09-17T10:00:00Z"),
        ]
        let status = JobStatus(
            jobID: "j1", name: "fw", version: "2", packageType: .firmware, state: .installing,
            createdAt: "2025-09-17T09:00:00Z", updatedAt: "2025-09-17T10:00:00Z", targetNodes: ["all"], nodes: nodes
        )
        #expect(status.summary[.succeeded] == 2)
        #expect(status.summary[.downloading] == 1)
        #expect(status.summary[.failed] == 1)
        #expect(status.summary[.pending] == 0)
        #expect(status.summary.count == NodeUpdateState.allCases.count)

        let object = try encodedObject(status)
        #expect(Set(object.keys) == [
            "job_id", "name", "version", "package_type", "state", "created_at", "updated_at", "target_nodes", "nodes",
            "summary",
        ])
        guard case .object(let summary) = object["summary"], case .array(let listed) = object["nodes"],
              case .object(let failed) = listed[3]
        else {
            Issue.record("summary or nodes has the wrong shape: \(object)")
            return
        }
        #expect(summary["succeeded"] == .number(2))
        #expect(summary["rolled_back"] == .number(0))
        #expect(Set(failed.keys) == ["node_id", "state", "progress", "error", "updated_at"])
        #expect(failed["error"] == .string("sha256 mismatch"))
        #expect(try Payload.decode(JobStatus.self, from: Payload.encode(status)) == status)
    }

    @Test(arguments: [
        ([NodeHealthState](), FleetHealth.Status.empty),
        ([.healthy, .healthy], .healthy),
        ([.healthy, .unhealthy], .degraded),
        ([.healthy, .offline], .degraded),
        ([.healthy, .unknown], .degraded),
        ([.unhealthy, .offline], .unhealthy),
        ([.unhealthy, .unknown], .degraded),
        ([.unknown], .unknown),
        ([.unknown, .unknown], .unknown),
    ])
    func fleetStatusFollowsItsNodes(states: [NodeHealthState], expected: FleetHealth.Status) {
        let health = FleetHealth(nodes: states.enumerated().map { NodeHealth(nodeID: "n\($0.offset)", state: $0.element) })
        #expect(health.status == expected)
    }

    @Test func fleetHealthCountsAndKeys() throws {
        let report = HealthReport(nodeID: "n1", overallHealthy: true, cpuPercent: 15.5, memoryPercent: 45.2, diskPercent: 30.1)
        let health = FleetHealth(nodes: [
            NodeHealth(state: .healthy, lastReport: "2025-09-17T10:00:00Z", report: report),
            NodeHealth(nodeID: "n2", state: .unhealthy),
            NodeHealth(nodeID: "n3", state: .offline),
            NodeHealth(nodeID: "n4", state: .offline),
            NodeHealth(nodeID: "n5", state: .unknown),
        ])
        #expect((health.total, health.healthy, health.unhealthy, health.offline) == (5, 1, 1, 2))
        let object = try encodedObject(health)
        #expect(Set(object.keys) == ["status", "total", "healthy", "unhealthy", "offline", "nodes"])
        #expect(object["status"] == .string("degraded"))
        guard case .array(let nodes) = object["nodes"], case .object(let first) = nodes.first else {
            Issue.record("nodes has the wrong shape: \(object)")
            return
        }
        #expect(first == [
            "node_id": .string("n1"), "state": .string("healthy"), "last_report": .string("2025-09-17T10:00:00Z"),
            "cpu_percent": .number(15.5), "memory_percent": .number(45.2), "disk_percent": .number(30.1),
        ])
        #expect(try Payload.decode(FleetHealth.self, from: Payload.encode(health)) == health)
    }

    @Test func nodeHealthIsAssessedFromLivenessThenTheLatestReport() {
        let recent = Self.now.addingTimeInterval(-60)
        let stale = Self.now.addingTimeInterval(-91)
        #expect(NodeHealthState.assess(lastSeen: recent, latestReportHealthy: true, healthIntervalSeconds: 30, now: Self.now) == .healthy)
        #expect(NodeHealthState.assess(lastSeen: recent, latestReportHealthy: false, healthIntervalSeconds: 30, now: Self.now) == .unhealthy)
        #expect(NodeHealthState.assess(lastSeen: recent, latestReportHealthy: nil, healthIntervalSeconds: 30, now: Self.now) == .unknown)
        #expect(NodeHealthState.assess(lastSeen: stale, latestReportHealthy: true, healthIntervalSeconds: 30, now: Self.now) == .offline)
    }

    @Test func aNodeIsOnlineForThreeIntervals() {
        #expect(NodeLiveness.isOnline(lastSeen: Self.now.addingTimeInterval(-90), healthIntervalSeconds: 30, now: Self.now))
        #expect(!NodeLiveness.isOnline(lastSeen: Self.now.addingTimeInterval(-90.5), healthIntervalSeconds: 30, now: Self.now))
        #expect(NodeLiveness.isOnline(lastSeen: Self.now.addingTimeInterval(-290), healthIntervalSeconds: 100, now: Self.now))
    }

    @Test func nodeSummaryCarriesRegistrationAndServerView() throws {
        let registration = NodeRegistration(
            nodeID: "worker-03", hostname: "worker-03", lastSeen: "2025-09-17T10:00:00", services: ["ssh"],
            systemInfo: ["arch": .string("arm64")], installedVersions: ["fw": "1"]
        )
        let summary = NodeSummary(registration: registration, lastSeen: "2025-09-17T10:00:02Z", online: true)
        let object = try encodedObject(summary)
        #expect(object["last_seen"] == .string("2025-09-17T10:00:02Z"))
        #expect(object["online"] == .bool(true))
        #expect(object["installed_versions"] == .object(["fw": .string("1")]))
        #expect(object["coap_port"] == .number(5683))
        #expect(object["health_interval_s"] == .number(30))
        #expect(object["system_info"] == .object(["arch": .string("arm64")]))
        #expect(object["ip_address"] == nil)
        let updated = NodeSummary(registration: registration, lastSeen: "x", online: false, installedVersions: ["fw": "2"])
        #expect(updated.installedVersions == ["fw": "2"])
        #expect(try Payload.decode(NodeSummary.self, from: Payload.encode(summary)) == summary)
    }

    @Test func artifactInfoKeys() throws {
        let info = ArtifactInfo(artifactID: "fw-2", name: "fw.img", sha256: String(repeating: "a", count: 64), size: 1024, createdAt: "2025-09-17T10:00:00Z")
        #expect(Set(try encodedObject(info).keys) == ["artifact_id", "name", "sha256", "size", "created_at"])
        #expect(try Payload.decode(ArtifactInfo.self, from: Payload.encode(info)) == info)
    }

    @Test func encodingANonFiniteNumberIsRefused() {
        #expect(throws: PayloadError.self) { try Payload.encode(JSONValue.number(.nan)) }
    }
}

@Suite struct NodeAcknowledgementEncodingTests {
    @Test func theDirectEncodingIsWhatTheEncoderWrites() throws {
        let plain = NodeAcknowledgement(nodeID: "worker-03", status: "recorded", pendingJobs: [])
        #expect(try plain.encoded == Payload.encode(plain))
        let quoted = NodeAcknowledgement(nodeID: #"odd"id"#, status: "recorded", pendingJobs: [])
        #expect(try quoted.encoded == Payload.encode(quoted))
        let withJob = NodeAcknowledgement(
            nodeID: "worker-03", status: "updated",
            pendingJobs: [UpdateAnnouncement(jobID: "job-1", name: "tools", version: "1", packageType: .pip)])
        #expect(try withJob.encoded == Payload.encode(withJob))
        #expect(try Payload.decode(NodeAcknowledgement.self, from: plain.encoded) == plain)
    }
}
