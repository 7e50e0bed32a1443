/// A command line fleetctl cannot make sense of; the caller prints `message`, then the usage of
/// the command (or the commands of the group) named by `commandPath`, and exits with status 2.
public struct UsageError: Error, Equatable, Sendable, CustomStringConvertible {
    /// What is wrong, in one line, e.g. `unknown option '--bogus' for 'nodes list'`.
    public var message: String
    /// The command words recognised before the mistake: `[]`, a group or a whole command.
    public var commandPath: [String]

    /// An error saying `message` about the command (or group) `commandPath`.
    public init(_ message: String, commandPath: [String]) {
        self.message = message
        self.commandPath = commandPath
    }

    /// The message.
    public var description: String { message }
}
