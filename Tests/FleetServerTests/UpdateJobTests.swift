import CoAPCore
import FleetModel
import TestSupport
import Testing

/// `POST /updates` (create and the payload-based actions), `GET /updates`.
@Suite("Update jobs")
struct UpdateJobTests {
    @Test func theSeedsCreateExamplesAnswerAJobID() async throws {
        let fleet = try FleetHarness()
        defer { fleet.close() }
        try await fleet.register("worker-03")
        try await fleet.register("worker-04")

        for payload in [Seed.createPayload, Seed.shortCreatePayload] {
            let answer = try await fleet.post("/updates", payload)
            #expect(answer.code == .created, "\(answer.text)")
            let body = try answer.json()
            let id = try #require(body["job_id"].string)
            #expect(FleetIdentifier.isValid(id))
            #expect(body["state"].string == "created")

            // ["all"] means every registered node, each pending.
            let status = try await fleet.action("status", id).json()
            #expect(status["nodes"].array?.compactMap { $0["node_id"].string } == ["worker-03", "worker-04"])
            #expect(status["nodes"].array?.allSatisfy { $0["state"].string == "pending" } == true)
        }
        let full = try #require(try await fleet.json("/updates").array?.first { $0["name"].string == "python-packages-update" })
        #expect(full["version"].string == "2025.09.16")
        #expect(full["package_type"].string == "pip")
        #expect(try await fleet.counts()["jobs"].int == 2)
    }

    @Test func aJobForAllNodesNeedsANode() async throws {
        let fleet = try FleetHarness()
        defer { fleet.close() }
        let answer = try await fleet.post("/updates", Seed.shortCreatePayload)
        #expect(answer.code == .badRequest)
        #expect(try answer.errorBody().error == "invalid_value")
        #expect(try await fleet.counts()["jobs"].int == 0)
    }

    @Test func anUnknownTargetNodeIsRefused() async throws {
        let fleet = try FleetHarness()
        defer { fleet.close() }
        try await fleet.register("worker-03")
        let answer = try await fleet.post("/updates", Seed.pipJob(["worker-03", "worker-99"]))
        #expect(answer.code == .badRequest)
        let error = try answer.errorBody()
        #expect(error.error == "invalid_value")
        #expect(error.detail.contains("worker-99"))
        #expect(!error.detail.contains("worker-03"))
        #expect(try await fleet.counts()["jobs"].int == 0)
    }

    @Test func anUnknownArtifactIsRefused() async throws {
        let fleet = try FleetHarness()
        defer { fleet.close() }
        try await fleet.register("worker-03")
        let answer = try await fleet.post("/updates", Seed.fileJob(["worker-03"], artifactID: "art-missing"))
        #expect(answer.code == .badRequest)
        #expect(try answer.errorBody().detail.contains("art-missing"))
    }

    @Test func statusTellsTheJobAndEveryNode() async throws {
        let fleet = try FleetHarness()
        defer { fleet.close() }
        try await fleet.register("a")
        try await fleet.register("b")
        let id = try await fleet.createJob(Seed.pipJob(["b", "a"]))
        let answer = try await fleet.action("status", id)
        #expect(answer.code == .content)
        let status = try answer.json()
        #expect(status["job_id"].string == id)
        #expect(status["name"].string == "python-packages-update")
        #expect(status["version"].string == "2025.09.16")
        #expect(status["package_type"].string == "pip")
        #expect(status["state"].string == "created")
        #expect(status["created_at"].string.flatMap(UTCTimestamp.date(from:)) != nil)
        #expect(status["updated_at"].string.flatMap(UTCTimestamp.date(from:)) != nil)
        #expect(Set(status["target_nodes"].array?.compactMap(\.string) ?? []) == ["a", "b"])
        let nodes = try #require(status["nodes"].array)
        #expect(nodes.count == 2)
        for node in nodes {
            #expect(node["state"].string == "pending")
            #expect(node["progress"].number == 0)
            #expect(node["updated_at"].string != nil)
        }
        #expect(status["summary"]["pending"].int == 2)
        #expect(status["summary"]["succeeded"].int == 0)
        // The observable resource tells the same.
        #expect(try await fleet.json("/updates/\(id)/status") == status)
    }

