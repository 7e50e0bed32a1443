/// fleetctl's help texts, made from the command table: plain text, at most 100 columns, labels
/// and descriptions aligned in one column per text, no trailing spaces. `--help`/`-h` (and, in
/// the overview, `--version`), which the parser knows by itself, are listed with the global
/// options unless those already hold them.
public enum HelpText {
    /// The help of fleetctl as a whole: every command, grouped by first word, then the global
    /// options.
    public static func overview(commands: [CommandSpec], globals: [OptionSpec]) -> String {
        var groups: [[CommandSpec]] = []
        for command in commands {
            if let index = groups.firstIndex(where: { $0[0].path.first == command.path.first }) {
                groups[index].append(command)
            } else {
                groups.append([command])
            }
        }
        return render([
            .lines(["usage: fleetctl COMMAND [ARGUMENTS] [OPTIONS]"]),
            .section("commands:", groups.map { $0.map(commandRow) }),
            globalSection(globals, builtIn: [helpOption, versionOption]),
            .lines(["run 'fleetctl COMMAND --help' for the arguments and options of a command"]),
        ])
    }

    /// The help of the group of commands whose paths start with `path` (`["nodes"]`).
    public static func group(_ path: [String], commands: [CommandSpec], globals: [OptionSpec]) -> String {
        let name = (["fleetctl"] + path).joined(separator: " ")
        let members = commands.filter { $0.path.count > path.count && $0.path.starts(with: path) }
        return render([
            .lines(["usage: \(name) COMMAND [ARGUMENTS] [OPTIONS]"]),
            .section("commands:", [members.map(commandRow)]),
            globalSection(globals, builtIn: [helpOption]),
            .lines(["run '\(name) COMMAND --help' for the arguments and options of a command"]),
        ])
    }

    /// The help of one command: its usage, summary, arguments and options, then the global options.
    public static func command(_ spec: CommandSpec, globals: [OptionSpec]) -> String {
        let arguments = spec.positionals.enumerated().map { index, positional in
            var text = positional.help
            if index == 0, let choices = spec.positionalChoices {
                text += " (one of: \(choices.joined(separator: ", ")))"
            }
            if positional.optional { text += " (optional)" }
            return Row(label: "  " + positional.name, text: text)
        }
        return render([
            .lines(wrap(["usage:"] + spec.usageWords, width: width, indent: "       ")),
            .lines(wrap(spec.summary.split(separator: " ").map(String.init), width: width, indent: "")),
            .section("arguments:", [arguments]),
            .section("options:", [spec.options.map(optionRow)]),
            globalSection(globals, builtIn: [helpOption]),
        ])
    }

    /// The widest a line may be.
    private static let width = 100

    /// `--help`, which the parser knows without a spec.
    private static let helpOption = OptionSpec.flag("help", short: "h", help: "show this help")

    /// `--version`, which the parser knows (before any command word) without a spec.
    private static let versionOption = OptionSpec.flag("version", help: "print fleetctl's version")

    /// A label and its description, one row of a section.
    private struct Row {
        let label: String
        let text: String
    }

    /// A part of a help text; parts are separated by blank lines.
    private enum Block {
        /// Lines as they are.
        case lines([String])
        /// A title and rows, in groups separated by blank lines; left out when it has no rows.
        case section(String, [[Row]])
    }

    private static func commandRow(_ command: CommandSpec) -> Row {
        Row(label: "  " + command.name, text: command.summary)
    }

    private static func optionRow(_ option: OptionSpec) -> Row {
        var text = option.help
        if option.required { text += " (required)" }
        if option.repeatable { text += " (repeatable)" }
        return Row(label: "  " + option.label, text: text)
    }

    private static func globalSection(_ globals: [OptionSpec], builtIn: [OptionSpec]) -> Block {
        let added = builtIn.filter { option in !globals.contains { $0.name == option.name } }
        return .section("global options:", [(globals + added).map(optionRow)])
    }

    /// The blocks as text, every description starting in the same column.
    private static func render(_ blocks: [Block]) -> String {
        let labels = blocks.flatMap { block -> [String] in
            guard case .section(_, let groups) = block else { return [] }
            return groups.joined().map(\.label)
        }
        let column = (labels.map(\.count).max() ?? 0) + 2
        let indent = String(repeating: " ", count: column)
        var parts: [String] = []
        for block in blocks {
            switch block {
            case .lines(let lines):
                parts.append(lines.joined(separator: "\n"))
            case .section(let title, let groups):
                let groups = groups.filter { !$0.isEmpty }
                guard !groups.isEmpty else { continue }
                let rows = groups.map { group in
                    group.map { row in
                        let words = row.text.split(separator: " ").map(String.init)
                        let lines = wrap(words, width: max(width - column, 20), indent: "")
                        guard let first = lines.first else { return row.label }
                        let padded = row.label + String(repeating: " ", count: column - row.label.count)
                        return ([padded + first] + lines.dropFirst().map { indent + $0 }).joined(separator: "\n")
                    }.joined(separator: "\n")
                }
                parts.append(title + "\n" + rows.joined(separator: "\n\n"))
            }
        }
        return parts.joined(separator: "\n\n") + "\n"
    }

    /// `words` filled into lines of at most `width` columns (a longer word gets a line of its
    /// own), every line but the first starting with `indent`.
    private static func wrap(_ words: [String], width: Int, indent: String) -> [String] {
        var lines: [String] = []
        var line = ""
        for word in words {
            if line.isEmpty {
                line = (lines.isEmpty ? "" : indent) + word
            } else if line.count + 1 + word.count <= width {
                line += " " + word
            } else {
                lines.append(line)
                line = indent + word
            }
        }
        if !line.isEmpty { lines.append(line) }
        return lines
    }
}
