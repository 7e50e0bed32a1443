import FleetModel
import Testing

/// The id rule shared by node, job and artifact ids, and the 0…100 ranges of health reports
/// and progress.
@Suite("Ids and ranges")
struct IdentifierAndRangeTests {
    @Test(arguments: ["a", "node-123", "worker-03", "abc123-def456-ghi789", "N.1_x:y-z", "0", String(repeating: "a", count: 64)])
    func validIdsAreAccepted(id: String) {
        #expect(FleetIdentifier.isValid(id))
    }

    @Test(arguments: [
        ("", "must not be empty"),
        (String(repeating: "a", count: 65), "must be at most 64 characters long (got 65)"),
        ("-node", "must start with a letter or digit"),
        (".node", "must start with a letter or digit"),
        ("node 1", "must start with a letter or digit"),
        ("node/1", "must start with a letter or digit"),
        ("nöde", "must start with a letter or digit"),
    ])
    func invalidIdsAreRefusedWithTheRule(id: String, reason: String) throws {
        #expect(!FleetIdentifier.isValid(id))
        let error = try #require(validationError(NodeRemoval(nodeID: id)))
        #expect(error.code == .invalidValue)
        #expect(error.detail.hasPrefix("field 'node_id' \(reason)"))
    }

    @Test func checkNamesTheFieldItIsGiven() throws {
        #expect(throws: PayloadError(.invalidValue, "field 'id' must not be empty")) {
            try FleetIdentifier.check("", field: "id")
        }
    }

    @Test func everyIdFieldIsChecked() throws {
        let registration = try #require(payloadError(NodeRegistration.self, #"{"node_id":"bad id"}"#))
        #expect(registration.detail.hasPrefix("field 'node_id'"))
        let health = try #require(validationError(HealthReport(nodeID: "", overallHealthy: true, cpuPercent: 0, memoryPercent: 0, diskPercent: 0)))
        #expect(health.detail == "field 'node_id' must not be empty")
        let install = try #require(payloadError(UpdateAction.self, #"{"action":"install","job_id":"../x"}"#))
        #expect(install.code == .invalidValue)
        #expect(install.detail.hasPrefix("field 'job_id'"))
        let cancel = try #require(payloadError(UpdateAction.self, #"{"action":"cancel","job_id":""}"#))
        #expect(cancel.detail == "field 'job_id' must not be empty")
        let reportNode = try #require(validationError(NodeProgressReport(jobID: "j1", nodeID: "a b", state: .pending, progress: 0)))
        #expect(reportNode.detail.hasPrefix("field 'node_id'"))
        let reportJob = try #require(validationError(NodeProgressReport(jobID: "", nodeID: "n1", state: .pending, progress: 0)))
        #expect(reportJob.detail.hasPrefix("field 'job_id'"))
    }

    @Test(arguments: ["cpu_percent", "memory_percent", "disk_percent"], [-0.1, 100.5, 250])
    func percentagesOutsideTheRangeAreRefused(field: String, value: Double) throws {
        var report = HealthReport(nodeID: "n1", overallHealthy: true, cpuPercent: 10, memoryPercent: 10, diskPercent: 10)
        switch field {
        case "cpu_percent": report.cpuPercent = value
        case "memory_percent": report.memoryPercent = value
        default: report.diskPercent = value
        }
        let error = try #require(validationError(report))
        #expect(error.code == .invalidValue)
        #expect(error.detail == "field '\(field)' must be between 0 and 100 (got \(value))")
    }

    @Test(arguments: [0.0, 0.5, 99.9, 100])
    func percentagesAtAndInsideTheBoundsAreAccepted(value: Double) {
        let report = HealthReport(nodeID: "n1", overallHealthy: false, cpuPercent: value, memoryPercent: value, diskPercent: value)
        #expect(validationError(report) == nil)
    }

    @Test(arguments: [-1.0, 100.01, 1000])
    func progressOutsideTheRangeIsRefused(progress: Double) throws {
        let json = #"{"action":"report","job_id":"j1","node_id":"n1","state":"downloading","progress":\#(progress)}"#
        let error = try #require(payloadError(UpdateAction.self, json))
        #expect(error.code == .invalidValue)
        #expect(error.detail.hasPrefix("field 'progress' must be between 0 and 100"))
    }

    @Test func overlongReportErrorIsRefused() throws {
        let report = NodeProgressReport(
            jobID: "j1", nodeID: "n1", state: .failed, progress: 0,
            error: String(repeating: "e", count: NodeProgressReport.maximumErrorLength + 1)
        )
        #expect(validationError(report)?.detail.hasPrefix("field 'error'") == true)
    }

    @Test(arguments: [("coap_port", 0), ("coap_port", 65536), ("health_interval_s", 0), ("health_interval_s", 86401)])
    func registrationNumbersOutsideTheirRangeAreRefused(field: String, value: Int) throws {
        let error = try #require(payloadError(NodeRegistration.self, #"{"node_id":"n1","\#(field)":\#(value)}"#))
        #expect(error.code == .invalidValue)
        #expect(error.detail.hasPrefix("field '\(field)' must be between"))
    }

    @Test func registrationNumbersAreDecoded() throws {
        let registration = try decode(
            NodeRegistration.self,
            #"{"node_id":"n1","coap_port":5700,"health_interval_s":10,"agent_version":"0.1.0","installed_versions":{"fw":"2"}}"#
        )
        #expect(registration.coapPort == 5700)
        #expect(registration.healthIntervalSeconds == 10)
        #expect(registration.agentVersion == "0.1.0")
        #expect(registration.installedVersions == ["fw": "2"])
    }
}
