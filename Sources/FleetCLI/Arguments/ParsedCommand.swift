/// A command line's command with its own options and positional arguments, checked against its spec.
public struct ParsedCommand: OptionValues, Sendable, Equatable {
    /// The command that was chosen.
    public var command: CommandSpec
    /// The values of the command's options taking a value, by long name.
    public var values: [String: [String]]
    /// The command's flags given, by long name.
    public var flags: Set<String>
    /// The positional arguments given, by the name of their spec (`["ID": "n1"]`).
    public var positionals: [String: String]

    /// A parsed command; the values as `ArgumentParser` finds them.
    public init(
        command: CommandSpec, values: [String: [String]] = [:], flags: Set<String> = [],
        positionals: [String: String] = [:]
    ) {
        self.command = command
        self.values = values
        self.flags = flags
        self.positionals = positionals
    }

    /// The positional argument `name`; empty when it is optional and was left out.
    public func positional(_ name: String) -> String { positionals[name] ?? "" }
}
