import CoAPCore
import FleetModel
import TestSupport
import Testing

/// Observe (RFC 7641) on the fleet's observable resources: every change reaches the observer.
@Suite("Observe")
struct FleetObserveTests {
    @Test func aJobsStatusShowsEveryReportedState() async throws {
        let fleet = try FleetHarness()
        defer { fleet.close() }
        try await fleet.register("worker-03")
        let job = try await fleet.createJob(Seed.pipJob(["worker-03"]))
        let watch = try fleet.watch("/updates/\(job)/status")
        defer { watch.cancel() }
        let initial = try await watch.first("the current state") { _ in true }
        #expect(initial["state"].string == "created")

        try #require(try await fleet.action("install", job).code == .changed)
        _ = try await watch.first("installing") { $0["state"].string == "installing" }
        for (state, progress) in [("downloading", 30.0), ("downloading", 80.0), ("downloaded", 100.0), ("installing", 10.0),
                                  ("succeeded", 100.0)] {
            try #require(try await fleet.progress(job, "worker-03", state, progress).code == .changed)
            let seen = try await watch.first("\(state) at \(progress)") {
                FleetHarness.nodeState($0, "worker-03") == state && $0["nodes"][0]["progress"].number == progress
            }
            #expect(seen["job_id"].string == job)
        }
        let done = try await watch.first("completed") { $0["state"].string == "completed" }
        #expect(done["summary"]["succeeded"].int == 1)
        // The states arrived in the order they were reported.
        var states: [String] = []
        for notification in watch.notifications.items {
            if let state = FleetHarness.nodeState(notification, "worker-03"), states.last != state { states.append(state) }
        }
        #expect(states == ["pending", "downloading", "downloaded", "installing", "succeeded"])
    }

    @Test func aCancelReachesTheObserversOfAJob() async throws {
        let fleet = try FleetHarness()
        defer { fleet.close() }
        try await fleet.register("worker-03")
        let job = try await fleet.createJob(Seed.pipJob(["worker-03"]))
        let watch = try fleet.watch("/updates/\(job)/status")
        defer { watch.cancel() }
        _ = try await watch.first("the current state") { _ in true }
        try #require(try await fleet.action("cancel", job).code == .changed)
        let cancelled = try await watch.first("cancelled") { $0["state"].string == "cancelled" }
        #expect(FleetHarness.nodeState(cancelled, "worker-03") == "cancelled")
    }

    @Test func theFleetHealthShowsANewReport() async throws {
        let fleet = try FleetHarness()
        defer { fleet.close() }
        try await fleet.register("worker-03")
        let watch = try fleet.watch("/health")
        defer { watch.cancel() }
        let initial = try await watch.first("the current summary") { _ in true }
        #expect(initial["total"].int == 1)
        #expect(initial["nodes"][0]["state"].string == "unknown")

        try await fleet.report("worker-03", healthy: false, cpu: 91)
        let unhealthy = try await watch.first("the unhealthy report") { $0["unhealthy"].int == 1 }
        #expect(unhealthy["nodes"][0]["cpu_percent"].number == 91)
        #expect(unhealthy["status"].string == "unhealthy")

        try await fleet.register("worker-04")
        _ = try await watch.first("a second node") { $0["total"].int == 2 }
        try await fleet.report("worker-03", healthy: true, cpu: 12)
        let healthy = try await watch.first("the recovery") { $0["healthy"].int == 1 }
        #expect(healthy["status"].string == "degraded")
    }

    @Test func aNodesHealthAndMetricsShowItsReports() async throws {
        let fleet = try FleetHarness()
        defer { fleet.close() }
        try await fleet.register("worker-03")
        let health = try fleet.watch("/nodes/worker-03/health")
        defer { health.cancel() }
        let metrics = try fleet.watch("/nodes/worker-03/metrics")
        defer { metrics.cancel() }
        #expect(try await health.first("the current health") { _ in true }["state"].string == "unknown")
        #expect(try await metrics.first("the current metrics") { _ in true }["samples"].array?.isEmpty == true)

        for cpu in [11.0, 22.0, 33.0] {
            try await fleet.report("worker-03", cpu: cpu)
            let seen = try await health.first("cpu \(cpu)") { $0["cpu_percent"].number == cpu }
            #expect(seen["state"].string == "healthy")
            _ = try await metrics.first("\(cpu) in the samples") { $0["samples"].array?.last?["cpu_percent"].number == cpu }
        }
        let last = try await metrics.first("three samples") { $0["samples"].array?.count == 3 }
        #expect(last["samples"].array?.map { $0["cpu_percent"].number } == [11, 22, 33])
    }

    @Test func aSilentNodeGoesOfflineAndTheObserversOfHealthHearIt() async throws {
        let fleet = try FleetHarness()
        defer { fleet.close() }
        // With a 1 s interval, three missed reports make it offline; the server looks every 2 s.
        try await fleet.register("flaky", healthInterval: 1)
        try await fleet.report("flaky")
        let fleetHealth = try fleet.watch("/health")
        defer { fleetHealth.cancel() }
        let nodeHealth = try fleet.watch("/nodes/flaky/health")
        defer { nodeHealth.cancel() }
        _ = try await fleetHealth.first("healthy", within: .seconds(3)) { $0["healthy"].int == 1 }

        let offline = try await fleetHealth.first("offline", within: .seconds(10)) { $0["offline"].int == 1 }
        #expect(offline["nodes"][0]["state"].string == "offline")
        #expect(offline["status"].string == "unhealthy")
        _ = try await nodeHealth.first("the node offline", within: .seconds(5)) { $0["state"].string == "offline" }
        #expect(try await fleet.json("/nodes").array?.first?["online"].bool == false)

        // A report brings it back.
        try await fleet.report("flaky")
        _ = try await fleetHealth.first("back online") { $0["healthy"].int == 1 && $0["offline"].int == 0 }
        #expect(try await fleet.json("/nodes").array?.first?["online"].bool == true)
    }

    @Test func observingAnUnknownNodeEndsWithNotFound() async throws {
        let fleet = try FleetHarness()
        defer { fleet.close() }
        var thrown: CoAPError?
        do {
            for try await _ in try fleet.client.observe("\(fleet.base)/nodes/ghost/health") {
                Issue.record("no notification expected for an unknown node")
            }
        } catch let error as CoAPError {
            thrown = error
        }
        #expect(thrown?.code == .notFound)
    }
}
