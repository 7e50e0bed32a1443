import Foundation

/// fleetctl's defaults file, `$XDG_CONFIG_HOME/fleetctl/config.json` (or
/// `~/.config/fleetctl/config.json`): the same settings as the global options, e.g.
/// `{"server": "coaps://fleet.example", "timeout": 5, "psk_identity": "ops", "psk_key_file": "~/.fleet.key"}`.
public struct FleetctlConfigFile: Sendable, Equatable, Decodable {
    public var server: String?
    public var timeout: Double?
    public var pskIdentity: String?
    public var pskKeyFile: String?
    public var cert: String?
    public var key: String?
    public var ca: String?
    public var serverName: String?

    enum CodingKeys: String, CodingKey, CaseIterable {
        case server
        case timeout
        case pskIdentity = "psk_identity"
        case pskKeyFile = "psk_key_file"
        case cert
        case key
        case ca
        case serverName = "server_name"
    }

    /// Creates empty settings.
    public init() {}

    /// The file's path for `environment`: under `XDG_CONFIG_HOME`, else `HOME/.config`; nil without either.
    public static func path(environment: [String: String]) -> String? {
        if let base = environment["XDG_CONFIG_HOME"], !base.isEmpty { return "\(base)/fleetctl/config.json" }
        if let home = environment["HOME"], !home.isEmpty { return "\(home)/.config/fleetctl/config.json" }
        return nil
    }

    /// Reads the file at `path`; an absent file is empty settings, a broken one an error naming the problem.
    public static func load(path: String) throws(FleetClientError) -> FleetctlConfigFile {
        guard let data = FileManager.default.contents(atPath: path) else { return FleetctlConfigFile() }
        guard let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else {
            throw .usage("\(path) is not a JSON object")
        }
        let known = Set(CodingKeys.allCases.map(\.rawValue))
        if let unknown = object.keys.sorted().first(where: { !known.contains($0) }) {
            throw .usage("\(path) has an unknown key '\(unknown)' (known: \(known.sorted().joined(separator: ", ")))")
        }
        do {
            return try JSONDecoder().decode(FleetctlConfigFile.self, from: data)
        } catch {
            throw .usage("\(path): a value has the wrong type (strings, and a number for timeout)")
        }
    }
}
