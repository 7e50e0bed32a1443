import FleetModel
import Foundation

/// What a command runs with: the parsed command line, the client, where output goes and how
/// it looks.
public struct CommandContext: Sendable {
    /// The command's own options and positionals.
    public let arguments: ParsedCommand
    /// The server.
    public let client: FleetClient
    /// Standard output and error.
    public let output: any OutputSink
    /// Colour and terminal, for human output.
    public let style: TerminalStyle
    /// `--json`: print the server's JSON, one document per line, instead of human output.
    public let json: Bool
    /// The current time, for relative times.
    public let now: @Sendable () -> Date

    /// Creates a context.
    public init(
        arguments: ParsedCommand, client: FleetClient, output: any OutputSink, style: TerminalStyle, json: Bool,
        now: @escaping @Sendable () -> Date = { Date() }
    ) {
        self.arguments = arguments
        self.client = client
        self.output = output
        self.style = style
        self.json = json
        self.now = now
    }

    /// Prints a line (a newline is added).
    func print(_ line: String) {
        output.write(line + "\n")
    }

    /// Prints the server's JSON `payload` as one line.
    func printJSON(_ payload: [UInt8]) {
        output.write(String(decoding: payload, as: UTF8.self) + "\n")
    }

    /// Prints `value` encoded as one JSON line (for answers fleetctl makes itself).
    func printEncoded(_ value: some Encodable) throws(FleetClientError) {
        output.write(try encode(value) + "\n")
    }

    /// `value` as JSON text.
    func encode(_ value: some Encodable) throws(FleetClientError) -> String {
        do {
            return String(decoding: try Payload.encode(value), as: UTF8.self)
        } catch {
            throw .local("cannot encode \(value): \(error)")
        }
    }

    /// Prints `payload` as it is with `--json`, otherwise what `human` makes of it decoded as `T`.
    func show<T: Decodable>(_ payload: [UInt8], as type: T.Type, _ human: (T) -> String) throws(FleetClientError) {
        if json {
            printJSON(payload)
        } else {
            output.write(human(try decode(type, payload)))
        }
    }

    /// Decodes the server's answer as `T`.
    func decode<T: Decodable>(_ type: T.Type, _ payload: [UInt8]) throws(FleetClientError) -> T {
        do {
            return try JSONDecoder().decode(type, from: Data(payload))
        } catch {
            throw .local("the server's answer is not what fleetctl expects: \(error)")
        }
    }

    /// "3 min ago" for a server timestamp; the text itself when it is not one.
    func ago(_ timestamp: String) -> String {
        RelativeTime.parse(timestamp).map { RelativeTime.describe($0, now: now()) } ?? timestamp
    }
}
