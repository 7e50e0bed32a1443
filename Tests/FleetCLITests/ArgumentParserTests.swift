import FleetCLI
import Testing

/// A small command table in the shape of fleetctl's, for the parser, help and completion tests.
enum Sample {
    static let test = CommandSpec(path: ["test"], summary: "check that the server answers")
    static let nodesList = CommandSpec(path: ["nodes", "list"], summary: "list the nodes")
    static let nodesShow = CommandSpec(
        path: ["nodes", "show"], summary: "show one node", positionals: [PositionalSpec(name: "ID", help: "the node id")])
    static let nodesRemove = CommandSpec(
        path: ["nodes", "rm"], summary: "forget a node", positionals: [PositionalSpec(name: "ID", help: "the node id")])
    static let upload = CommandSpec(
        path: ["artifacts", "upload"], summary: "upload a file as an artifact",
        positionals: [PositionalSpec(name: "FILE", help: "the file to upload")],
        options: [.value("name", short: "n", valueName: "N", help: "the artifact's name")])
    static let download = CommandSpec(
        path: ["artifacts", "download"], summary: "download an artifact",
        positionals: [PositionalSpec(name: "ID", help: "the artifact id")],
        options: [.value("output", short: "o", valueName: "FILE", help: "where to write it")])
    static let create = CommandSpec(
        path: ["updates", "create"], summary: "create an update job",
        options: [
            .value("name", valueName: "N", help: "the update's name", required: true),
            .value("version", valueName: "V", help: "the version it installs", required: true),
            .value("type", valueName: "T", help: "pip, file, firmware or apt", required: true),
            .value("packages", valueName: "P", help: "a package to install", repeatable: true),
            .value("targets", valueName: "T", help: "all, or node ids comma-separated"),
        ])
    static let status = CommandSpec(
        path: ["updates", "status"], summary: "a job's state on every node",
        positionals: [PositionalSpec(name: "JOB", help: "the job id")],
        options: [.flag("watch", short: "w", help: "follow the job until it ends")])
    static let completion = CommandSpec(
        path: ["completion"], summary: "print a shell completion script",
        positionals: [PositionalSpec(name: "SHELL", help: "the shell")], positionalChoices: ["bash", "zsh"])

    static let commands = [test, nodesList, nodesShow, nodesRemove, upload, download, create, status, completion]

    static let globals: [OptionSpec] = [
        .value("server", valueName: "URI", help: "the fleet server"),
        .value("timeout", short: "t", valueName: "SECONDS", help: "limit for each request"),
        .flag("json", help: "print JSON"),
    ]
}

@Suite struct ArgumentParserTests {
    func parse(_ arguments: [String], commands: [CommandSpec] = Sample.commands) throws(UsageError) -> ParseResult {
        try ArgumentParser.parse(arguments, commands: commands, globals: Sample.globals)
    }

    /// The error parsing `arguments` throws.
    func failure(_ arguments: [String]) -> UsageError? {
        do {
            _ = try parse(arguments)
            return nil
        } catch {
            return error
        }
    }

    @Test func aCommandWithoutArguments() throws {
        #expect(try parse(["test"]) == .run(ParsedCommand(command: Sample.test), globals: ParsedOptions()))
        #expect(try parse(["nodes", "list"]) == .run(ParsedCommand(command: Sample.nodesList), globals: ParsedOptions()))
    }

    @Test func positionalArgumentsByName() throws {
        let expected = ParsedCommand(command: Sample.nodesShow, positionals: ["ID": "n1"])
        #expect(try parse(["nodes", "show", "n1"]) == .run(expected, globals: ParsedOptions()))
        #expect(expected.positional("ID") == "n1")
        #expect(expected.positional("OTHER") == "")
    }

