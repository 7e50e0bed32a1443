import FleetCLI
import Testing

@Suite struct HelpTextTests {
    @Test func overviewListsEveryCommandGroupedThenTheGlobalOptions() {
        #expect(HelpText.overview(commands: Sample.commands, globals: Sample.globals) == """
            usage: fleetctl COMMAND [ARGUMENTS] [OPTIONS]

            commands:
              test                   check that the server answers

              nodes list             list the nodes
              nodes show             show one node
              nodes rm               forget a node

              artifacts upload       upload a file as an artifact
              artifacts download     download an artifact

              updates create         create an update job
              updates status         a job's state on every node

              completion             print a shell completion script

            global options:
                  --server URI       the fleet server
              -t, --timeout SECONDS  limit for each request
                  --json             print JSON
              -h, --help             show this help
                  --version          print fleetctl's version

            run 'fleetctl COMMAND --help' for the arguments and options of a command

            """)
    }

    @Test func groupListsItsCommands() {
        #expect(HelpText.group(["nodes"], commands: Sample.commands, globals: Sample.globals) == """
            usage: fleetctl nodes COMMAND [ARGUMENTS] [OPTIONS]

            commands:
              nodes list             list the nodes
              nodes show             show one node
              nodes rm               forget a node

            global options:
                  --server URI       the fleet server
              -t, --timeout SECONDS  limit for each request
                  --json             print JSON
              -h, --help             show this help

            run 'fleetctl nodes COMMAND --help' for the arguments and options of a command

            """)
    }

    @Test func commandWithOptions() {
        #expect(HelpText.command(Sample.create, globals: Sample.globals) == """
            usage: fleetctl updates create --name N --version V --type T [--packages P]... [--targets T]

            create an update job

            options:
                  --name N           the update's name (required)
                  --version V        the version it installs (required)
                  --type T           pip, file, firmware or apt (required)
                  --packages P       a package to install (repeatable)
                  --targets T        all, or node ids comma-separated

            global options:
                  --server URI       the fleet server
              -t, --timeout SECONDS  limit for each request
                  --json             print JSON
              -h, --help             show this help

            """)
    }

    @Test func commandWithArgumentsAndShortOptions() {
        #expect(HelpText.command(Sample.download, globals: []) == """
            usage: fleetctl artifacts download ID [-o FILE]

            download an artifact

            arguments:
              ID                 the artifact id

            options:
              -o, --output FILE  where to write it

            global options:
              -h, --help         show this help

            """)
    }

    @Test func commandWithChoicesAndOptionalArguments() {
        let spec = CommandSpec(
            path: ["completion"], summary: "print a shell completion script",
            positionals: [
                PositionalSpec(name: "SHELL", help: "the shell"),
                PositionalSpec(name: "FILE", help: "where to write it", optional: true),
            ],
            positionalChoices: ["bash", "zsh"])
        #expect(HelpText.command(spec, globals: [.flag("help", short: "h", help: "help, given by the caller")]) == """
            usage: fleetctl completion SHELL [FILE]

            print a shell completion script

            arguments:
              SHELL       the shell (one of: bash, zsh)
              FILE        where to write it (optional)

            global options:
              -h, --help  help, given by the caller

            """)
    }

    @Test func longTextsWrapAtOneHundredColumnsWithoutTrailingSpaces() {
        let words = (1...40).map { "word\($0)" }.joined(separator: " ")
        let spec = CommandSpec(
            path: ["long"], summary: words, positionals: [PositionalSpec(name: "ARGUMENT", help: words)],
            options: (1...12).map { .value("option-number-\($0)", valueName: "VALUE", help: "option \($0)") })
        let text = HelpText.command(spec, globals: Sample.globals)
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.allSatisfy { $0.count <= 100 })
        #expect(lines.allSatisfy { !$0.hasSuffix(" ") })
        #expect(lines[0] == "usage: fleetctl long ARGUMENT [--option-number-1 VALUE] [--option-number-2 VALUE]")
        #expect(lines[1] == "       [--option-number-3 VALUE] [--option-number-4 VALUE] [--option-number-5 VALUE]")
        #expect(lines[6] == "word1 word2 word3 word4 word5 word6 word7 word8 word9 word10 word11 word12 word13 word14 word15")
        #expect(text.contains("""
            arguments:
              ARGUMENT                      word1 word2 word3 word4 word5 word6 word7 word8 word9 word10 word11
                                            word12 word13 word14 word15 word16 word17 word18 word19 word20
                                            word21 word22 word23 word24 word25 word26 word27 word28 word29
                                            word30 word31 word32 word33 word34 word35 word36 word37 word38
                                            word39 word40

            options:
                  --option-number-1 VALUE   option 1
            """))
        for help in [
            HelpText.overview(commands: Sample.commands + [spec], globals: Sample.globals),
            HelpText.group(["updates"], commands: Sample.commands, globals: Sample.globals),
        ] {
            let lines = help.split(separator: "\n", omittingEmptySubsequences: false)
            #expect(lines.allSatisfy { $0.count <= 100 && !$0.hasSuffix(" ") })
        }
    }
}
