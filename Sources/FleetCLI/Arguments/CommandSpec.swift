/// One command of fleetctl, such as `nodes show ID [--watch]`: the words that name it, what it
/// takes, and a line saying what it does. A table of these drives parsing, help and completion.
public struct CommandSpec: Sendable, Equatable {
    /// The words naming the command (`["nodes", "show"]`); the leading words are its group.
    public var path: [String]
    /// One line saying what the command does.
    public var summary: String
    /// The positional arguments, in order.
    public var positionals: [PositionalSpec]
    /// The command's own options (the global ones come on top).
    public var options: [OptionSpec]
    /// The only values the first positional argument may take (`["bash", "zsh"]`), if fixed.
    public var positionalChoices: [String]?

    /// A command named by `path`; see the properties.
    public init(
        path: [String], summary: String, positionals: [PositionalSpec] = [],
        options: [OptionSpec] = [], positionalChoices: [String]? = nil
    ) {
        self.path = path
        self.summary = summary
        self.positionals = positionals
        self.options = options
        self.positionalChoices = positionalChoices
    }

    /// The command's usage line, e.g. `usage: fleetctl nodes show ID [--watch] [-o FILE]`.
    public var usage: String { "usage: " + usageWords.joined(separator: " ") }

    /// The usage line's parts after `usage: `, each kept whole when a help text wraps the line.
    var usageWords: [String] {
        ["fleetctl"] + path + positionals.map(\.usage) + options.map(\.usage)
    }

    /// The command's path as typed, `nodes show`.
    var name: String { path.joined(separator: " ") }
}
