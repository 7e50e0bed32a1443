import FleetModel
import Testing

/// `POST /updates` bodies with an `action`, telling them from creations, and `POST /system`.
@Suite("Update and system actions")
struct UpdateActionTests {
    @Test func everyJobActionDecodes() throws {
        #expect(try decode(UpdateAction.self, #"{"action":"install","job_id":"j1"}"#) == .install(jobID: "j1"))
        #expect(try decode(UpdateAction.self, #"{"action":"status","job_id":"j1"}"#) == .status(jobID: "j1"))
        #expect(try decode(UpdateAction.self, #"{"action":"cancel","job_id":"j1"}"#) == .cancel(jobID: "j1"))
    }

    @Test func reportDecodesWithIntegerOrFractionalProgress() throws {
        let json = #"{"action":"report","job_id":"j1","node_id":"n1","state":"downloading","progress":40}"#
        let expected = NodeProgressReport(jobID: "j1", nodeID: "n1", state: .downloading, progress: 40)
        #expect(try decode(UpdateAction.self, json) == .report(expected))
        let failed = #"{"action":"report","job_id":"j1","node_id":"n1","state":"rolled_back","progress":99.5,"error":"health check failed"}"#
        let report = NodeProgressReport(jobID: "j1", nodeID: "n1", state: .rolledBack, progress: 99.5, error: "health check failed")
        #expect(try decode(UpdatesRequest.self, failed) == .action(.report(report)))
        #expect(UpdateAction.report(report).jobID == "j1")
    }

    @Test func reportEncodesFlatWithItsAction() throws {
        let report = NodeProgressReport(jobID: "j1", nodeID: "n1", state: .failed, progress: 12, error: "disk full")
        let object = try encodedObject(UpdateAction.report(report))
        #expect(object == [
            "action": .string("report"), "job_id": .string("j1"), "node_id": .string("n1"),
            "state": .string("failed"), "progress": .number(12), "error": .string("disk full"),
        ])
        #expect(try Payload.decode(UpdatesRequest.self, from: Payload.encode(UpdateAction.report(report))) == .action(.report(report)))
    }

    @Test(arguments: [UpdateAction.install(jobID: "j1"), .status(jobID: "j2"), .cancel(jobID: "j3")])
    func jobActionsRoundTrip(action: UpdateAction) throws {
        let object = try encodedObject(action)
        #expect(Set(object.keys) == ["action", "job_id"])
        #expect(object["job_id"] == .string(action.jobID))
        #expect(try Payload.decode(UpdateAction.self, from: Payload.encode(action)) == action)
    }

    @Test func unknownActionListsTheKnownOnes() throws {
        let error = try #require(payloadError(UpdatesRequest.self, #"{"action":"reboot","job_id":"j1"}"#))
        #expect(error.code == .unknownAction)
        #expect(error.detail == "field 'action' must be one of: install, status, cancel, report (got 'reboot')")
    }

    @Test func aBodyWithAnActionIsNeverACreation() throws {
        let json = #"{"action":null,"name":"x","version":"1","package_type":"apt","target_nodes":["all"],"packages":["a"]}"#
        let error = try #require(payloadError(UpdatesRequest.self, json))
        #expect(error.code == .wrongType)
        #expect(error.detail == "field 'action' must be a string, not null")
    }

    @Test func actionMustBeAString() throws {
        let error = try #require(payloadError(UpdatesRequest.self, #"{"action":1,"job_id":"j1"}"#))
        #expect(error.code == .wrongType)
        #expect(error.detail == "field 'action' must be a string")
    }

    @Test func actionWithoutJobIDIsMissingField() throws {
        let error = try #require(payloadError(UpdatesRequest.self, #"{"action":"status"}"#))
        #expect(error.code == .missingField)
        #expect(error.detail == "field 'job_id' is required")
    }

    @Test func creationWithoutItsFieldsNamesTheFirstMissing() throws {
        let error = try #require(payloadError(UpdatesRequest.self, #"{"job_id":"j1"}"#))
        #expect(error.code == .missingField)
        #expect(error.detail == "field 'name' is required")
    }

    @Test(arguments: ["state", "progress", "node_id"])
    func reportWithoutARequiredFieldIsMissingField(field: String) throws {
        var object: [String: JSONValue] = [
            "action": .string("report"), "job_id": .string("j1"), "node_id": .string("n1"),
            "state": .string("installing"), "progress": .number(3),
        ]
        object[field] = nil
        let error = try #require(payloadError(UpdateAction.self, String(decoding: try Payload.encode(object), as: UTF8.self)))
        #expect(error.code == .missingField)
        #expect(error.detail == "field '\(field)' is required")
    }

    @Test func unknownReportStateListsTheStates() throws {
        let json = #"{"action":"report","job_id":"j1","node_id":"n1","state":"done","progress":100}"#
        let error = try #require(payloadError(UpdateAction.self, json))
        #expect(error.code == .invalidValue)
        #expect(error.detail == "field 'state' must be one of: pending, notified, downloading, downloaded, installing, succeeded, failed, rolled_back, cancelled (got 'done')")
    }

    @Test func unknownSystemActionListsTheKnownOnes() throws {
        let error = try #require(payloadError(SystemAction.self, #"{"action":"reboot"}"#))
        #expect(error.code == .unknownAction)
        #expect(error.detail == "field 'action' must be one of: restart, shutdown, status (got 'reboot')")
    }

    @Test func systemActionWithoutActionIsMissingField() throws {
        let error = try #require(payloadError(SystemAction.self, "{}"))
        #expect(error.code == .missingField)
        #expect(error.detail == "field 'action' is required")
    }

    @Test(arguments: SystemAction.allCases)
    func systemActionsRoundTrip(action: SystemAction) throws {
        #expect(try encodedObject(action) == ["action": .string(action.rawValue)])
        #expect(try Payload.decode(SystemAction.self, from: Payload.encode(action)) == action)
    }

    @Test func nodeRemovalDecodes() throws {
        #expect(try decode(NodeRemoval.self, #"{"node_id":"worker-03"}"#) == NodeRemoval(nodeID: "worker-03"))
        #expect(payloadError(NodeRemoval.self, "{}")?.code == .missingField)
    }
}