    @Test func globalOptionsBeforeBetweenAndAfterTheCommandWords() throws {
        let result = try parse(["--server", "coap://a", "nodes", "--json", "show", "n1", "--timeout", "5"])
        let globals = ParsedOptions(values: ["server": ["coap://a"], "timeout": ["5"]], flags: ["json"])
        #expect(result == .run(ParsedCommand(command: Sample.nodesShow, positionals: ["ID": "n1"]), globals: globals))
        #expect(globals.value("server") == "coap://a")
        #expect(globals.flag("json"))
        #expect(!globals.flag("watch"))
        #expect(globals.value("missing") == nil)
    }

    @Test func longOptionsWithEqualsOrSeparateValue() throws {
        let expected = ParseResult.run(
            ParsedCommand(command: Sample.upload, values: ["name": ["fw"]], positionals: ["FILE": "fw.bin"]),
            globals: ParsedOptions(values: ["server": ["coap://b"]]))
        #expect(try parse(["artifacts", "upload", "fw.bin", "--name=fw", "--server=coap://b"]) == expected)
        #expect(try parse(["artifacts", "upload", "--name", "fw", "fw.bin", "--server", "coap://b"]) == expected)
        let empty = try parse(["artifacts", "upload", "fw.bin", "--name="])
        #expect(empty == .run(
            ParsedCommand(command: Sample.upload, values: ["name": [""]], positionals: ["FILE": "fw.bin"]),
            globals: ParsedOptions()))
    }

    @Test func shortOptionsWithSeparateOrAttachedValue() throws {
        let expected = ParseResult.run(
            ParsedCommand(command: Sample.download, values: ["output": ["out.bin"]], positionals: ["ID": "a1"]),
            globals: ParsedOptions(values: ["timeout": ["3"]]))
        #expect(try parse(["artifacts", "download", "a1", "-o", "out.bin", "-t", "3"]) == expected)
        #expect(try parse(["artifacts", "download", "-oout.bin", "a1", "-t3"]) == expected)
    }

    @Test func flagsShortAndLong() throws {
        for flag in ["-w", "--watch"] {
            guard case .run(let command, _) = try parse(["updates", "status", "j1", flag]) else {
                Issue.record("not a command to run")
                return
            }
            #expect(command.flag("watch"))
            #expect(command.positional("JOB") == "j1")
        }
        // A cluster of short flags may end in an option taking the rest as its value.
        #expect(try parse(["updates", "status", "j1", "-wt5"]) == .run(
            ParsedCommand(command: Sample.status, flags: ["watch"], positionals: ["JOB": "j1"]),
            globals: ParsedOptions(values: ["timeout": ["5"]])))
    }

    @Test func doubleDashEndsTheOptions() throws {
        let result = try parse(["nodes", "rm", "--", "-odd-id"])
        #expect(result == .run(ParsedCommand(command: Sample.nodesRemove, positionals: ["ID": "-odd-id"]), globals: ParsedOptions()))
        let help = try parse(["nodes", "rm", "--", "--help"])
        #expect(help == .run(ParsedCommand(command: Sample.nodesRemove, positionals: ["ID": "--help"]), globals: ParsedOptions()))
    }

    @Test func repeatableOptionsAccumulateOthersKeepTheLastValue() throws {
        let arguments = [
            "updates", "create", "--name", "a", "--name", "b", "--version", "1", "--type", "pip",
            "--packages", "x", "--packages=y",
        ]
        guard case .run(let command, _) = try parse(arguments) else {
            Issue.record("not a command to run")
            return
        }
        #expect(command.values("packages") == ["x", "y"])
        #expect(command.value("packages") == "y")
        #expect(command.values("name") == ["b"])
        #expect(command.value("name") == "b")
        #expect(command.values("targets") == [])
        #expect(command.value("targets") == nil)
    }

    @Test func negativeNumbersAreValues() throws {
        #expect(try parse(["test", "--timeout", "-1"])
            == .run(ParsedCommand(command: Sample.test), globals: ParsedOptions(values: ["timeout": ["-1"]])))
        #expect(try parse(["nodes", "show", "-2.5"])
            == .run(ParsedCommand(command: Sample.nodesShow, positionals: ["ID": "-2.5"]), globals: ParsedOptions()))
        #expect(failure(["test", "--timeout", "-x"])
            == UsageError("option '--timeout' needs a value (SECONDS)", commandPath: ["test"]))
    }

    @Test func helpAnywhereWithThePathSoFar() throws {
        #expect(try parse(["--help"]) == .help([]))
        #expect(try parse(["-h"]) == .help([]))
        #expect(try parse(["nodes", "--help"]) == .help(["nodes"]))
        #expect(try parse(["nodes", "list", "-h"]) == .help(["nodes", "list"]))
        #expect(try parse(["--json", "-h", "nodes", "show"]) == .help(["nodes", "show"]))
        // Help wins over what is missing or wrong.
        #expect(try parse(["nodes", "show", "--help"]) == .help(["nodes", "show"]))
        #expect(try parse(["nodes", "lst", "--help"]) == .help(["nodes"]))
        #expect(try parse(["nodes", "list", "--bogus", "-h"]) == .help(["nodes", "list"]))
    }

    @Test func versionAtTopLevel() throws {
        #expect(try parse(["--version"]) == .version)
        #expect(try parse(["--json", "--version"]) == .version)
        #expect(failure(["nodes", "list", "--version"])
            == UsageError("unknown option '--version' for 'nodes list'", commandPath: ["nodes", "list"]))
    }

    @Test func theLongestMatchingCommandPathWins() throws {
        let nodes = CommandSpec(
            path: ["nodes"], summary: "nodes matching",
            positionals: [PositionalSpec(name: "PATTERN", help: "a pattern", optional: true)])
        let table = [nodes, Sample.nodesList]
        #expect(try parse(["nodes", "list"], commands: table)
            == .run(ParsedCommand(command: Sample.nodesList), globals: ParsedOptions()))
        #expect(try parse(["nodes", "n1"], commands: table)
            == .run(ParsedCommand(command: nodes, positionals: ["PATTERN": "n1"]), globals: ParsedOptions()))
        #expect(try parse(["nodes"], commands: table) == .run(ParsedCommand(command: nodes), globals: ParsedOptions()))
        // Once an argument settles the command, a later command word is an argument.
        #expect(throws: UsageError("unexpected argument 'list' for 'nodes'", commandPath: ["nodes"])) {
            try parse(["nodes", "n1", "list"], commands: table)
        }
    }

    @Test func missingCommands() {
        #expect(failure([]) == UsageError(
            "missing command; one of: test, nodes, artifacts, updates, completion", commandPath: []))
        #expect(failure(["--json"]) == UsageError(
            "missing command; one of: test, nodes, artifacts, updates, completion", commandPath: []))
        #expect(failure(["nodes"]) == UsageError(
            "missing subcommand for 'nodes'; one of: list, show, rm", commandPath: ["nodes"]))
    }

    @Test func unknownCommandsSuggestTheClosest() {
        #expect(failure(["nods"]) == UsageError("unknown command 'nods'; did you mean 'nodes'?", commandPath: []))
        #expect(failure(["tset"]) == UsageError("unknown command 'tset'; did you mean 'test'?", commandPath: []))
        #expect(failure(["nodes", "lst"]) == UsageError(
            "unknown command 'nodes lst'; did you mean 'nodes list'?", commandPath: ["nodes"]))
        #expect(failure(["frobnicate"]) == UsageError(
            "unknown command 'frobnicate'; one of: test, nodes, artifacts, updates, completion", commandPath: []))
        #expect(failure(["nodes", "x"]) == UsageError(
            "unknown command 'nodes x'; one of: list, show, rm", commandPath: ["nodes"]))
    }

    @Test func unknownOptionsSayWhichAndForWhichCommand() {
        #expect(failure(["nodes", "list", "--bogus"]) == UsageError(
            "unknown option '--bogus' for 'nodes list'", commandPath: ["nodes", "list"]))
        #expect(failure(["nodes", "list", "-x"]) == UsageError(
            "unknown option '-x' for 'nodes list'", commandPath: ["nodes", "list"]))
        #expect(failure(["nodes", "list", "--watch"]) == UsageError(
            "unknown option '--watch' for 'nodes list'", commandPath: ["nodes", "list"]))
        #expect(failure(["nodes", "--bogus", "list"]) == UsageError(
            "unknown option '--bogus' for 'nodes'", commandPath: ["nodes"]))
        #expect(failure(["--bogus"]) == UsageError("unknown option '--bogus'", commandPath: []))
    }

    @Test func optionsWithoutTheirValue() {
        #expect(failure(["nodes", "list", "--server"]) == UsageError(
            "option '--server' needs a value (URI)", commandPath: ["nodes", "list"]))
        #expect(failure(["artifacts", "download", "a1", "-o"]) == UsageError(
            "option '-o' needs a value (FILE)", commandPath: ["artifacts", "download"]))
        #expect(failure(["nodes", "list", "--server", "--json"]) == UsageError(
            "option '--server' needs a value (URI)", commandPath: ["nodes", "list"]))
    }

    @Test func flagsGivenAValue() {
        #expect(failure(["nodes", "list", "--json=x"]) == UsageError(
            "option '--json' does not take a value", commandPath: ["nodes", "list"]))
        #expect(failure(["updates", "status", "j1", "--watch=yes"]) == UsageError(
            "option '--watch' does not take a value", commandPath: ["updates", "status"]))
        #expect(failure(["--version=2"]) == UsageError("option '--version' does not take a value", commandPath: []))
    }

    @Test func positionalArgumentsMissingExtraOrNotAmongTheChoices() {
        #expect(failure(["nodes", "show"]) == UsageError("missing ID for 'nodes show'", commandPath: ["nodes", "show"]))
        #expect(failure(["nodes", "show", "a", "b"]) == UsageError(
            "unexpected argument 'b' for 'nodes show'", commandPath: ["nodes", "show"]))
        #expect(failure(["test", "now"]) == UsageError("unexpected argument 'now' for 'test'", commandPath: ["test"]))
        #expect(failure(["completion", "fish"]) == UsageError(
            "invalid SHELL 'fish'; one of: bash, zsh", commandPath: ["completion"]))
        #expect(failure(["completion"]) == UsageError("missing SHELL for 'completion'", commandPath: ["completion"]))
    }

    @Test func requiredOptions() throws {
        #expect(failure(["updates", "create", "--name", "n", "--version", "1"]) == UsageError(
            "missing option '--type' for 'updates create'", commandPath: ["updates", "create"]))
        guard case .run(let command, _) = try parse(["updates", "create", "--name", "n", "--version", "1", "--type", "pip"])
        else {
            Issue.record("not a command to run")
            return
        }
        #expect(command.values == ["name": ["n"], "version": ["1"], "type": ["pip"]])
    }

    @Test func usageErrorsDescribeThemselvesByTheirMessage() {
        #expect(UsageError("missing ID for 'nodes show'", commandPath: ["nodes", "show"]).description
            == "missing ID for 'nodes show'")
    }

    @Test func usageLines() {
        #expect(Sample.nodesShow.usage == "usage: fleetctl nodes show ID")
        #expect(Sample.download.usage == "usage: fleetctl artifacts download ID [-o FILE]")
        #expect(Sample.create.usage
            == "usage: fleetctl updates create --name N --version V --type T [--packages P]... [--targets T]")
        #expect(Sample.status.usage == "usage: fleetctl updates status JOB [-w]")
        #expect(CommandSpec(path: ["x"], summary: "", positionals: [PositionalSpec(name: "A", help: "", optional: true)]).usage
            == "usage: fleetctl x [A]")
    }
}
