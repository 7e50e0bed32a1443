import FleetServer
import Testing

@Suite("fleet-server configuration")
struct ConfigurationLoaderTests {
    static func load(_ arguments: [String], _ environment: [String: String] = [:], file: String? = nil) throws(ConfigurationError) -> ConfigurationLoader.Request {
        try ConfigurationLoader.load(arguments: arguments, environment: environment) { _ in Array((file ?? "").utf8) }
    }

    @Test func defaultsMatchTheIssue() throws {
        guard case .run(let configuration) = try Self.load([]) else { Issue.record("expected a run"); return }
        #expect(configuration.host == "::" && configuration.port == 5683 && configuration.dataDirectory == "./fleet-data")
        #expect(configuration.maxArtifactSize == 256 << 20)
    }

    @Test func flagsBeatEnvironmentWhichBeatsTheFile() throws {
        let file = #"{"port": 6000, "host": "127.0.0.1", "data_dir": "/srv/f", "health_retention": 10}"#
        guard case .run(let configuration) = try Self.load(["--port", "7000", "--config", "c.json"], ["FLEET_PORT": "6500", "FLEET_DATA_DIR": "/env"], file: file)
        else { Issue.record("expected a run"); return }
        #expect(configuration.port == 7000)
        #expect(configuration.dataDirectory == "/env")
        #expect(configuration.host == "127.0.0.1")
        #expect(configuration.healthRetention == 10)
    }

    @Test func theRateLimitIsFiftyAndCanBeChangedOrTurnedOff() throws {
        guard case .run(let defaults) = try Self.load([]) else { Issue.record("expected a run"); return }
        #expect(defaults.rateLimit == 50)
        guard case .run(let set) = try Self.load(["--rate-limit", "0"], ["FLEET_RATE_LIMIT": "5"]) else { Issue.record("expected a run"); return }
        #expect(set.rateLimit == 0)
        guard case .run(let fromEnvironment) = try Self.load([], ["FLEET_RATE_LIMIT": "2.5"]) else { Issue.record("expected a run"); return }
        #expect(fromEnvironment.rateLimit == 2.5)
        #expect(throws: ConfigurationError("--rate-limit must be requests a second, 0…1000000, not '-1'")) {
            try Self.load(["--rate-limit", "-1"])
        }
    }

    @Test func securityIsOffByDefaultAndPSKOnRequest() throws {
        guard case .run(let plain) = try Self.load([]) else { Issue.record("expected a run"); return }
        #expect(plain.security == .off && plain.plain && plain.securePort == 5684)
        guard case .run(let secure) = try Self.load(["--security", "psk", "--secure-port", "6684", "--plain", "off"])
        else { Issue.record("expected a run"); return }
        #expect(secure.security == .psk && secure.securePort == 6684 && !secure.plain)
        guard case .run(let fromEnvironment) = try Self.load([], ["FLEET_SECURITY": "psk"]) else { Issue.record("expected a run"); return }
        #expect(fromEnvironment.security == .psk)
        #expect(throws: ConfigurationError("--security must be one of off, psk, pki")) { try Self.load(["--security", "tls"]) }
        #expect(throws: ConfigurationError("--plain must be on or off, not 'no'")) { try Self.load(["--plain", "no"]) }
        #expect(throws: ConfigurationError("--security pki needs --cert, --key and --ca")) { try Self.load(["--security", "pki"]) }
        guard case .run(let pki) = try Self.load(["--security", "pki", "--cert", "s.crt", "--key", "s.key", "--ca", "ca.crt"])
        else { Issue.record("expected a run"); return }
        #expect(pki.certificateFile == "s.crt" && pki.privateKeyFile == "s.key" && pki.caFile == "ca.crt")
    }

    @Test func adminAddNamesAnIdentityAndADataDirectory() throws {
        #expect(try Self.load(["admin", "add", "ops", "--data-dir", "/srv/fleet"]) == .addAdmin(identity: "ops", dataDirectory: "/srv/fleet"))
        #expect(try Self.load(["admin", "add", "ops"], ["FLEET_DATA_DIR": "/env"]) == .addAdmin(identity: "ops", dataDirectory: "/env"))
        #expect(try Self.load(["admin", "add", "node-7", "--pki"]) == .addAdmin(identity: "node-7", dataDirectory: "./fleet-data", certificateName: true))
        #expect(throws: ConfigurationError.self) { try Self.load(["admin", "add"]) }
        #expect(throws: ConfigurationError.self) { try Self.load(["admin", "add", "../x"]) }
        #expect(throws: ConfigurationError.self) { try Self.load(["admin", "remove", "ops"]) }
    }

    @Test func badInputIsExplained() {
        #expect(throws: ConfigurationError("unknown option '--bogus'")) { try Self.load(["--bogus"]) }
        #expect(throws: ConfigurationError("--port must be a port number 0…65535, not 'x'")) { try Self.load(["--port", "x"]) }
        #expect(throws: ConfigurationError.self) { try Self.load(["--log-level", "loud"]) }
        #expect(throws: ConfigurationError.self) { try Self.load(["--config", "c.json"], file: "{not json") }
        #expect(throws: ConfigurationError.self) { try Self.load(["--config", "c.json"], file: #"{"health_retention": 0}"#) }
        #expect(throws: ConfigurationError("--port needs a value")) { try Self.load(["--port"]) }
    }

    @Test func helpAndVersion() throws {
        #expect(try Self.load(["--help"]) == .help)
        #expect(try Self.load(["--version"]) == .version)
    }
}
