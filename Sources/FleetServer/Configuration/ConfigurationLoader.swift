import CoAPCore
import FleetModel
import FoundationEssentials

/// Builds a ``FleetServerConfiguration`` from, in rising precedence: defaults, a JSON config
/// file, `FLEET_*` environment variables, command-line flags.
public enum ConfigurationLoader {
    /// What the command line asked for.
    public enum Request: Equatable, Sendable {
        /// Run with this configuration.
        case run(FleetServerConfiguration)
        /// Print the usage text.
        case help
        /// Print the version.
        case version
        /// Create an admin PSK identity in the data directory and print its key once
        /// (`fleet-server admin add NAME`): no network request can create the first admin.
        case addAdmin(identity: String, dataDirectory: String, certificateName: Bool = false)
    }

    /// The usage text printed for `--help` and after a usage error.
    public static let usage = """
        usage: fleet-server [--host ADDR] [--port N] [--data-dir DIR] [--log-level LEVEL] [--config FILE]
                            [--security off|psk|pki] [--secure-port N] [--plain on|off]
                            [--cert FILE --key FILE --ca FILE] [--rate-limit N]
               fleet-server admin add NAME [--pki] [--data-dir DIR]

          --host ADDR        address to listen on (default :: = every interface)   FLEET_HOST
          --port N           UDP port for CoAP (default 5683)                       FLEET_PORT
          --data-dir DIR     database and artifacts (default ./fleet-data)          FLEET_DATA_DIR
          --log-level LEVEL  trace, debug, info, notice, warning, error (info)       FLEET_LOG_LEVEL
          --security MODE    off (plain CoAP, trusted networks only), psk or pki     FLEET_SECURITY
          --secure-port N    UDP port for coaps:// (default 5684)                    FLEET_SECURE_PORT
          --plain on|off     with security on, serve /test on plain CoAP (on)        FLEET_PLAIN
          --cert, --key, --ca FILE  pki: server certificate, its key, the clients' CA  FLEET_CERT, FLEET_KEY, FLEET_CA
          --rate-limit N     with security on, requests/s per identity (50; 0: none)  FLEET_RATE_LIMIT
          --config FILE      JSON file with any of: host, port, data_dir, log_level,  FLEET_CONFIG
                             health_retention, max_artifact_size, max_request_size,
                             announce_concurrency, announce_timeout_s
          --help, --version
        """

    /// Reads flags, environment and the config file they name.
    public static func load(
        arguments: [String], environment: [String: String], readFile: (String) throws -> [UInt8]
    ) throws(ConfigurationError) -> Request {
        if arguments.first == "admin" { return try admin(Array(arguments.dropFirst()), environment: environment) }
        var flags: [String: String] = [:]
        var iterator = arguments.makeIterator()
        while let argument = iterator.next() {
            switch argument {
            case "--help", "-h": return .help
            case "--version": return .version
            case "--host", "--port", "--data-dir", "--log-level", "--config", "--security", "--secure-port", "--plain", "--cert", "--key",
                 "--ca", "--rate-limit":
                guard let value = iterator.next() else { throw ConfigurationError("\(argument) needs a value") }
                flags[argument] = value
            default:
                throw ConfigurationError("unknown option '\(argument)'")
            }
        }
        var configuration = FleetServerConfiguration()
        if let path = flags["--config"] ?? environment["FLEET_CONFIG"] {
            let bytes: [UInt8]
            do {
                bytes = try readFile(path)
            } catch {
                throw ConfigurationError("cannot read config file \(path): \(error)")
            }
            try apply(file: bytes, path: path, to: &configuration)
        }
        let settings: [(flag: String, variable: String)] = [
            ("--host", "FLEET_HOST"), ("--port", "FLEET_PORT"), ("--data-dir", "FLEET_DATA_DIR"), ("--log-level", "FLEET_LOG_LEVEL"),
            ("--security", "FLEET_SECURITY"), ("--secure-port", "FLEET_SECURE_PORT"), ("--plain", "FLEET_PLAIN"),
            ("--cert", "FLEET_CERT"), ("--key", "FLEET_KEY"), ("--ca", "FLEET_CA"), ("--rate-limit", "FLEET_RATE_LIMIT"),
        ]
        for (flag, variable) in settings {
            guard let value = flags[flag] ?? environment[variable] else { continue }
            try set(flag, value, in: &configuration, source: flags[flag] != nil ? flag : variable)
        }
        if configuration.security == .pki,
           configuration.certificateFile == nil || configuration.privateKeyFile == nil || configuration.caFile == nil {
            throw ConfigurationError("--security pki needs --cert, --key and --ca")
        }
        return .run(configuration)
    }

