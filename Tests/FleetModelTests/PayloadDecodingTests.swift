import FleetModel
import Testing

/// What `Payload.decode` does before and around the types' own rules: malformed JSON, a
/// top level that is not an object, size and depth limits, missing fields and wrong types.
@Suite("Payload decoding")
struct PayloadDecodingTests {
    static let validHealth = #"{"node_id":"n1","overall_healthy":true,"cpu_percent":1,"memory_percent":2,"disk_percent":3}"#

    /// A valid health report with `field` set to the raw JSON `value`.
    static func health(_ field: String, _ value: String) -> String {
        var fields = [
            ("node_id", #""n1""#), ("overall_healthy", "true"), ("cpu_percent", "1"), ("memory_percent", "2"),
            ("disk_percent", "3"),
        ]
        if let index = fields.firstIndex(where: { $0.0 == field }) {
            fields[index].1 = value
        } else {
            fields.append((field, value))
        }
        return "{" + fields.map { "\"\($0.0)\":\($0.1)" }.joined(separator: ",") + "}"
    }

    @Test(arguments: [#"{"node_id": "n1""#, #"{node_id: 1}"#, #"{"a":1} trailing"#, "{\"a\":\u{1}}"])
    func malformedJSONIsInvalidJSON(json: String) throws {
        let error = try #require(payloadError(HealthReport.self, json))
        #expect(error.code == .invalidJSON)
        #expect(error.detail == "the payload is not valid JSON")
    }

    @Test(arguments: ["", "   \n\t"])
    func emptyPayloadIsInvalidJSON(json: String) throws {
        let error = try #require(payloadError(HealthReport.self, json))
        #expect(error.code == .invalidJSON)
        #expect(error.detail.contains("empty"))
    }

    @Test(arguments: [
        ("[1, 2]", "an array"), (#""text""#, "a string"), ("42", "a number"), ("-1", "a number"),
        ("true", "a boolean"), ("null", "null"),
    ])
    func nonObjectTopLevelIsWrongType(json: String, kind: String) throws {
        let error = try #require(payloadError(HealthReport.self, json))
        #expect(error.code == .wrongType)
        #expect(error.detail == "the payload must be a JSON object, not \(kind)")
    }

    @Test func garbageTopLevelIsInvalidJSON() throws {
        #expect(payloadError(HealthReport.self, "<xml/>")?.code == .invalidJSON)
    }

    @Test func leadingWhitespaceIsAllowed() throws {
        #expect(try decode(HealthReport.self, "\n  " + Self.validHealth).nodeID == "n1")
    }

    /// `depth` nested arrays inside `system_info` give a payload nested `depth + 2` levels.
    static func registration(nestedArrays depth: Int) -> String {
        #"{"node_id":"n1","system_info":{"x":"# + String(repeating: "[", count: depth)
            + String(repeating: "]", count: depth) + "}}"
    }

    @Test func nestingUpToTheLimitIsAccepted() throws {
        let registration = try decode(NodeRegistration.self, Self.registration(nestedArrays: Payload.maximumDepth - 2))
        #expect(registration.systemInfo["x"] != nil)
    }

    @Test func nestingPastTheLimitIsTooLarge() throws {
        let error = try #require(payloadError(NodeRegistration.self, Self.registration(nestedArrays: Payload.maximumDepth - 1)))
        #expect(error.code == .tooLarge)
        #expect(error.detail.contains("deeper than 32 levels"))
    }

    @Test func deepNestingIsRefusedBeforeDecoding() throws {
        let hostile = "{\"a\":" + String(repeating: "[", count: 100_000)
        #expect(payloadError(NodeRegistration.self, hostile)?.code == .tooLarge)
    }

    @Test func bracketsInsideStringsDoNotCountAsNesting() throws {
        let brackets = String(repeating: "[{", count: 50)
        let json = #"{"node_id":"n1","hostname":"\#(brackets)\"]}","status":"\\"}"#
        let registration = try decode(NodeRegistration.self, json)
        #expect(registration.hostname == brackets + "\"]}")
        #expect(registration.status == "\\")
    }

    @Test func oversizedPayloadIsTooLarge() throws {
        let padding = String(repeating: "x", count: Payload.defaultSizeLimit)
        let error = try #require(payloadError(NodeRegistration.self, #"{"node_id":"n1","hostname":"\#(padding)"}"#))
        #expect(error.code == .tooLarge)
        #expect(error.detail.contains("\(Payload.defaultSizeLimit)"))
    }

    @Test func sizeLimitIsAdjustable() throws {
        let bytes = Array(Self.validHealth.utf8)
        #expect(throws: PayloadError.self) { try Payload.decode(HealthReport.self, from: bytes, sizeLimit: 10) }
        #expect(try Payload.decode(HealthReport.self, from: bytes, sizeLimit: bytes.count).nodeID == "n1")
    }

    @Test(arguments: ["node_id", "overall_healthy", "cpu_percent", "memory_percent", "disk_percent"])
    func missingRequiredFieldIsNamed(field: String) throws {
        var object = try jsonObject(Array(Self.validHealth.utf8))
        object[field] = nil
        let error = try #require(payloadError(HealthReport.self, String(decoding: try Payload.encode(object), as: UTF8.self)))
        #expect(error.code == .missingField)
        #expect(error.detail == "field '\(field)' is required")
    }

    @Test(arguments: [
        ("cpu_percent", #""high""#, "field 'cpu_percent' must be a number"),
        ("cpu_percent", "true", "field 'cpu_percent' must be a number"),
        ("overall_healthy", #""yes""#, "field 'overall_healthy' must be true or false"),
        ("node_id", "7", "field 'node_id' must be a string"),
        ("temperature", #""hot""#, "field 'temperature' must be a number"),
        ("services_status", "[]", "field 'services_status' must be an object"),
        ("error_messages", "{}", "field 'error_messages' must be an array"),
        ("error_messages", #"["ok",3]"#, "field 'error_messages[1]' must be a string"),
        ("services_status", #"{"ssh":"up"}"#, "field 'services_status.ssh' must be true or false"),
    ])
    func wrongTypeNamesTheFieldPath(field: String, value: String, detail: String) throws {
        let error = try #require(payloadError(HealthReport.self, Self.health(field, value)))
        #expect(error.code == .wrongType)
        #expect(error.detail == detail)
    }

    @Test func nullForARequiredFieldIsWrongType() throws {
        let error = try #require(payloadError(HealthReport.self, Self.health("cpu_percent", "null")))
        #expect(error.code == .wrongType)
        #expect(error.detail == "field 'cpu_percent' must be a number, not null")
    }

    @Test func nullOrAbsentTemperatureIsAccepted() throws {
        #expect(try decode(HealthReport.self, Self.validHealth).temperature == nil)
        #expect(try decode(HealthReport.self, Self.health("temperature", "null")).temperature == nil)
        #expect(try decode(HealthReport.self, Self.health("temperature", "-5")).temperature == -5)
    }

    @Test func fractionalIntegerIsWrongType() throws {
        let error = try #require(payloadError(NodeRegistration.self, #"{"node_id":"n1","coap_port":5683.5}"#))
        #expect(error.code == .wrongType)
        #expect(error.detail == "field 'coap_port' must be a whole number (got 5683.5)")
    }

    @Test func wholeNumberWrittenAsFractionIsAnInteger() throws {
        #expect(try decode(NodeRegistration.self, #"{"node_id":"n1","coap_port":5684.0}"#).coapPort == 5684)
    }

    @Test func unknownFieldsAreIgnored() throws {
        #expect(try decode(HealthReport.self, Self.health("future_field", #"{"x":[1]}"#)).nodeID == "n1")
    }

    @Test func validationRunsAfterDecoding() throws {
        #expect(payloadError(HealthReport.self, Self.health("cpu_percent", "101"))?.code == .invalidValue)
    }

    @Test func errorBodyCarriesCodeAndDetail() throws {
        let error = try #require(payloadError(HealthReport.self, "[]"))
        let body = try encodedObject(ErrorBody(error))
        #expect(body == ["error": .string("wrong_type"), "detail": .string("the payload must be a JSON object, not an array")])
    }

    @Test func everyCodeHasItsWireSpelling() {
        #expect(PayloadError.Code.allCases.map(\.rawValue) == [
            "invalid_json", "missing_field", "wrong_type", "invalid_value", "unknown_action", "too_large",
        ])
    }
}
