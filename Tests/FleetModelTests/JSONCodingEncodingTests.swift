@testable import FleetModel
import Testing

/// `JSONCoding.encode` writes exactly what `JSONEncoder` writes with `Payload`'s settings, and
/// `JSONCoding.decode` reads it back, for every payload type.
@Suite("JSONCoding encoding")
struct JSONCodingEncodingTests {
    static let controlCharacters = String(String.UnicodeScalarView((0..<0x20).compactMap(Unicode.Scalar.init)))
    static let trickyStrings: [String] = [
        "", "plain", "quote \" and backslash \\ and slash / and //", "line\nbreak\r\ttab\u{8}\u{C}",
        controlCharacters, "\u{7F}\u{80}\u{85}", "é e\u{301} ß ü 中文 😀 👩‍👩‍👧", "\u{2028}\u{2029}\u{FEFF}",
        "</script>", "{\"json\": [1, 2]}", "\\u0041", "a\u{0}b",
    ]
    static let trickyDoubles: [Double] = [
        0, -0.0, 1, -1, 15.5, 100, 0.1, 0.2, 1.0 / 3, 1e-7, 1e21, 1e22, 123456789.125, 1e15, 1e16, 1e-5, 1e-4,
        2.5e-5, 33.333333333333336, 99.99, .leastNonzeroMagnitude, .leastNormalMagnitude, .greatestFiniteMagnitude, 1e300,
        12345678901234567168, 9007199254740992, 9007199254740994, -273.15, 4096, 65536.5,
    ]

    @Test(arguments: trickyStrings)
    func strings(text: String) throws {
        try JSONCodingComparison.expectSameEncoding(text)
        try JSONCodingComparison.expectSameEncoding([text: text])
        try JSONCodingComparison.expectSameEncoding(ErrorBody(error: text, detail: text))
    }

    @Test(arguments: trickyDoubles)
    func doubles(number: Double) throws {
        try JSONCodingComparison.expectSameEncoding(number)
        try JSONCodingComparison.expectSameEncoding([number])
        try JSONCodingComparison.expectSameEncoding(JSONValue.number(number))
        try JSONCodingComparison.expectSameEncoding(
            HealthReport(nodeID: "n1", overallHealthy: true, cpuPercent: number, memoryPercent: number, diskPercent: 0))
    }

    @Test(arguments: [Float(0), 0.1, 1e-7, 3.4e38, 16777216, -1.5, .leastNonzeroMagnitude, 0.3])
    func floats(number: Float) throws {
        try JSONCodingComparison.expectSameEncoding(number)
        try JSONCodingComparison.expectSameEncoding(["f": number])
    }

    @Test func integers() throws {
        try JSONCodingComparison.expectSameEncoding([Int.min, Int.max, 0, -1, 42])
        try JSONCodingComparison.expectSameEncoding([Int8.min, Int8.max])
        try JSONCodingComparison.expectSameEncoding([Int16.min, Int16.max])
        try JSONCodingComparison.expectSameEncoding([Int32.min, Int32.max])
        try JSONCodingComparison.expectSameEncoding([Int64.min, Int64.max])
        try JSONCodingComparison.expectSameEncoding([UInt.min, UInt.max])
        try JSONCodingComparison.expectSameEncoding([UInt8.max])
        try JSONCodingComparison.expectSameEncoding([UInt16.max])
        try JSONCodingComparison.expectSameEncoding([UInt32.max])
        try JSONCodingComparison.expectSameEncoding([UInt64.max])
    }

    @Test func scalarsAndEmptyContainers() throws {
        try JSONCodingComparison.expectSameEncoding(true)
        try JSONCodingComparison.expectSameEncoding([false, true])
        try JSONCodingComparison.expectSameEncoding(Int?.none)
        try JSONCodingComparison.expectSameEncoding([Int?.none, 1])
        try JSONCodingComparison.expectSameEncoding([String: Int]())
        try JSONCodingComparison.expectSameEncoding([Int]())
        try JSONCodingComparison.expectSameEncoding([[Int]](arrayLiteral: [], [1], [[], [2, 3]].flatMap { $0 }))
        try JSONCodingComparison.expectSameEncoding(["a": [String: [Int]]()])
    }

