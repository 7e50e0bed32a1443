/// An action on the server itself: `POST /system` with `{"action": "restart" | "shutdown" | "status"}`.
public enum SystemAction: String, Codable, Sendable, CaseIterable, WireEnum {
    /// Restart the server process.
    case restart
    /// Stop the server process.
    case shutdown
    /// Answer the server's status.
    case status

    private enum CodingKeys: String, CodingKey {
        case action
    }

    /// Decodes `{"action": …}`; an unknown action is `unknown_action` listing the known ones.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self = try container.decodeAction(Self.self, forKey: .action)
    }

    /// Encodes `{"action": …}`.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(rawValue, forKey: .action)
    }
}