    /// `admin add NAME [--data-dir DIR]`.
    private static func admin(_ arguments: [String], environment: [String: String]) throws(ConfigurationError) -> Request {
        guard arguments.count >= 2, arguments[0] == "add" else {
            throw ConfigurationError("usage: fleet-server admin add NAME [--pki] [--data-dir DIR]")
        }
        let name = arguments[1]
        do {
            try FleetIdentifier.check(name, field: "NAME")
        } catch {
            throw ConfigurationError(error.detail)
        }
        var directory = environment["FLEET_DATA_DIR"] ?? FleetServerConfiguration().dataDirectory
        var certificateName = false
        var rest = Array(arguments.dropFirst(2))[...]
        while let option = rest.popFirst() {
            switch option {
            case "--pki": certificateName = true
            case "--data-dir":
                guard let value = rest.popFirst(), !value.isEmpty else { throw ConfigurationError("usage: fleet-server admin add NAME [--pki] [--data-dir DIR]") }
                directory = value
            default: throw ConfigurationError("usage: fleet-server admin add NAME [--pki] [--data-dir DIR]")
            }
        }
        return .addAdmin(identity: name, dataDirectory: directory, certificateName: certificateName)
    }

    private static func set(_ flag: String, _ value: String, in configuration: inout FleetServerConfiguration, source: String) throws(ConfigurationError) {
        switch flag {
        case "--host":
            guard !value.isEmpty else { throw ConfigurationError("\(source) must not be empty") }
            configuration.host = value
        case "--port":
            guard let port = UInt16(value) else { throw ConfigurationError("\(source) must be a port number 0…65535, not '\(value)'") }
            configuration.port = port
        case "--data-dir":
            guard !value.isEmpty else { throw ConfigurationError("\(source) must not be empty") }
            configuration.dataDirectory = value
        case "--security":
            guard let mode = SecurityMode(rawValue: value) else {
                throw ConfigurationError("\(source) must be one of \(SecurityMode.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            configuration.security = mode
        case "--secure-port":
            guard let port = UInt16(value) else { throw ConfigurationError("\(source) must be a port number 0…65535, not '\(value)'") }
            configuration.securePort = port
        case "--cert": configuration.certificateFile = value
        case "--key": configuration.privateKeyFile = value
        case "--ca": configuration.caFile = value
        case "--rate-limit":
            guard let rate = Double(value), rate.isFinite, rate >= 0, rate <= 1_000_000 else {
                throw ConfigurationError("\(source) must be requests a second, 0…1000000, not '\(value)'")
            }
            configuration.rateLimit = rate
        case "--plain":
            guard value == "on" || value == "off" else { throw ConfigurationError("\(source) must be on or off, not '\(value)'") }
            configuration.plain = value == "on"
        default:
            guard let level = Logger.Level(name: value) else {
                throw ConfigurationError("\(source) must be one of \(Logger.Level.allCases.map(\.description).joined(separator: ", "))")
            }
            configuration.logLevel = level
        }
    }

    /// The keys a config file may hold.
    private struct File: Decodable {
        var host: String?
        var port: Int?
        var data_dir: String?
        var log_level: String?
        var health_retention: Int?
        var max_artifact_size: Int?
        var max_request_size: Int?
        var announce_concurrency: Int?
        var announce_timeout_s: Double?
    }

    private static func apply(file bytes: [UInt8], path: String, to configuration: inout FleetServerConfiguration) throws(ConfigurationError) {
        let file: File
        do {
            file = try JSONDecoder().decode(File.self, from: Data(bytes))
        } catch {
            throw ConfigurationError("config file \(path) is not valid: \(error)")
        }
        if let host = file.host { try set("--host", host, in: &configuration, source: "host in \(path)") }
        if let port = file.port { try set("--port", String(port), in: &configuration, source: "port in \(path)") }
        if let directory = file.data_dir { try set("--data-dir", directory, in: &configuration, source: "data_dir in \(path)") }
        if let level = file.log_level { try set("--log-level", level, in: &configuration, source: "log_level in \(path)") }
        func positive(_ value: Int?, _ name: String) throws(ConfigurationError) -> Int? {
            guard let value else { return nil }
            guard value > 0 else { throw ConfigurationError("\(name) in \(path) must be positive") }
            return value
        }
        if let value = try positive(file.health_retention, "health_retention") { configuration.healthRetention = value }
        if let value = try positive(file.max_artifact_size, "max_artifact_size") { configuration.maxArtifactSize = value }
        if let value = try positive(file.max_request_size, "max_request_size") { configuration.maxRequestSize = value }
        if let value = try positive(file.announce_concurrency, "announce_concurrency") { configuration.announceConcurrency = value }
        if let seconds = file.announce_timeout_s {
            guard seconds > 0 else { throw ConfigurationError("announce_timeout_s in \(path) must be positive") }
            configuration.announceTimeout = .milliseconds(Int(seconds * 1000))
        }
    }
}

/// A configuration that cannot be used, with a sentence saying why.
public struct ConfigurationError: Error, Equatable, Sendable, CustomStringConvertible {
    public let message: String

    public init(_ message: String) { self.message = message }

    public var description: String { message }
}
