import CoAPCore
import FleetModel
import FleetServer
import TestSupport
import Testing

/// Every refused request is answered with the contract's `{"error", "detail"}` JSON body and
/// leaves the store exactly as it was.
@Suite("Error answers")
struct ErrorAnswerTests {
    struct BadRequest: Sendable, CustomTestStringConvertible {
        let name: String
        let method: CoAPMethod
        let path: String
        let payload: [UInt8]
        let format: ContentFormat?
        let code: CoAPCode
        let error: String
        /// A word the detail must contain (usually the field's name).
        let mentions: String?

        init(_ name: String, _ method: CoAPMethod, _ path: String, _ body: String = "", format: ContentFormat? = .json,
             _ code: CoAPCode, _ error: String, mentions: String? = nil) {
            self.init(name, method, path, bytes: Array(body.utf8), format: format, code, error, mentions: mentions)
        }

        init(_ name: String, _ method: CoAPMethod, _ path: String, bytes: [UInt8], format: ContentFormat? = .json,
             _ code: CoAPCode, _ error: String, mentions: String? = nil) {
            self.name = name
            self.method = method
            self.path = path
            self.payload = bytes
            self.format = format
            self.code = code
            self.error = error
            self.mentions = mentions
        }

        var testDescription: String { "\(method) \(path): \(name) → \(code) \(error)" }
    }

