import FleetModel
import FleetStore
import Foundation
import Testing

@Suite("Fleet store on SQLite")
struct SQLiteFleetStoreTests {
    static let t0 = Date(timeIntervalSince1970: 1_800_000_000)

    static func report(_ node: String, healthy: Bool = true, cpu: Double = 10) -> HealthReport {
        HealthReport(nodeID: node, overallHealthy: healthy, cpuPercent: cpu, memoryPercent: 20, diskPercent: 30, temperature: 40)
    }

    @Test func registrationIsNewOnceThenRefreshed() async throws {
        try await withTemporaryDirectory { directory in
            let store = try SQLiteFleetStore(path: "\(directory)/fleet.sqlite")
            #expect(try store.registerNode(NodeRegistration(nodeID: "n1", hostname: "a"), address: "127.0.0.1", at: Self.t0))
            #expect(try !store.registerNode(NodeRegistration(nodeID: "n1", hostname: "b"), address: "::1", at: Self.t0 + 5))
            let node = try #require(try store.node("n1"))
            #expect(node.registration.hostname == "b" && node.address == "::1")
            #expect(node.registeredAt == Self.t0 && node.lastSeen == Self.t0 + 5)
            #expect(try store.nodes().map(\.id) == ["n1"])
        }
    }

    @Test func sightingsCarryLastSeenAndTheReportingInterval() async throws {
        try await withTemporaryDirectory { directory in
            let store = try SQLiteFleetStore(path: "\(directory)/fleet.sqlite")
            #expect(try store.sightings().isEmpty)
            _ = try store.registerNode(NodeRegistration(nodeID: "n1", healthIntervalSeconds: 5), address: "127.0.0.1", at: Self.t0)
            _ = try store.registerNode(NodeRegistration(nodeID: "n2"), address: "127.0.0.1", at: Self.t0 + 1)
            _ = try store.recordHealth(Self.report("n1"), json: nil, at: Self.t0 + 9, retention: 3)
            #expect(try store.sightings().sorted { $0.nodeID < $1.nodeID } == [
                NodeSighting(nodeID: "n1", lastSeen: Self.t0 + 9, healthIntervalSeconds: 5),
                NodeSighting(nodeID: "n2", lastSeen: Self.t0 + 1, healthIntervalSeconds: NodeRegistration.defaultHealthIntervalSeconds),
            ])
        }
    }

    @Test func healthNeedsARegisteredNodeAndKeepsABoundedHistory() async throws {
        try await withTemporaryDirectory { directory in
            let store = try SQLiteFleetStore(path: "\(directory)/fleet.sqlite")
            #expect(try !store.recordHealth(Self.report("ghost"), json: nil, at: Self.t0, retention: 3))
            #expect(try store.counts().healthReports == 0)
            _ = try store.registerNode(NodeRegistration(nodeID: "n1"), address: "127.0.0.1", at: Self.t0)
            for i in 0..<5 {
                #expect(try store.recordHealth(Self.report("n1", cpu: Double(i)), json: nil, at: Self.t0 + Double(i), retention: 3))
            }
            #expect(try store.healthHistory(of: "n1", limit: 10).map(\.report.cpuPercent) == [2, 3, 4])
            #expect(try store.latestHealth()["n1"]?.report.cpuPercent == 4)
            #expect(try store.node("n1")?.lastSeen == Self.t0 + 4)
            #expect(try store.removeNode("n1", at: Self.t0 + 9) == [])
            #expect(try store.counts().healthReports == 0)
            #expect(try store.removeNode("n1", at: Self.t0 + 9) == nil)
        }
    }

    @Test func jobsMoveInSingleTransactionsAndSurviveReopening() async throws {
        try await withTemporaryDirectory { directory in
            let path = "\(directory)/fleet.sqlite"
            do {
                let store = try SQLiteFleetStore(path: path)
                let creation = UpdateCreation(name: "tools", version: "1", packageType: .pip, targetNodes: ["n1", "n2"], packages: ["six"])
                try store.createJob(StoredJob(id: "j1", creation: creation, state: .created, createdAt: Self.t0, updatedAt: Self.t0,
                                              nodes: ["n1": StoredNodeState(state: .pending, updatedAt: Self.t0),
                                                      "n2": StoredNodeState(state: .pending, updatedAt: Self.t0)]))
                let moved = try store.updateJob("j1") { job in
                    job.state = .installing
                    job.nodes["n1"]?.state = .downloading
                    job.nodes["n1"]?.progress = 40
                    return job.nodes.count
                }
                #expect(moved == 2)
                // A change that throws writes nothing.
                struct Refused: Error {}
                #expect(throws: Refused.self) {
                    try store.updateJob("j1") { job in
                        job.state = .failed
                        throw Refused()
                    }
                }
                #expect(try store.updateJob("nope") { _ in 1 } == nil)
                #expect(try store.unfinishedJobs(for: "n1").map(\.id) == ["j1"])
            }
            let reopened = try SQLiteFleetStore(path: path)
            let job = try #require(try reopened.job("j1"))
            #expect(job.state == .installing)
            #expect(job.nodes["n1"] == StoredNodeState(state: .downloading, progress: 40, updatedAt: Self.t0))
            #expect(job.creation.packages == ["six"])
            #expect(try reopened.counts().unfinishedJobs == 1)
        }
    }

    @Test func oneNodesPartChangesWithTheJobsCountsAndNothingElse() async throws {
        try await withTemporaryDirectory { directory in
            let store = try SQLiteFleetStore(path: "\(directory)/fleet.sqlite")
            let creation = UpdateCreation(name: "tools", version: "1", packageType: .pip, targetNodes: ["n1", "n2", "n3"], packages: ["six"])
            try store.createJob(StoredJob(
                id: "j1", creation: creation, state: .installing, createdAt: Self.t0, updatedAt: Self.t0,
                nodes: ["n1": StoredNodeState(state: .pending, updatedAt: Self.t0),
                        "n2": StoredNodeState(state: .succeeded, progress: 100, updatedAt: Self.t0),
                        "n3": StoredNodeState(state: .succeeded, progress: 100, updatedAt: Self.t0)]))
            let seen = try store.updateJobNode("j1", "n1") { change in
                change.node?.state = .succeeded
                change.node?.progress = 100
                change.jobState = .completed
                change.jobUpdatedAt = Self.t0 + 7
                return change
            }
            #expect(seen?.summary == [.pending: 1, .succeeded: 2])
            #expect(seen?.jobID == "j1" && seen?.nodeID == "n1")
            var job = try #require(try store.job("j1"))
            #expect(job.state == .completed && job.updatedAt == Self.t0 + 7)
            #expect(job.nodes["n1"] == StoredNodeState(state: .succeeded, progress: 100, updatedAt: Self.t0))
            #expect(job.nodes["n2"]?.state == .succeeded && job.nodes.count == 3)
            #expect(try store.counts().unfinishedJobs == 0)

            // Not a target: no part to change, and none appears.
            let stranger = try store.updateJobNode("j1", "n9") { change in
                change.node = StoredNodeState(state: .failed, updatedAt: Self.t0)
                return change.node == nil
            }
            #expect(stranger == false)
            #expect(try store.job("j1")?.nodes["n9"] == nil)
            // No such job: nil, the change never runs.
            #expect(try store.updateJobNode("nope", "n1") { _ in 1 } == nil)
            // A change that throws writes nothing.
            struct Refused: Error {}
            #expect(throws: Refused.self) {
                try store.updateJobNode("j1", "n2") { change in
                    change.node?.state = .failed
                    change.jobState = .partiallyFailed
                    throw Refused()
                }
            }
            job = try #require(try store.job("j1"))
            #expect(job.state == .completed && job.nodes["n2"]?.state == .succeeded)
        }
    }

    @Test func anArtifactInUseCannotBeRemoved() async throws {
        try await withTemporaryDirectory { directory in
            let store = try SQLiteFleetStore(path: "\(directory)/fleet.sqlite")
            let artifact = StoredArtifact(id: "a1", name: "fw.bin", sha256: String(repeating: "ab", count: 32), size: 10, createdAt: Self.t0)
            try store.addArtifact(artifact)
            let creation = UpdateCreation(name: "fw", version: "2", packageType: .firmware, targetNodes: ["all"], artifactID: "a1", installPath: "/opt/fw.bin")
            try store.createJob(StoredJob(id: "j1", creation: creation, state: .installing, createdAt: Self.t0, updatedAt: Self.t0, nodes: [:]))
            #expect(try store.removeArtifact("a1") == .inUse(jobIDs: ["j1"]))
            _ = try store.updateJob("j1") { $0.state = .completed }
            #expect(try store.removeArtifact("a1") == .removed(artifact))
            #expect(try store.removeArtifact("a1") == .notFound)
            #expect(try store.job("j1")?.state == .completed)
        }
    }

    @Test func theAuditLogKeepsNewestFirst() async throws {
        try await withTemporaryDirectory { directory in
            let store = try SQLiteFleetStore(path: "\(directory)/fleet.sqlite")
            try store.audit(AuditEntry(at: Self.t0, actor: "127.0.0.1:1", action: "job.create", detail: "j1"))
            try store.audit(AuditEntry(at: Self.t0 + 1, actor: "127.0.0.1:1", action: "job.install", detail: "j1"))
            #expect(try store.auditLog(limit: 1).map(\.action) == ["job.install"])
            #expect(try store.counts().auditEntries == 2)
        }
    }
}
