import CoAPCore
import FleetModel
import FleetServer
import TestSupport
import Testing

/// `/system` (facts; the seed's `status`, `restart` and `shutdown`) and `/test`.
@Suite("System")
struct SystemTests {
    @Test func systemTellsVersionLibrariesCountsAndStorage() async throws {
        let fleet = try FleetHarness()
        defer { fleet.close() }
        try await fleet.register("worker-03")
        try await fleet.report("worker-03")
        try await fleet.report("worker-03")
        _ = try await fleet.createJob(Seed.pipJob(["worker-03"]))

        let system = try await fleet.json("/system")
        #expect(system["version"].string == FleetVersion.current)
        let libraries = try #require(system["libraries"].object)
        #expect(libraries["libcoap"].string?.hasPrefix("4.") == true, "\(libraries)")
        #expect(libraries["sqlite"].string?.hasPrefix("3.") == true, "\(libraries)")
        #expect(libraries["coap-fleet"].string == FleetVersion.current)
        #expect(system["uptime_s"].int.map { $0 >= 0 } == true)
        #expect(system["started_at"].string.flatMap(UTCTimestamp.date(from:)) != nil)
        #expect(system["hostname"].string?.isEmpty == false)
        #expect(system["os"].string == "linux")
        #expect(system["data_dir"].string == fleet.directory)
        #expect(system["storage"]["database_bytes"].int.map { $0 > 0 } == true)
        #expect(system["storage"]["artifact_bytes"].int == 0)

        let counts = system["counts"]
        #expect(counts.object?.keys.sorted() == ["artifacts", "audit_entries", "health_reports", "jobs", "nodes", "unfinished_jobs"])
        #expect(counts["nodes"].int == 1)
        #expect(counts["health_reports"].int == 2)
        #expect(counts["jobs"].int == 1)
        #expect(counts["unfinished_jobs"].int == 1)
        #expect(counts["artifacts"].int == 0)
        #expect(counts["audit_entries"].int == 1, "creating the job is audited")
    }

    @Test func theStatusActionAnswersRunning() async throws {
        let fleet = try FleetHarness()
        defer { fleet.close() }
        let audit = try #require(try await fleet.counts()["audit_entries"].int)
        let answer = try await fleet.post("/system", #"{"action":"status"}"#)
        #expect(answer.code == .content, "\(answer.text)")
        let body = try answer.json()
        #expect(body["action"].string == "status")
        #expect(body["status"].string == "running")
        #expect(body["uptime_s"].int != nil)
        #expect(try await fleet.counts()["audit_entries"].int == audit + 1)
        #expect(fleet.lifecycle.items.isEmpty)
    }

    @Test(arguments: [("restart", "restarting", FleetService.LifecycleRequest.restart),
                      ("shutdown", "shutting_down", FleetService.LifecycleRequest.shutdown)])
    func restartAndShutdownAnswerThenAskTheProcess(action: String, status: String, request: FleetService.LifecycleRequest) async throws {
        let fleet = try FleetHarness()
        defer { fleet.close() }
        let audit = try #require(try await fleet.counts()["audit_entries"].int)
        let answer = try await fleet.post("/system", #"{"action":"\#(action)"}"#)
        #expect(answer.code == .changed, "\(answer.text)")
        let body = try answer.json()
        #expect(body["action"].string == action)
        #expect(body["status"].string == status)

        let asked = try await fleet.lifecycle.first(within: .seconds(5), "the lifecycle request")
        #expect(asked == request)
        #expect(fleet.lifecycle.items == [request], "asked exactly once")
        #expect(try await fleet.counts()["audit_entries"].int == audit + 1)
        // The service itself keeps serving: what happens next is the process's decision.
        #expect(try await fleet.get("/test").code == .content)
    }

    @Test func everySystemActionIsAudited() async throws {
        let fleet = try FleetHarness()
        defer { fleet.close() }
        var expected = try #require(try await fleet.counts()["audit_entries"].int)
        for action in ["status", "restart", "shutdown", "status"] {
            try #require(try await fleet.post("/system", #"{"action":"\#(action)"}"#).code.isSuccess)
            expected += 1
            #expect(try await fleet.counts()["audit_entries"].int == expected, "after \(action)")
        }
        _ = try await fleet.lifecycle.first(within: .seconds(5), "both lifecycle requests", occurrence: 2)
        #expect(fleet.lifecycle.items == [.restart, .shutdown])
    }

    @Test func testAnswersTheConnectivityCheck() async throws {
        let fleet = try FleetHarness()
        defer { fleet.close() }
        let answer = try await fleet.get("/test")
        #expect(answer.code == .content)
        let body = try answer.json()
        #expect(body["status"].string == "ok")
        #expect(body["version"].string == FleetVersion.current)
    }
}