    @Test func keysSortByTheirUTF8Bytes() throws {
        let keys = [
            "a_b", "ab", "a1", "A", "a", "B", "b", "a10", "a2", "a02", "_", "Z", "é", "e", "f", "aB", "Ab", "ａ", "1",
            "10", "9", "-", "a b", "", "~", "a.b", "a-b", "ß", "ss", "a0", "a00", "x1y2", "x01y2",
            "\u{E000}", "\u{FF21}", "\u{10000}", "😀", "\u{7F}", "\u{1}", "node_id", "node-id", "nodeID", "nodeid",
        ]
        let dictionary = Dictionary(uniqueKeysWithValues: keys.enumerated().map { ($0.element, $0.offset) })
        try JSONCodingComparison.expectSameEncoding(dictionary)
        try JSONCodingComparison.expectSameEncoding(JSONValue.object(dictionary.mapValues { .number(Double($0)) }))
    }

    static let report = HealthReport(
        nodeID: "node-1", overallHealthy: false, cpuPercent: 15.5, memoryPercent: 100, diskPercent: 0.1,
        temperature: 1e-7, servicesStatus: ["ssh": true, "coap/server": false, "\"quoted\"": true],
        errorMessages: ["disk \\ full", "line\nbreak", "😀"])

    static let systemInfo: [String: JSONValue] = [
        "os": .string("Debian GNU/Linux 12"), "cores": .number(8), "load": .number(0.25), "null": .null,
        "flags": .array([.bool(true), .bool(false), .null, .number(-0.0), .string("x"), .array([]), .object([:])]),
        "nested": .object(["a_b": .number(1), "ab": .number(2), "a1": .number(123456789.125)]),
    ]

    static let registration = NodeRegistration(
        nodeID: "node-1", hostname: "host/with/slashes", ipAddress: "10.0.0.1", status: "online",
        lastSeen: "2026-01-01T00:00:00Z", services: ["ssh", "coap"], drivers: ["i2c"], systemInfo: systemInfo,
        coapPort: 6684, healthIntervalSeconds: 15, agentVersion: "1.2.3", installedVersions: ["pkg": "1.0", "fw": "2\t"])

    static let announcement = UpdateAnnouncement(
        jobID: "job-1", name: "pkg", version: "1.0", packageType: .file, packages: ["a", "b"], artifactID: "art-1",
        artifactName: "file.bin", artifactSHA256: String(repeating: "ab", count: 32), artifactSize: 123_456,
        artifactPath: "/artifacts/art-1", installPath: "/opt/pkg", postInstall: "echo \"done\" && exit 0",
        healthCheck: "test -f /opt/pkg", commandTimeoutSeconds: 60, shell: true)

    static let creation = UpdateCreation(
        name: "pkg", version: "2.0", packageType: .apt, targetNodes: ["all"], packages: ["curl"], artifactID: nil,
        installPath: nil, postInstall: "systemctl restart x", healthCheck: nil, commandTimeoutSeconds: 30, shell: false)

    static let progress = NodeProgressReport(jobID: "job-1", nodeID: "node-1", state: .downloading, progress: 33.5, error: "oops\u{1}")

    static let nodeJobs = [
        NodeJobStatus(nodeID: "n1", state: .succeeded, progress: 100, error: nil, updatedAt: "2026-01-01T00:00:00Z"),
        NodeJobStatus(nodeID: "n2", state: .rolledBack, progress: 12.5, error: "failed: \"x\"", updatedAt: "t"),
        NodeJobStatus(nodeID: "n3", state: .pending, updatedAt: "t"),
    ]

    @Test func requests() throws {
        try JSONCodingComparison.expectSameEncoding(Self.report)
        try JSONCodingComparison.expectSameEncoding(
            HealthReport(nodeID: "n", overallHealthy: true, cpuPercent: 0, memoryPercent: 0, diskPercent: 0))
        try JSONCodingComparison.expectSameEncoding(Self.registration)
        try JSONCodingComparison.expectSameEncoding(NodeRegistration(nodeID: "minimal"))
        try JSONCodingComparison.expectSameEncoding(NodeRemoval(nodeID: "node-1"))
        try JSONCodingComparison.expectSameEncoding(Self.announcement)
        try JSONCodingComparison.expectSameEncoding(UpdateAnnouncement(jobID: "j", name: "n", version: "v", packageType: .pip))
        try JSONCodingComparison.expectSameEncoding(Self.creation)
        try JSONCodingComparison.expectSameEncoding(Self.progress)
        try JSONCodingComparison.expectSameEncoding(NodeProgressReport(jobID: "j", nodeID: "n", state: .failed, progress: 0))
        for action in [UpdateAction.install(jobID: "j1"), .status(jobID: "j2"), .cancel(jobID: "j3"), .report(Self.progress)] {
            try JSONCodingComparison.expectSameEncoding(action)
            try JSONCodingComparison.expectSameEncoding(UpdatesRequest.action(action))
        }
        try JSONCodingComparison.expectSameEncoding(UpdatesRequest.create(Self.creation))
        for action in SystemAction.allCases {
            try JSONCodingComparison.expectSameEncoding(action)
        }
        for type in PackageType.allCases {
            try JSONCodingComparison.expectSameEncoding(type)
        }
    }