    @Test func installStartsTheJobOnceAndIsIdempotent() async throws {
        let fleet = try FleetHarness()
        defer { fleet.close() }
        try await fleet.register("worker-03")
        let id = try await fleet.createJob(Seed.pipJob(["worker-03"]))
        let auditBefore = try #require(try await fleet.counts()["audit_entries"].int)

        let first = try await fleet.action("install", id)
        #expect(first.code == .changed, "\(first.text)")
        let started = try first.json()
        #expect(started["state"].string == "installing")
        #expect(try await fleet.counts()["audit_entries"].int == auditBefore + 1)

        let second = try await fleet.action("install", id)
        #expect(second.code == .changed, "\(second.text)")
        #expect(try second.json() == started, "a second install must change nothing")
        #expect(try await fleet.action("status", id).json() == started)
        #expect(try await fleet.counts()["audit_entries"].int == auditBefore + 1, "a second install is not a second action")
    }

    @Test(arguments: ["install", "status", "cancel"])
    func anUnknownJobIsNotFound(action: String) async throws {
        let fleet = try FleetHarness()
        defer { fleet.close() }
        try await fleet.register("worker-03")
        let answer = try await fleet.action(action, "abc123-def456-ghi789")
        #expect(answer.code == .notFound)
        let error = try answer.errorBody()
        #expect(error.error == "not_found")
        #expect(error.detail.contains("abc123-def456-ghi789"))
    }

    @Test func aReportOnAnUnknownJobOrNodeIsNotFound() async throws {
        let fleet = try FleetHarness()
        defer { fleet.close() }
        let id = try await fleet.installedPipJob(["worker-03"])
        let unknownJob = try await fleet.progress("job-ffffffffffffffff", "worker-03", "downloading")
        #expect(unknownJob.code == .notFound)
        #expect(try unknownJob.errorBody().error == "not_found")
        let strangerNode = try await fleet.progress(id, "worker-77", "downloading")
        #expect(strangerNode.code == .notFound)
        #expect(try strangerNode.errorBody().detail.contains("worker-77"))
        #expect(FleetHarness.nodeState(try await fleet.action("status", id).json(), "worker-03") == "pending")
    }

    @Test func reportsMoveANodeToSucceededAndTheJobToCompleted() async throws {
        let fleet = try FleetHarness()
        defer { fleet.close() }
        let id = try await fleet.installedPipJob(["worker-03"])
        #expect(FleetHarness.nodeState(try await fleet.action("status", id).json(), "worker-03") == "pending")

        let steps: [(state: String, progress: Double, job: String)] = [
            ("downloading", 10, "installing"), ("downloading", 60.5, "installing"), ("downloaded", 100, "installing"),
            ("installing", 50, "installing"), ("succeeded", 100, "completed"),
        ]
        for step in steps {
            let answer = try await fleet.progress(id, "worker-03", step.state, step.progress)
            #expect(answer.code == .changed, "\(step.state): \(answer.text)")
            let acknowledgement = try answer.json()
            #expect(acknowledgement["node_id"].string == "worker-03")
            #expect(acknowledgement["state"].string == step.state)
            #expect(acknowledgement["progress"].number == step.progress)
            #expect(acknowledgement["job_state"].string == step.job)
        }
        let final = try await fleet.action("status", id).json()
        #expect(final["state"].string == "completed")
        #expect(final["summary"]["succeeded"].int == 1)
        #expect(try await fleet.counts()["unfinished_jobs"].int == 0)

        // A retransmitted final report changes nothing; anything else after it is refused.
        let repeated = try await fleet.progress(id, "worker-03", "succeeded", 100)
        #expect(repeated.code == .changed)
        #expect(try repeated.json()["job_state"].string == "completed")
        let late = try await fleet.progress(id, "worker-03", "downloading", 5)
        #expect(late.code == .conflict)
        #expect(try late.errorBody().error == "invalid_transition")
    }

