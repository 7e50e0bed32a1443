/// Parses fleetctl's command line against a table of commands and the global options.
///
/// The leading words that are not options name the command; the longest command path they match
/// wins, and the words after it are its positional arguments. Global options may stand anywhere;
/// a command's own options anywhere after its name. `--opt value`, `--opt=value`, `-o value`,
/// `-ovalue` and clusters of short flags (`-wj`) all work; `--` ends the options. A value that
/// looks like a negative number (`--timeout -1`) is a value, not an option. `--help` or `-h`
/// anywhere asks for help, `--version` before any command word for the version; neither needs
/// to be in the tables.
public enum ArgumentParser {
    /// What `arguments` (the command line without the program name) asks for.
    public static func parse(
        _ arguments: [String], commands: [CommandSpec], globals: [OptionSpec]
    ) throws(UsageError) -> ParseResult {
        var parse = Parse(table: CommandTable(commands: commands), globals: globals)
        do throws(UsageError) {
            return try parse.run(arguments)
        } catch {
            // Help wins over a mistake made earlier on the line, such as a mistyped subcommand.
            if arguments.prefix(while: { $0 != "--" }).contains(where: { $0 == "--help" || $0 == "-h" }) {
                return .help(error.commandPath)
            }
            throw error
        }
    }
}

/// The state of one parse, going through the arguments once.
private struct Parse {
    let table: CommandTable
    let globals: [OptionSpec]
    /// The command words so far.
    var path: [String] = []
    /// Whether the command is settled (a positional argument or one of its options came), so
    /// further words are positional arguments even if a longer command would match.
    var settled = false
    /// The command's own options, the global ones and the positional arguments so far.
    var options = ParsedOptions()
    var globalOptions = ParsedOptions()
    var positionals: [String] = []
    /// Whether `--help` or `--version` came.
    var help = false
    var version = false

    /// The command the words so far name, if they name one.
    var command: CommandSpec? { table.command(path) }

    mutating func run(_ arguments: [String]) throws(UsageError) -> ParseResult {
        var rest = arguments[...]
        var optionsEnded = false
        while let argument = rest.popFirst() {
            if optionsEnded || !isOption(argument) {
                try word(argument)
            } else if argument == "--" {
                optionsEnded = true
            } else if argument.hasPrefix("--") {
                try long(argument, &rest)
            } else {
                try short(argument, &rest)
            }
        }
        if help { return .help(path) }
        if version { return .version }
        return .run(try finish(), globals: globalOptions)
    }

    /// A word that is not an option: a command word, or a positional argument.
    mutating func word(_ word: String) throws(UsageError) {
        if !settled, table.nextWords(after: path).contains(word) {
            path.append(word)
            return
        }
        guard command != nil else { throw unknownCommand(word) }
        settled = true
        positionals.append(word)
    }

    /// `--name`, `--name=value` or `--name value`.
    mutating func long(_ argument: String, _ rest: inout ArraySlice<String>) throws(UsageError) {
        let body = argument.dropFirst(2)
        let name = String(body.prefix { $0 != "=" })
        let inline = body.firstIndex(of: "=").map { String(body[body.index(after: $0)...]) }
        if name == "help" || (name == "version" && path.isEmpty) {
            guard inline == nil else { throw valueForFlag("--\(name)") }
            if name == "help" { help = true } else { version = true }
            return
        }
        guard let option = lookUp({ $0.name == name }) else { throw unknownOption("--\(name)") }
        guard option.takesValue else {
            guard inline == nil else { throw valueForFlag("--\(name)") }
            return record(option, value: nil)
        }
        let value = if let inline { inline } else { try value(for: "--\(name)", option, &rest) }
        record(option, value: value)
    }

    /// `-f`, `-o value`, `-ovalue`, or a cluster of short flags ending perhaps in one taking a value.
    mutating func short(_ argument: String, _ rest: inout ArraySlice<String>) throws(UsageError) {
        var letters = argument.dropFirst()
        while let letter = letters.popFirst() {
            if letter == "h" {
                help = true
                continue
            }
            guard let option = lookUp({ $0.short == letter }) else { throw unknownOption("-\(letter)") }
            guard option.takesValue else {
                record(option, value: nil)
                continue
            }
            let value = letters.isEmpty ? try value(for: "-\(letter)", option, &rest) : String(letters)
            return record(option, value: value)
        }
    }