    static let health = #"{"node_id":"worker-03","overall_healthy":true,"cpu_percent":15.5,"memory_percent":45.2,"disk_percent":30.1}"#
    static func health(replacing field: String, with value: String) -> String {
        health.replacingOccurrences(of: #""\#(field)":"#, with: #""\#(field)":\#(value),"old_\#(field)":"#)
    }

    static let cases: [BadRequest] = [
        // Malformed and mistyped JSON.
        BadRequest("malformed JSON", .post, "/nodes", #"{"node_id": "worker-03","#, .badRequest, "invalid_json"),
        BadRequest("empty body", .post, "/nodes", "", .badRequest, "invalid_json"),
        BadRequest("not JSON at all", .put, "/health", "hello, server", .badRequest, "invalid_json"),
        BadRequest("XML", .put, "/health", "<health/>", .badRequest, "invalid_json"),
        BadRequest("top level is an array", .post, "/nodes", #"["worker-03"]"#, .badRequest, "wrong_type"),
        BadRequest("node_id is a number", .post, "/nodes", #"{"node_id": 42}"#, .badRequest, "wrong_type", mentions: "node_id"),
        BadRequest("cpu_percent is a string", .put, "/health", health(replacing: "cpu_percent", with: #""high""#),
                   .badRequest, "wrong_type", mentions: "cpu_percent"),
        BadRequest("overall_healthy is a string", .put, "/health", health(replacing: "overall_healthy", with: #""yes""#),
                   .badRequest, "wrong_type", mentions: "overall_healthy"),
        BadRequest("services_status values are strings", .put, "/health",
                   health.replacingOccurrences(of: "}", with: #","services_status":{"docker":"up"}}"#),
                   .badRequest, "wrong_type", mentions: "services_status"),
        BadRequest("coap_port is a fraction", .post, "/nodes", #"{"node_id":"n1","coap_port":5683.5}"#,
                   .badRequest, "wrong_type", mentions: "coap_port"),
        // Missing fields.
        BadRequest("registration without node_id", .post, "/nodes", #"{"hostname":"worker-03"}"#,
                   .badRequest, "missing_field", mentions: "node_id"),
        BadRequest("report without overall_healthy", .put, "/health",
                   #"{"node_id":"worker-03","cpu_percent":1,"memory_percent":1,"disk_percent":1}"#,
                   .badRequest, "missing_field", mentions: "overall_healthy"),
        BadRequest("removal without node_id", .delete, "/nodes", "{}", .badRequest, "missing_field", mentions: "node_id"),
        BadRequest("install without job_id", .post, "/updates", #"{"action":"install"}"#,
                   .badRequest, "missing_field", mentions: "job_id"),
        BadRequest("create without version", .post, "/updates", #"{"name":"u","package_type":"pip","target_nodes":["all"]}"#,
                   .badRequest, "missing_field", mentions: "version"),
        BadRequest("system action without action", .post, "/system", "{}", .badRequest, "missing_field", mentions: "action"),
        // Values out of range or against the rules.
        BadRequest("cpu_percent above 100", .put, "/health", health(replacing: "cpu_percent", with: "120"),
                   .badRequest, "invalid_value", mentions: "cpu_percent"),
        BadRequest("memory_percent below 0", .put, "/health", health(replacing: "memory_percent", with: "-1"),
                   .badRequest, "invalid_value", mentions: "memory_percent"),
        BadRequest("disk_percent just above 100", .put, "/health", health(replacing: "disk_percent", with: "100.01"),
                   .badRequest, "invalid_value", mentions: "disk_percent"),
        BadRequest("progress above 100", .post, "/updates",
                   #"{"action":"report","job_id":"job-1","node_id":"worker-03","state":"downloading","progress":150}"#,
                   .badRequest, "invalid_value", mentions: "progress"),
        BadRequest("unknown node state", .post, "/updates",
                   #"{"action":"report","job_id":"job-1","node_id":"worker-03","state":"exploded","progress":1}"#,
                   .badRequest, "invalid_value", mentions: "state"),
        BadRequest("unknown package type", .post, "/updates",
                   #"{"name":"u","version":"1","package_type":"rpm","target_nodes":["all"]}"#,
                   .badRequest, "invalid_value", mentions: "package_type"),
        BadRequest("node id with a slash", .post, "/nodes", #"{"node_id":"../etc"}"#, .badRequest, "invalid_value", mentions: "node_id"),
        BadRequest("coap_port out of range", .post, "/nodes", #"{"node_id":"n1","coap_port":70000}"#,
                   .badRequest, "invalid_value", mentions: "coap_port"),
        BadRequest("job for a node nobody registered", .post, "/updates", Seed.pipJob(["worker-03", "ghost-9"]),
                   .badRequest, "invalid_value", mentions: "ghost-9"),
        // Unknown actions.
        BadRequest("unknown update action", .post, "/updates", #"{"action":"explode","job_id":"job-1"}"#,
                   .badRequest, "unknown_action", mentions: "explode"),
        BadRequest("unknown system action", .post, "/system", #"{"action":"reboot"}"#,
                   .badRequest, "unknown_action", mentions: "reboot"),
        // Content formats.
        BadRequest("health report as text/plain", .put, "/health", Seed.healthPayload, format: .textPlain,
                   .unsupportedContentFormat, "unsupported_content_format"),
        BadRequest("registration as text/plain", .post, "/nodes", Seed.registrationPayload, format: .textPlain,
                   .unsupportedContentFormat, "unsupported_content_format"),
        BadRequest("job as CBOR", .post, "/updates", Seed.createPayload, format: .cbor,
                   .unsupportedContentFormat, "unsupported_content_format"),
        BadRequest("artifact as JSON", .post, "/artifacts?name=x.bin", "{}", format: .json,
                   .unsupportedContentFormat, "unsupported_content_format"),
        // Paths and methods.
        BadRequest("unknown path", .get, "/nope", format: nil, .notFound, "not_found"),
        BadRequest("unknown sub-resource", .get, "/nodes/worker-03/firmware", format: nil, .notFound, "not_found"),
        BadRequest("unknown job status", .get, "/updates/job-0000/status", format: nil, .notFound, "not_found", mentions: "job-0000"),
        BadRequest("PUT on /nodes", .put, "/nodes", Seed.registrationPayload, .methodNotAllowed, "method_not_allowed"),
        BadRequest("DELETE on /health", .delete, "/health", format: nil, .methodNotAllowed, "method_not_allowed"),
        BadRequest("POST on /test", .post, "/test", "{}", .methodNotAllowed, "method_not_allowed"),
        BadRequest("PUT on a job's status", .put, "/updates/job-1/status", "{}", .methodNotAllowed, "method_not_allowed"),
        BadRequest("DELETE on /system", .delete, "/system", format: nil, .methodNotAllowed, "method_not_allowed"),
        // Size.
        BadRequest("a health report over 64 KiB", .put, "/health",
                   bytes: Array(health.utf8) + [UInt8](repeating: 0x20, count: 64 << 10), .requestEntityTooLarge, "too_large"),
        BadRequest("a job over 64 KiB", .post, "/updates",
                   bytes: Array(Seed.createPayload.utf8) + [UInt8](repeating: 0x20, count: 70_000), .requestEntityTooLarge, "too_large"),
        BadRequest("a registration nested 40 deep", .post, "/nodes",
                   #"{"node_id":"n1","system_info":{"x":"# + String(repeating: "[", count: 40) + String(repeating: "]", count: 40) + "}}",
                   .requestEntityTooLarge, "too_large"),
    ]

    /// What a bad request must not change: the counts and every listing.
    static func snapshot(_ fleet: FleetHarness) async throws -> [JSONValue] {
        [try await fleet.counts(), try await fleet.json("/nodes"), try await fleet.json("/health"),
         try await fleet.json("/updates"), try await fleet.json("/artifacts"), try await fleet.json("/nodes/worker-03/metrics")]
    }

    // One case at a time: forty fleet services at once would starve the rest of the suite's
    // timing-sensitive tests on a two-core machine.
    @Test(.serialized, arguments: cases)
    func isAnsweredWithTheContractsErrorBodyAndChangesNothing(_ bad: BadRequest) async throws {
        let fleet = try FleetHarness()
        defer { fleet.close() }
        // Something to lose: a node with a report, and an installing job.
        try await fleet.register("worker-03")
        try await fleet.report("worker-03")
        let job = try await fleet.createJob(Seed.pipJob(["worker-03"]))
        try #require(try await fleet.action("install", job).code == .changed)
        let before = try await Self.snapshot(fleet)

        let answer = try await fleet.send(bad.method, bad.path, payload: bad.payload, format: bad.format)
        #expect(answer.code == bad.code, "\(answer.text)")
        let body = try answer.errorBody()
        #expect(body.error == bad.error, "\(body.detail)")
        if let word = bad.mentions { #expect(body.detail.contains(word), "detail: \(body.detail)") }

        let after = try await Self.snapshot(fleet)
        #expect(after == before)
    }

    /// Text that merely starts like a JSON literal is no JSON literal.
    @Test
    func textStartingLikeALiteralIsInvalidJSON() async throws {
        let fleet = try FleetHarness()
        defer { fleet.close() }
        for text in ["node_id=worker-03", "true-ish", "firmware"] {
            let answer = try await fleet.send(.put, "/health", payload: Array(text.utf8), format: .json)
            #expect(answer.code == .badRequest)
            #expect(try answer.errorBody().error == "invalid_json", "\(text)")
        }
    }

    @Test func theLimitIsTheConfiguredRequestSize() async throws {
        let fleet = try FleetHarness()
        defer { fleet.close() }
        try await fleet.register("worker-03")
        let limit = FleetServerConfiguration().maxRequestSize
        #expect(limit == 64 << 10)
        let report = Array(Self.health.utf8)
        let atLimit = report + [UInt8](repeating: 0x20, count: limit - report.count)
        let accepted = try await fleet.send(.put, "/health", payload: atLimit, format: .json)
        #expect(accepted.code == .changed, "a body of exactly \(limit) bytes: \(accepted.text)")

        let refused = try await fleet.send(.put, "/health", payload: atLimit + [0x20], format: .json)
        #expect(refused.code == .requestEntityTooLarge)
        #expect(try refused.errorBody().error == "too_large")
        #expect(try await fleet.counts()["health_reports"].int == 1)
    }

    @Test func aSmallerConfiguredLimitApplies() async throws {
        let fleet = try FleetHarness { $0.maxRequestSize = 2048 }
        defer { fleet.close() }
        let padded = Array(#"{"node_id":"n1"}"#.utf8) + [UInt8](repeating: 0x20, count: 2100)
        let refused = try await fleet.send(.post, "/nodes", payload: padded, format: .json)
        #expect(refused.code == .requestEntityTooLarge)
        #expect(try refused.errorBody().error == "too_large")
        #expect(try await fleet.counts()["nodes"].int == 0)
        #expect(try await fleet.post("/nodes", #"{"node_id":"n1"}"#).code == .created)
    }

    @Test func aBodyWithoutContentFormatIsReadAsJSON() async throws {
        let fleet = try FleetHarness()
        defer { fleet.close() }
        let answer = try await fleet.send(.post, "/nodes", payload: Array(Seed.registrationPayload.utf8), format: nil)
        #expect(answer.code == .created, "\(answer.text)")
    }
}
