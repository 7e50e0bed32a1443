/// One positional argument of a command, such as the `ID` of `nodes show ID`.
public struct PositionalSpec: Sendable, Equatable {
    /// The name shown in usage lines and used as the key of `ParsedCommand.positionals` (`"ID"`).
    /// Arguments named `FILE` or `PATH` complete as file names.
    public var name: String
    /// One line saying what the argument is.
    public var help: String
    /// Whether the argument may be left out; optional arguments come after the required ones.
    public var optional: Bool

    /// An argument named `name`, required unless `optional`.
    public init(name: String, help: String, optional: Bool = false) {
        self.name = name
        self.help = help
        self.optional = optional
    }

    /// How the argument reads in a usage line: `ID`, or `[ID]` when optional.
    var usage: String { optional ? "[\(name)]" : name }
}