    @Test func answers() throws {
        try JSONCodingComparison.expectSameEncoding(ArtifactInfo(
            artifactID: "a1", name: "firmware v1.bin", sha256: String(repeating: "0f", count: 32), size: 1 << 40,
            createdAt: "2026-01-01T00:00:00Z"))
        try JSONCodingComparison.expectSameEncoding(ErrorBody(error: "invalid_json", detail: "the payload is not valid JSON"))
        try JSONCodingComparison.expectSameEncoding(ErrorBody(PayloadError(.wrongType, "field 'a.b[2]' must be \"x\"")))
        let healths = [
            NodeHealth(state: .healthy, lastReport: "t", report: Self.report),
            NodeHealth(nodeID: "n2", state: .offline),
            NodeHealth(nodeID: "n3", state: .unknown, lastReport: nil, cpuPercent: 1, memoryPercent: nil, diskPercent: 2.5),
        ]
        try JSONCodingComparison.expectSameEncoding(FleetHealth(nodes: healths))
        try JSONCodingComparison.expectSameEncoding(FleetHealth(nodes: []))
        try JSONCodingComparison.expectSameEncoding(JobCreated(jobID: "job-1"))
        try JSONCodingComparison.expectSameEncoding(JobCreated(jobID: "job-1", state: .partiallyFailed))
        let job = JobStatus(
            jobID: "job-1", name: "pkg", version: "1", packageType: .firmware, state: .installing,
            createdAt: "2026-01-01T00:00:00Z", updatedAt: "2026-01-02T00:00:00Z", targetNodes: ["n1", "n2", "n3"],
            nodes: Self.nodeJobs)
        try JSONCodingComparison.expectSameEncoding(job)
        for node in Self.nodeJobs {
            try JSONCodingComparison.expectSameEncoding(node)
        }
        try JSONCodingComparison.expectSameEncoding(
            NodeAcknowledgement(nodeID: "node-1", status: "registered", pendingJobs: [Self.announcement]))
        try JSONCodingComparison.expectSameEncoding(NodeAcknowledgement(nodeID: "node-1", status: "ok", pendingJobs: []))
        let samples = [
            MetricSample(at: "t1", report: Self.report),
            MetricSample(at: "t2", report: HealthReport(nodeID: "n", overallHealthy: true, cpuPercent: 1, memoryPercent: 2, diskPercent: 3)),
        ]
        try JSONCodingComparison.expectSameEncoding(NodeMetrics(nodeID: "node-1", samples: samples))
        try JSONCodingComparison.expectSameEncoding(NodeSummary(
            registration: Self.registration, lastSeen: "t", online: true, installedVersions: ["a": "1"], address: "[::1]:5683"))
        try JSONCodingComparison.expectSameEncoding(NodeSummary(registration: NodeRegistration(nodeID: "n"), lastSeen: "t", online: false))
        try JSONCodingComparison.expectSameEncoding(ReportAcknowledgement(
            jobID: "j", jobState: .completed, nodeID: "n", state: .succeeded, progress: 100, error: nil))
        try JSONCodingComparison.expectSameEncoding(ReportAcknowledgement(
            jobID: "j", jobState: .failed, nodeID: "n", state: .failed, progress: 50.25, error: "e"))
        try JSONCodingComparison.expectSameEncoding(SystemInfo(
            version: "0.1.0", uptimeSeconds: 12345, startedAt: "t", hostname: "h", os: "Linux", kernel: "6.1", arch: "x86_64",
            libraries: ["libcoap": "4.3.4", "sqlite": "3.40.1"],
            counts: .init(nodes: 1, healthReports: 2, jobs: 3, unfinishedJobs: 4, artifacts: 5, auditEntries: 6),
            dataDirectory: "/var/lib/fleet", storage: .init(databaseBytes: 1 << 20, artifactBytes: 0)))
        for action in SystemAction.allCases {
            try JSONCodingComparison.expectSameEncoding(SystemActionAnswer(action: action, status: "ok", uptimeSeconds: 7))
        }
        for state in JobState.allCases {
            try JSONCodingComparison.expectSameEncoding(state)
        }
        for state in NodeUpdateState.allCases {
            try JSONCodingComparison.expectSameEncoding(state)
        }
        for state in NodeHealthState.allCases {
            try JSONCodingComparison.expectSameEncoding(state)
        }
        for status in FleetHealth.Status.allCases {
            try JSONCodingComparison.expectSameEncoding(status)
        }
    }