    /// The argument after an option taking a value, which must not itself be an option.
    func value(for spelled: String, _ option: OptionSpec, _ rest: inout ArraySlice<String>) throws(UsageError) -> String {
        guard let next = rest.first, !isOption(next) else {
            throw UsageError("option '\(spelled)' needs a value (\(option.valueName ?? ""))", commandPath: path)
        }
        return rest.removeFirst()
    }

    /// The command's option or else the global option matching `test`.
    func lookUp(_ test: (OptionSpec) -> Bool) -> OptionSpec? {
        command?.options.first(where: test) ?? globals.first(where: test)
    }

    /// Keeps an option's value with the command's options or the global ones.
    mutating func record(_ option: OptionSpec, value: String?) {
        if let command, command.options.contains(option) {
            settled = true
            options.record(option, value: value)
        } else {
            globalOptions.record(option, value: value)
        }
    }

    /// The command with its positional arguments checked against its spec.
    func finish() throws(UsageError) -> ParsedCommand {
        guard let command else { throw missingCommand() }
        let specs = command.positionals
        if positionals.count > specs.count {
            throw UsageError(
                "unexpected argument '\(positionals[specs.count])' for '\(command.name)'", commandPath: path)
        }
        if let choices = command.positionalChoices, let first = positionals.first, let spec = specs.first,
            !choices.contains(first)
        {
            throw UsageError(
                "invalid \(spec.name) '\(first)'; one of: \(choices.joined(separator: ", "))", commandPath: path)
        }
        if let missing = specs.dropFirst(positionals.count).first(where: { !$0.optional }) {
            throw UsageError("missing \(missing.name) for '\(command.name)'", commandPath: path)
        }
        if let missing = command.options.first(where: { $0.required && options.values[$0.name] == nil }) {
            throw UsageError("missing option '--\(missing.name)' for '\(command.name)'", commandPath: path)
        }
        return ParsedCommand(
            command: command, values: options.values, flags: options.flags,
            positionals: Dictionary(uniqueKeysWithValues: zip(specs.map(\.name), positionals)))
    }

    func valueForFlag(_ spelled: String) -> UsageError {
        UsageError("option '\(spelled)' does not take a value", commandPath: path)
    }

    func unknownOption(_ spelled: String) -> UsageError {
        let place = path.isEmpty ? "" : " for '\(path.joined(separator: " "))'"
        return UsageError("unknown option '\(spelled)'\(place)", commandPath: path)
    }

    func unknownCommand(_ word: String) -> UsageError {
        let candidates = table.nextWords(after: path)
        let closest = candidates.map { (word: $0, distance: editDistance(word, $0)) }
            .filter { $0.distance <= 2 && $0.distance < word.count }
            .min { $0.distance < $1.distance }
        let hint = closest.map { "did you mean '\((path + [$0.word]).joined(separator: " "))'?" }
            ?? "one of: \(candidates.joined(separator: ", "))"
        return UsageError(
            "unknown command '\((path + [word]).joined(separator: " "))'; \(hint)", commandPath: path)
    }

    func missingCommand() -> UsageError {
        let words = table.nextWords(after: path).joined(separator: ", ")
        let message = path.isEmpty
            ? "missing command; one of: \(words)"
            : "missing subcommand for '\(path.joined(separator: " "))'; one of: \(words)"
        return UsageError(message, commandPath: path)
    }
}

/// Whether a command-line word is an option (or `--`) rather than a value: it starts with `-`, is
/// longer than `-` alone (standard input, by convention), and is not a negative number.
private func isOption(_ word: String) -> Bool {
    guard word.count > 1, word.hasPrefix("-") else { return false }
    let second = word[word.index(after: word.startIndex)]
    return !(second.isASCII && second.isNumber && Double(word) != nil)
}