    @Test func theSummaryViewLeavesTheNodesOut() async throws {
        let fleet = try FleetHarness()
        defer { fleet.close() }
        let id = try await fleet.installedPipJob(["a", "b"])
        try await fleet.reportSuccess(id, "a")
        let summary = try await fleet.send(.get, "/updates/\(id)/status?nodes=none").json()
        #expect(summary["nodes"].array?.isEmpty == true)
        #expect(summary["target_nodes"].array?.isEmpty == true)
        #expect(summary["summary"]["succeeded"].int == 1)
        #expect(summary["summary"]["pending"].int == 1)
        #expect(summary["state"].string == "installing")
        let full = try await fleet.send(.get, "/updates/\(id)/status").json()
        #expect(full["nodes"].array?.count == 2)

        // The payload actions take the same view (what fleetctl asks for on install and cancel).
        let statusAction = try await fleet.post("/updates?nodes=none", #"{"action":"status","job_id":"\#(id)"}"#).json()
        #expect(statusAction["nodes"].array?.isEmpty == true)
        #expect(statusAction["summary"]["succeeded"].int == 1)
        let installAgain = try await fleet.post("/updates?nodes=none", #"{"action":"install","job_id":"\#(id)"}"#)
        #expect(installAgain.code == .changed)
        #expect(try installAgain.json()["nodes"].array?.isEmpty == true)
        let cancelled = try await fleet.post("/updates?nodes=none", #"{"action":"cancel","job_id":"\#(id)"}"#)
        #expect(cancelled.code == .changed)
        #expect(try cancelled.json()["target_nodes"].array?.isEmpty == true)
        #expect(try cancelled.json()["summary"]["cancelled"].int == 1)
        #expect(try await fleet.action("status", id).json()["nodes"].array?.count == 2, "without the query, every node")
    }

    @Test func oneFailedNodeOfTwoMakesThePartialFailure() async throws {
        let fleet = try FleetHarness()
        defer { fleet.close() }
        let id = try await fleet.installedPipJob(["a", "b"])
        try await fleet.reportSuccess(id, "a")
        let failed = try await fleet.progress(id, "b", "failed", 0, error: "pip exited with status 1")
        #expect(failed.code == .changed)
        let acknowledgement = try failed.json()
        #expect(acknowledgement["job_state"].string == "partially_failed")
        #expect(acknowledgement["error"].string == "pip exited with status 1")
        let status = try await fleet.action("status", id).json()
        let b = status["nodes"].array?.first { $0["node_id"].string == "b" }
        #expect(b?["error"].string == "pip exited with status 1")
    }

    @Test func anIllegalJumpIsAConflictAndChangesNothing() async throws {
        let fleet = try FleetHarness()
        defer { fleet.close() }
        let id = try await fleet.installedPipJob(["worker-03"])
        let before = try await fleet.action("status", id).json()

        let jump = try await fleet.progress(id, "worker-03", "succeeded", 100)
        #expect(jump.code == .conflict)
        let error = try jump.errorBody()
        #expect(error.error == "invalid_transition")
        #expect(error.detail.contains("pending") && error.detail.contains("succeeded"))
        #expect(try await fleet.action("status", id).json() == before)

        try #require(try await fleet.progress(id, "worker-03", "downloading", 5).code == .changed)
        let skip = try await fleet.progress(id, "worker-03", "installing", 5)
        #expect(skip.code == .conflict)
        #expect(try skip.errorBody().error == "invalid_transition")
    }

    @Test func cancelEndsTheJobOnceThenConflicts() async throws {
        let fleet = try FleetHarness()
        defer { fleet.close() }
        let id = try await fleet.installedPipJob(["a", "b"])
        try await fleet.reportSuccess(id, "a")
        let auditBefore = try #require(try await fleet.counts()["audit_entries"].int)

        let cancelled = try await fleet.action("cancel", id)
        #expect(cancelled.code == .changed, "\(cancelled.text)")
        let status = try cancelled.json()
        #expect(status["state"].string == "cancelled")
        #expect(FleetHarness.nodeState(status, "a") == "succeeded", "a finished node keeps its outcome")
        #expect(FleetHarness.nodeState(status, "b") == "cancelled")
        #expect(try await fleet.counts()["audit_entries"].int == auditBefore + 1)
        #expect(try await fleet.counts()["unfinished_jobs"].int == 0)

        let again = try await fleet.action("cancel", id)
        #expect(again.code == .conflict)
        #expect(try again.errorBody().error == "conflict")
        let install = try await fleet.action("install", id)
        #expect(install.code == .conflict)
        let report = try await fleet.progress(id, "b", "downloading")
        #expect(report.code == .conflict)
        #expect(try report.errorBody().error == "invalid_transition")
        #expect(try await fleet.action("status", id).json() == status)
    }

    @Test func aCreatedJobCanBeCancelled() async throws {
        let fleet = try FleetHarness()
        defer { fleet.close() }
        try await fleet.register("a")
        let id = try await fleet.createJob(Seed.pipJob(["a"]))
        let answer = try await fleet.action("cancel", id)
        #expect(answer.code == .changed)
        #expect(try answer.json()["state"].string == "cancelled")
    }

    @Test func theListHoldsEveryJob() async throws {
        let fleet = try FleetHarness()
        defer { fleet.close() }
        #expect(try await fleet.json("/updates").array?.isEmpty == true)
        try await fleet.register("a")
        let first = try await fleet.createJob(Seed.pipJob(["a"], name: "first"))
        let second = try await fleet.createJob(Seed.pipJob(["a"], name: "second"))
        try #require(try await fleet.action("install", second).code == .changed)

        let jobs = try #require(try await fleet.json("/updates").array)
        #expect(Set(jobs.compactMap { $0["job_id"].string }) == [first, second])
        let byID = Dictionary(uniqueKeysWithValues: jobs.compactMap { job in job["job_id"].string.map { ($0, job) } })
        #expect(byID[first]?["state"].string == "created")
        #expect(byID[first]?["name"].string == "first")
        #expect(byID[second]?["state"].string == "installing")
        #expect(byID[second]?["nodes"].array?.count == 1)
    }

    /// A job whose last unfinished target node is removed has nothing left to wait for.
    @Test
    func removingTheLastUnfinishedNodeFinishesTheJob() async throws {
        let fleet = try FleetHarness()
        defer { fleet.close() }
        let id = try await fleet.installedPipJob(["a", "b"])
        try await fleet.reportSuccess(id, "a")
        try #require(try await fleet.delete("/nodes", #"{"node_id":"b"}"#).code == .deleted)
        let status = try await fleet.action("status", id).json()
        #expect(status["state"].string == "completed")
        #expect(try await fleet.counts()["unfinished_jobs"].int == 0)
    }

    /// Nodes learn of a job only once it is installing; a report on a job nobody triggered
    /// is out of order.
    @Test
    func aJobThatIsNotInstallingTakesNoReports() async throws {
        let fleet = try FleetHarness()
        defer { fleet.close() }
        try await fleet.register("a")
        let id = try await fleet.createJob(Seed.pipJob(["a"]))
        let answer = try await fleet.progress(id, "a", "downloading", 5)
        #expect(answer.code == .conflict)
        #expect(FleetHarness.nodeState(try await fleet.action("status", id).json(), "a") == "pending")
    }

    /// DESIGN §3: `GET /nodes` lists each node's current versions; `installed_versions` is
    /// documented as "as last reported or recorded by finished jobs".
    @Test
    func aSucceededJobShowsInTheNodesVersions() async throws {
        let fleet = try FleetHarness()
        defer { fleet.close() }
        let id = try await fleet.installedPipJob(["worker-03"])
        try await fleet.reportSuccess(id, "worker-03")
        let versions = try await fleet.json("/nodes").array?.first?["installed_versions"].object ?? [:]
        #expect(versions.values.contains(.string("2025.09.16")), "installed_versions: \(versions)")
    }
}
