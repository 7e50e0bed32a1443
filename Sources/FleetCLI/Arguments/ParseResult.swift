/// What a command line asks fleetctl to do.
public enum ParseResult: Sendable, Equatable {
    /// Run `command`, with the global options given anywhere on the line.
    case run(ParsedCommand, globals: ParsedOptions)
    /// Print help for the command words given before, between or after `--help`/`-h`: `[]` for
    /// fleetctl as a whole, a group (`["nodes"]`) or a command (`["nodes", "list"]`).
    case help([String])
    /// Print fleetctl's version (`--version` before any command word).
    case version
}
