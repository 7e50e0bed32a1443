@testable import FleetModel
import Testing

/// `JSONCoding.decode` accepts what `JSONDecoder` accepts, and its errors turn into the same
/// `PayloadError` (and agree in case, type and coding path).
@Suite("JSONCoding decoding")
struct JSONCodingDecodingTests {
    static let validHealth = #"{"node_id":"n1","overall_healthy":true,"cpu_percent":1,"memory_percent":2,"disk_percent":3}"#

    /// A valid health report with `field` set to the raw JSON `value`, or removed for nil.
    static func health(_ field: String, _ value: String?) -> String {
        var fields = [
            ("node_id", #""n1""#), ("overall_healthy", "true"), ("cpu_percent", "1"), ("memory_percent", "2"),
            ("disk_percent", "3"),
        ]
        if let index = fields.firstIndex(where: { $0.0 == field }) {
            if let value {
                fields[index].1 = value
            } else {
                fields.remove(at: index)
            }
        } else if let value {
            fields.append((field, value))
        }
        return "{" + fields.map { "\"\($0.0)\":\($0.1)" }.joined(separator: ",") + "}"
    }

    static let malformed: [String] = [
        "", " ", "\n\t", "{", "}", "[", "]", "{\"node_id\": \"n1\"", "{node_id: 1}", "{'a': 1}", #"{"a":1} trailing"#,
        #"{"a":1}}"#, #"{"a":1} {"b":2}"#, "{\"a\":\u{1}}", #"{"a" 1}"#, #"{"a":}"#, #"{,}"#, #"{"a":1,,}"#,
        #"{"a":1 "b":2}"#, "[,]", "[1,,2]", "[1 2]", #"{"a":1}/*c*/"#, "// c\n{}", "{\"a\":\"x\ny\"}",
        #"{"a":"abc}"#, #"{"a":"\x"}"#, #"{"a":"\u12"}"#, #"{"a":"\u12g4"}"#, #"{"a":"\ud83d"}"#, #"{"a":"\ude00"}"#,
        #"{"a":"\ud83dx"}"#, #"{"a":"\ud83d\u0041"}"#, #"{"a":"\'"}"#, #"{"a":tru}"#, #"{"a":True}"#, #"{"a":nul}"#,
        #"{"a":NaN}"#, #"{"a":Infinity}"#, #"{"a":-}"#, #"{"a":01}"#, #"{"a":-01}"#, #"{"a":1.}"#, #"{"a":.5}"#,
        #"{"a":1e}"#, #"{"a":1e+}"#, #"{"a":+1}"#, #"{"a":0x10}"#, "\u{C}{}", #"{"a":1}\u0000"#, "nul", "tru", "\"",
        "\u{FEFF}{}", "{}\u{FEFF}", "{\"a\":\"\u{0}\"}", "{\"a\":\"\u{1F}\"}",
    ]

    static let accepted: [String] = [
        "{}", " {} ", "\r\n\t{}\r\n\t", #"{"a":1,}"#, #"{ "a" : 1 , }"#, #"{"a":[1,]}"#, #"{"a":[1 , 2 ,]}"#,
        #"{"a":1,"a":2}"#, #"{"a":{"b":1},"a":2}"#, #"{"s":"\ud83d\ude00 \uD83D\uDE00 \u00e9\u00E9 \/ \" \\ \b\f\n\r\t \u0000"}"#,
        #"{"s":"\uDBFF\uDFFF\u0800\u07FF\u0080\u007F"}"#, "{\"s\":\"\u{7F}é😀\"}", #"{"n":-0,"m":-0.0,"e":1E+2,"f":1e-2}"#,
        #"{"big":1e308,"small":5e-324,"sub":1e-310,"zero":0e-400,"zero2":0.0e999,"x":100000000000000000000000000000}"#,
        #"[1,2,3]"#, #""text""#, "42", "-1.5", "true", "false", "null", "[]", "[[[]]]", #"{"a":{"b":{"c":[{}]}}}"#,
    ]

    @Test(arguments: malformed + accepted)
    func generic(json: String) {
        JSONCodingComparison.expectSameDecoding(JSONValue.self, json)
        JSONCodingComparison.expectSameDecoding([String: JSONValue].self, json)
        JSONCodingComparison.expectSameDecoding(HealthReport.self, json)
    }

    @Test func invalidUTF8AndByteOrderMarks() {
        let cases: [[UInt8]] = [
            [0x22, 0xFF, 0x22], [0x22, 0xC3, 0x22], [0x22, 0xED, 0xA0, 0x80, 0x22], [0x22, 0xC0, 0x80, 0x22],
            [0x22, 0xF4, 0x90, 0x80, 0x80, 0x22], [0x22, 0xE2, 0x82, 0x22], [0x22, 0x00, 0x22], [0x22, 0x7F, 0x22],
            [0xEF, 0xBB, 0xBF, 0x22, 0x22], [0xEF, 0xBB, 0x22, 0x22], [0x22, 0xC3, 0xA9, 0x22], Array("\"😀\"".utf8),
        ]
        for bytes in cases {
            JSONCodingComparison.expectSameDecoding(String.self, bytes)
            JSONCodingComparison.expectSameDecoding(JSONValue.self, bytes)
        }
    }

    static let healthCases: [(String, String?)] = [
        ("node_id", nil), ("node_id", "null"), ("node_id", "1"), ("node_id", "true"), ("node_id", "[]"), ("node_id", "{}"),
        ("overall_healthy", nil), ("overall_healthy", "null"), ("overall_healthy", "1"), ("overall_healthy", #""true""#),
        ("cpu_percent", nil), ("cpu_percent", "null"), ("cpu_percent", #""1""#), ("cpu_percent", "false"),
        ("cpu_percent", "[1]"), ("cpu_percent", "1e400"), ("cpu_percent", "-1e400"), ("cpu_percent", "1e-400"),
        ("cpu_percent", "2e-324"), ("cpu_percent", "1.7976931348623159e308"), ("cpu_percent", "15.5"),
        ("temperature", "null"), ("temperature", #""hot""#), ("temperature", "1e999"), ("temperature", "-0"),
        ("services_status", "null"), ("services_status", "[]"), ("services_status", #"{"a":1}"#),
        ("services_status", #"{"a":true,"b":null}"#), ("services_status", #"{"a":true,"a":"x"}"#),
        ("error_messages", "null"), ("error_messages", "{}"), ("error_messages", #"["a",1]"#), ("error_messages", #"["a",null]"#),
        ("error_messages", #"["a",["b"]]"#), ("extra", "1e999"), ("extra", #"{"deep":[1,2,{"x":null}]}"#),
    ]

    @Test(arguments: healthCases)
    func healthReportFields(field: String, value: String?) {
        JSONCodingComparison.expectSameDecoding(HealthReport.self, Self.health(field, value))
    }

    static let integerTexts = [
        "0", "-0", "1", "-1", "1.0", "-1.0", "1.5", "0.5e1", "1.5e0", "2.5e1", "1e2", "1E2", "1e-2", "1e18", "1e19",
        "127", "128", "-128", "-129", "255", "256", "32767", "32768", "65535", "65536", "2147483647", "2147483648",
        "4294967295", "4294967296", "9007199254740992", "9007199254740993", "9007199254740993.0",
        "9223372036854775807", "9223372036854775808", "-9223372036854775808", "-9223372036854775809",
        "18446744073709551615", "18446744073709551616", "100000000000000000000000000000", "-0.0", "-1e-5", "1e400",
        "0.000", "10.000e-1", "123456789.125", "9223372036854775807.0", "9223372036854775806.0", "1000000000000000000.0",
        "9007199254740993e0", "18446744073709551615.0", "-9223372036854775808.0", "12345678901234567e2", "1e20",
        "9223372036854775000.0", "9.3e18", "1e19", "9007199254740995.5e1", "-9007199254740993.0", "1844674407370955161.0", #""1""#, "true", "null", "[]", "{}",
    ]

    @Test(arguments: integerTexts)
    func integers(text: String) {
        JSONCodingComparison.expectSameDecoding(Int.self, text)
        JSONCodingComparison.expectSameDecoding(Int8.self, text)
        JSONCodingComparison.expectSameDecoding(Int16.self, text)
        JSONCodingComparison.expectSameDecoding(Int32.self, text)
        JSONCodingComparison.expectSameDecoding(Int64.self, text)
        JSONCodingComparison.expectSameDecoding(UInt.self, text)
        JSONCodingComparison.expectSameDecoding(UInt8.self, text)
        JSONCodingComparison.expectSameDecoding(UInt16.self, text)
        JSONCodingComparison.expectSameDecoding(UInt32.self, text)
        JSONCodingComparison.expectSameDecoding(UInt64.self, text)
        JSONCodingComparison.expectSameDecoding([Int].self, "[\(text)]")
        JSONCodingComparison.expectSameDecoding(Double.self, text)
        JSONCodingComparison.expectSameDecoding(Float.self, text)
        JSONCodingComparison.expectSameDecoding(String.self, text)
        JSONCodingComparison.expectSameDecoding(Bool.self, text)
        JSONCodingComparison.expectSameDecoding(Int?.self, text)
        JSONCodingComparison.expectSameDecoding(JSONValue.self, text)
        JSONCodingComparison.expectSameDecoding(SystemInfo.Storage.self, #"{"database_bytes":\#(text),"artifact_bytes":0}"#)
    }

    @Test(arguments: [
        "0.1", "1e-39", "1e-46", "1e-50", "3.4028235e38", "3.4028236e38", "3.40282357e38", "1e39", "16777217", "-0",
        "1.17549435e-38", "1.4e-45", "7e-46",
    ])
    func floats(text: String) {
        JSONCodingComparison.expectSameDecoding(Float.self, text)
        JSONCodingComparison.expectSameDecoding(Double.self, text)
    }

    static let payloadCases: [String] = [
        #"{"node_id":"n1"}"#, #"{"node_id":"n1","coap_port":6683.5}"#, #"{"node_id":"n1","coap_port":"6683"}"#,
        #"{"node_id":"n1","coap_port":null}"#, #"{"node_id":"n1","coap_port":1e400}"#, #"{"node_id":"n1","system_info":[]}"#,
        #"{"node_id":"n1","system_info":{"a":[1,{"b":null}],"c":1e400}}"#, #"{"node_id":"n1","installed_versions":{"a":1}}"#,
        #"{"node_id":"n1","services":"ssh"}"#, #"{"node_id":null}"#, #"{"node_id":"n1","services":[null]}"#,
    ]

    @Test(arguments: payloadCases)
    func registrations(json: String) {
        JSONCodingComparison.expectSameDecoding(NodeRegistration.self, json)
    }

    static let updateCases: [String] = [
        #"{"action":"install","job_id":"j1"}"#, #"{"action":"install"}"#, #"{"action":"launch","job_id":"j1"}"#,
        #"{"action":1}"#, #"{"action":null}"#, #"{"action":"report","job_id":"j","node_id":"n","state":"downloading","progress":5}"#,
        #"{"action":"report","job_id":"j","node_id":"n","state":"sleeping","progress":5}"#,
        #"{"action":"report","job_id":"j","node_id":"n","state":"failed"}"#,
        #"{"action":"report","job_id":"j","node_id":"n","state":null,"progress":5}"#,
        #"{"name":"p","version":"1","package_type":"pip","target_nodes":["all"],"packages":["x"]}"#,
        #"{"name":"p","version":"1","package_type":"zip","target_nodes":["all"]}"#,
        #"{"name":"p","version":"1","package_type":"pip","target_nodes":"all"}"#,
        #"{"name":"p","version":"1","package_type":"pip","target_nodes":["a",2]}"#,
        #"{"name":"p","version":"1","package_type":"pip","target_nodes":["all"],"command_timeout_s":1.5}"#,
        #"{"name":"p","version":"1","package_type":"pip","target_nodes":["all"],"command_timeout_s":30.0,"shell":1}"#,
        #"{"version":"1","package_type":"pip","target_nodes":["all"]}"#, "[]", "null", "1",
    ]

    @Test(arguments: updateCases)
    func updates(json: String) {
        JSONCodingComparison.expectSameDecoding(UpdatesRequest.self, json)
        JSONCodingComparison.expectSameDecoding(UpdateAction.self, json)
        JSONCodingComparison.expectSameDecoding(UpdateCreation.self, json)
        JSONCodingComparison.expectSameDecoding(SystemAction.self, json)
    }

    static let answerCases: [String] = [
        #"{"version":"1","uptime_s":1,"started_at":"t","hostname":"h","os":"o","kernel":"k","arch":"a","libraries":{},"counts":{"nodes":1,"health_reports":2,"jobs":3,"unfinished_jobs":4,"artifacts":5,"audit_entries":6},"data_dir":"d","storage":{"database_bytes":1,"artifact_bytes":2}}"#,
        #"{"version":"1","uptime_s":1.5,"started_at":"t","hostname":"h","os":"o","kernel":"k","arch":"a","libraries":{},"counts":{},"data_dir":"d","storage":{}}"#,
        #"{"version":"1","uptime_s":1,"started_at":"t","hostname":"h","os":"o","kernel":"k","arch":"a","libraries":{},"counts":null,"data_dir":"d","storage":{}}"#,
        #"{"version":"1","uptime_s":1,"started_at":"t","hostname":"h","os":"o","kernel":"k","arch":"a","libraries":{},"counts":{"nodes":1,"health_reports":2,"jobs":3,"unfinished_jobs":4,"artifacts":5,"audit_entries":"6"},"data_dir":"d","storage":{}}"#,
        #"{"action":"restart","status":"ok","uptime_s":3}"#, #"{"action":"explode","status":"ok","uptime_s":3}"#,
        #"{"action":"restart","status":"ok","uptime_s":-3.25}"#,
    ]

    @Test(arguments: answerCases)
    func answers(json: String) {
        JSONCodingComparison.expectSameDecoding(SystemInfo.self, json)
        JSONCodingComparison.expectSameDecoding(SystemActionAnswer.self, json)
    }

    @Test func jobStatusSummaryKeys() {
        let node = #"{"node_id":"n1","state":"succeeded","progress":100,"updated_at":"t"}"#
        func job(_ summary: String, _ nodes: String = "[\(node)]") -> String {
            #"{"job_id":"j","name":"n","version":"1","package_type":"file","state":"completed","created_at":"t","updated_at":"t","target_nodes":["n1"],"nodes":\#(nodes),"summary":\#(summary)}"#
        }
        for json in [
            job(#"{"succeeded":1}"#), job(#"{"succeeded":1,"bogus":2}"#), job(#"{"succeeded":"1"}"#), job("[]"),
            job(#"{"succeeded":1}"#, #"[{"node_id":"n1","state":"succeeded","updated_at":"t"}]"#),
            job(#"{"succeeded":1}"#, #"[\#(node),{"node_id":"n1","state":"weird","progress":1,"updated_at":"t"}]"#),
        ] {
            JSONCodingComparison.expectSameDecoding(JobStatus.self, json)
        }
    }

    /// Through `Payload.decode`'s mapping, JSONCoding's errors give the contract's exact codes and details.
    @Test func payloadErrorsForTypicalMistakes() throws {
        func error(_ json: String) -> PayloadError? {
            do {
                _ = try JSONCoding.decode(HealthReport.self, from: Array(json.utf8))
                return nil
            } catch {
                return JSONCodingComparison.payloadError(from: error)
            }
        }
        #expect(error(Self.health("cpu_percent", #""x""#)) == PayloadError(.wrongType, "field 'cpu_percent' must be a number"))
        #expect(error(Self.health("node_id", nil)) == PayloadError(.missingField, "field 'node_id' is required"))
        #expect(error(Self.health("node_id", "null")) == PayloadError(.wrongType, "field 'node_id' must be a string, not null"))
        #expect(error(#"{"node_id": "n1""#) == PayloadError(.invalidJSON, "the payload is not valid JSON"))
        #expect(error(Self.health("error_messages", #"["a",2]"#)) == PayloadError(.wrongType, "field 'error_messages[1]' must be a string"))
        #expect(error(Self.validHealth) == nil)
    }

    /// Like `JSONDecoder`, strings and numbers are checked only when read: a malformed one in a
    /// field nobody reads is accepted; in a field that is read it is invalid JSON.
    static let lazyCases: [(String, String?)] = [
        ("extra", #""\x""#), ("extra", "\"\u{1}\""), ("extra", "\"a\\n\u{1}\""),
        ("extra", "-"), ("extra", "01"), ("extra", "1."), ("extra", "1e"), ("extra", "--1"), ("extra", "1-2"),
        ("extra", "1.5.5"), ("extra", "-0.e1"), ("extra", #"{"\x":1}"#), ("extra", #"["\ud800"]"#),
        ("node_id", #""\x""#), ("node_id", "\"n\u{1}\""), ("node_id", #""n\ud800""#), ("node_id", #""\u00e9\/""#),
        ("cpu_percent", "01"), ("cpu_percent", "-"), ("cpu_percent", "1."), ("cpu_percent", "1e5.5"), ("cpu_percent", "+1"),
        ("services_status", #"{"\x":true}"#), ("services_status", #"{"ok":true,"\ud800":false}"#),
        ("error_messages", #"["\q"]"#), ("error_messages", "[01]"),
    ]

    @Test(arguments: lazyCases)
    func stringsAndNumbersAreCheckedWhenRead(field: String, value: String?) {
        JSONCodingComparison.expectSameDecoding(HealthReport.self, Self.health(field, value))
        JSONCodingComparison.expectSameDecoding([String: JSONValue].self, Self.health(field, value))
    }

    @Test func badKeysAndUnreadInvalidUTF8() {
        JSONCodingComparison.expectSameDecoding(HealthReport.self, #"{"\x":1,"node_id":"n1","overall_healthy":true,"cpu_percent":1,"memory_percent":2,"disk_percent":3}"#)
        JSONCodingComparison.expectSameDecoding(HealthReport.self, "{\"a\u{1}\":1,\"node_id\":\"n1\",\"overall_healthy\":true,\"cpu_percent\":1,\"memory_percent\":2,\"disk_percent\":3}")
        var unread = Array(Self.validHealth.utf8.dropLast())
        unread += Array(#","extra":""#.utf8) + [0xFF, 0xC3] + Array("\"}".utf8)
        JSONCodingComparison.expectSameDecoding(HealthReport.self, unread)
        JSONCodingComparison.expectSameDecoding([String: JSONValue].self, unread)
        var badKey = Array("{\"".utf8) + [0xFF] + Array(#"":1,"node_id":"n1","overall_healthy":true,"cpu_percent":1,"memory_percent":2,"disk_percent":3}"#.utf8)
        JSONCodingComparison.expectSameDecoding(HealthReport.self, badKey)
        badKey[2] = 0x41
        JSONCodingComparison.expectSameDecoding(HealthReport.self, badKey)
    }

    @Test func deepNestingIsRefusedLikeFoundation() {
        for depth in [100, 511, 512, 513, 600, 2000] {
            let json = String(repeating: "[", count: depth) + String(repeating: "]", count: depth)
            JSONCodingComparison.expectSameDecoding(JSONValue.self, json)
        }
    }

    @Test func largeDocumentsDecode() throws {
        let items = (0..<20_000).map { #"{"i":\#($0),"s":"v\#($0) \"q\" \u00e9"}"# }
        let json = "[" + items.joined(separator: ",") + "]"
        JSONCodingComparison.expectSameDecoding([JSONValue].self, json)
        let long = "\"" + String(repeating: #"abc\n\"😀\u0041"#, count: 50_000) + "\""
        JSONCodingComparison.expectSameDecoding(String.self, long)
    }

    @Test func objectsLargeAndSmallKeepTheFirstOfDuplicateKeys() throws {
        // Up to 16 members a lookup scans the keys; beyond, they are hashed.
        for count in [3, 16, 17, 200] {
            let members = (0..<count).map { #""k\#($0)":\#($0)"# } + [#""k1":-1"#, #""k\#(count - 1)":-2"#]
            let json = "{" + members.joined(separator: ",") + "}"
            JSONCodingComparison.expectSameDecoding([String: Int].self, json)
            JSONCodingComparison.expectSameDecoding(JSONValue.self, json)
            let map = try JSONCoding.decode([String: Int].self, from: Array(json.utf8))
            #expect(map.count == count && map["k1"] == 1 && map["k\(count - 1)"] == count - 1)
        }
        JSONCodingComparison.expectSameDecoding([String: Bool].self, #"{"ssh":true,"docker":1}"#)
    }
}
