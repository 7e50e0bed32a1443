/// Shell completion scripts for fleetctl, made from the command table: they complete the command
/// words at each level, the options of the chosen command and the global ones, the fixed values
/// of a first positional argument, and file names for values and arguments named `FILE` or `PATH`.
public enum Completion {
    /// The shells there are scripts for.
    public static let shells = ["bash", "zsh"]

    /// The completion script for `shell` (`"bash"` or `"zsh"`).
    public static func script(
        shell: String, commands: [CommandSpec], globals: [OptionSpec]
    ) throws(UsageError) -> String {
        let table = CommandTable(commands: commands)
        switch shell {
        case "bash": return BashCompletion.script(table, globals: globals)
        case "zsh": return ZshCompletion.script(table, globals: globals)
        default:
            throw UsageError(
                "no completion for shell '\(shell)'; one of: \(shells.joined(separator: ", "))",
                commandPath: ["completion"])
        }
    }

    /// Whether values or arguments named `name` are file names.
    static func isFile(_ name: String?) -> Bool { name == "FILE" || name == "PATH" }

    /// The spellings of `options` on a command line: `--output`, `-o`, …
    static func spellings(_ options: [OptionSpec]) -> [String] {
        options.flatMap { option in ["--\(option.name)"] + (option.short.map { ["-\($0)"] } ?? []) }
    }

    /// `word` as one shell word, in single quotes unless it needs none.
    static func quote(_ word: String) -> String {
        let plain = !word.isEmpty && word.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "-_.,:/+=@%".contains($0)) }
        return plain ? word : "'" + word.split(separator: "'", omittingEmptySubsequences: false).joined(separator: #"'\''"#) + "'"
    }

    /// `arms` of a `case`, one a line, or a comment when there are none (a `case` may be empty).
    /// The `case` arms both scripts have, in the shell's `arm` format: for each command, the
    /// options that take a value, those whose value is a file, and its positional's fixed choices
    /// (commands with none are left out).
    static func optionArms(
        of commands: [CommandSpec], arm: ([String], [String]) -> String
    ) -> (valueOptions: [String], fileOptions: [String], choices: [String]) {
        func nonEmptyArm(_ path: [String], _ words: [String]) -> String? {
            words.isEmpty ? nil : arm(path, words)
        }
        let valueOptions = commands.compactMap { nonEmptyArm($0.path, spellings($0.options.filter(\.takesValue))) }
        let fileOptions = commands.compactMap { nonEmptyArm($0.path, spellings($0.options.filter { isFile($0.valueName) })) }
        let choices = commands.compactMap { command in command.positionalChoices.map { arm(command.path, $0) } }
        return (valueOptions, fileOptions, choices)
    }

    static func caseArms(_ arms: [String]) -> String {
        arms.isEmpty ? "        # none" : arms.joined(separator: "\n")
    }

    /// The arms of a `case "$1:$2"` succeeding for each argument `$2` (from 0) of a command `$1`
    /// that is a file name.
    static func fileArgumentArms(_ commands: [CommandSpec]) -> [String] {
        commands.flatMap { command in
            command.positionals.indices.filter { isFile(command.positionals[$0].name) }.map {
                "        \(quote(command.name + ":\($0)"))) return 0 ;;"
            }
        }
    }
}