    @Test func jsonValues() throws {
        try JSONCodingComparison.expectSameEncoding(Self.systemInfo)
        try JSONCodingComparison.expectSameEncoding(JSONValue.object(Self.systemInfo))
        for value in [JSONValue.null, .bool(true), .number(1e21), .string("/\""), .array([]), .object([:])] {
            try JSONCodingComparison.expectSameEncoding(value)
            try JSONCodingComparison.expectSameEncoding(JSONValue.array([value, value]))
        }
    }

    /// Nested containers, super encoders, a value that encodes nothing and every integer kind.
    struct Containers: Codable, Equatable {
        var name = "x"
        var list = [1, 2]
        var parent = "p"
        var inner = "i"

        enum CodingKeys: String, CodingKey {
            case name, nested, list, custom, empty, nilValue, extremes
        }

        enum NestedKeys: String, CodingKey {
            case inner, deeper
        }

        init() {}

        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            name = try container.decode(String.self, forKey: .name)
            let nested = try container.nestedContainer(keyedBy: NestedKeys.self, forKey: .nested)
            inner = try nested.decode(String.self, forKey: .inner)
            var list = try container.nestedUnkeyedContainer(forKey: .list)
            var values: [Int] = []
            while !list.isAtEnd {
                if try list.decodeNil() { continue }
                values.append(try list.decode(Int.self))
            }
            self.list = values
            parent = try String(from: container.superDecoder(forKey: .custom))
            _ = try String(from: container.superDecoder())
        }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(name, forKey: .name)
            var nested = container.nestedContainer(keyedBy: NestedKeys.self, forKey: .nested)
            try nested.encode(inner, forKey: .inner)
            var deeper = nested.nestedUnkeyedContainer(forKey: .deeper)
            var object = deeper.nestedContainer(keyedBy: NestedKeys.self)
            try object.encodeNil(forKey: .inner)
            var array = deeper.nestedUnkeyedContainer()
            try array.encode(true)
            try array.encode(Float(0.5))
            try array.encode(2.5)
            try array.encodeNil()
            _ = deeper.superEncoder()
            var list = container.nestedUnkeyedContainer(forKey: .list)
            for value in self.list {
                try list.encode(value)
            }
            try list.encodeNil()
            try parent.encode(to: container.superEncoder(forKey: .custom))
            try "super".encode(to: container.superEncoder())
            _ = container.superEncoder(forKey: .empty)
            try container.encodeNil(forKey: .nilValue)
            var extremes = container.nestedUnkeyedContainer(forKey: .extremes)
            try extremes.encode(Int8.min)
            try extremes.encode(Int16.min)
            try extremes.encode(Int32.min)
            try extremes.encode(Int64.min)
            try extremes.encode(UInt8.max)
            try extremes.encode(UInt16.max)
            try extremes.encode(UInt32.max)
            try extremes.encode(UInt64.max)
            try extremes.encode(UInt.max)
            try extremes.encode(Int.min)
        }
    }

    @Test func nestedContainersAndSuperEncoders() throws {
        try JSONCodingComparison.expectSameEncoding(Containers())
    }

    struct EncodesNothing: Encodable {
        func encode(to encoder: any Encoder) throws {}
    }

    @Test func failuresMatchFoundation() throws {
        for value in [Double.nan, .infinity, -.infinity] {
            for encode in [
                { try JSONCodingComparison.foundationEncode(["x": [value]]) },
                { try JSONCoding.encode(["x": [value]]) },
            ] as [() throws -> [UInt8]] {
                #expect(throws: EncodingError.self) { try encode() }
            }
            let expected = String(describing: Result { try JSONCodingComparison.foundationEncode(["x": [value]]) })
            let actual = String(describing: Result { try JSONCoding.encode(["x": [value]]) })
            #expect(actual == expected)
        }
        #expect(throws: EncodingError.self) { try JSONCoding.encode(EncodesNothing()) }
        #expect(throws: EncodingError.self) { try JSONCodingComparison.foundationEncode(EncodesNothing()) }
        #expect(try JSONCoding.encode([EncodesNothing()]) == JSONCodingComparison.foundationEncode([EncodesNothing()]))
    }

    @Test func largeDocumentsEncodeAndDecode() throws {
        let big = (0..<5000).map { JSONValue.object(["i": .number(Double($0)), "s": .string("value \($0) \"q\"")]) }
        try JSONCodingComparison.expectSameEncoding(JSONValue.array(big))
        let longString = String(repeating: "abc\\\"\n😀", count: 20_000)
        try JSONCodingComparison.expectSameEncoding(longString)
    }
}
