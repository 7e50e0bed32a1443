import FleetCLI
import Foundation
import Testing
import TestSupport

@Suite struct CompletionTests {
    /// `word` in single quotes for a shell command line.
    static func quoted(_ word: String) -> String {
        "'" + word.split(separator: "'", omittingEmptySubsequences: false).joined(separator: #"'\''"#) + "'"
    }

    /// The script for `shell` written to a file of a fresh directory holding the files
    /// `fw.bin` and `firmware.img` too; the directory and the script's path.
    static func write(_ shell: String) throws -> (directory: String, script: String) {
        let directory = try makeTemporaryDirectory("fleetctl-completion")
        for file in ["fw.bin", "firmware.img"] {
            #expect(FileManager.default.createFile(atPath: directory + "/" + file, contents: Data()))
        }
        let path = directory + "/completion." + shell
        try Completion.script(shell: shell, commands: Sample.commands, globals: Sample.globals)
            .write(toFile: path, atomically: true, encoding: .utf8)
        return (directory, path)
    }

    static let zsh = "/usr/bin/zsh"

    @Test func unknownShells() {
        #expect(throws: UsageError("no completion for shell 'fish'; one of: bash, zsh", commandPath: ["completion"])) {
            try Completion.script(shell: "fish", commands: Sample.commands, globals: Sample.globals)
        }
    }

    @Test func bashScriptIsValidAndNamesEveryCommandWord() async throws {
        let (directory, path) = try Self.write("bash")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let result = try await run("/bin/bash", ["-n", path])
        #expect(result.status == 0, "\(result.error)")
        let script = try String(contentsOfFile: path, encoding: .utf8)
        for word in Sample.commands.flatMap(\.path) + ["--server", "--timeout", "--json", "--watch", "--packages"] {
            #expect(script.contains(word))
        }
        #expect(script.contains("complete -F _fleetctl fleetctl"))
        #expect(script.contains("compgen -f"))
    }

    @Test(arguments: [
        (["fleetctl", "no"], ["nodes"]),
        (["fleetctl", ""], ["test", "nodes", "artifacts", "updates", "completion"]),
        (["fleetctl", "nodes", ""], ["list", "show", "rm"]),
        (["fleetctl", "completion", ""], ["bash", "zsh"]),
        (["fleetctl", "completion", "z"], ["zsh"]),
        (["fleetctl", "completion", "bash", ""], []),
        (["fleetctl", "--server", "coap://h", "--json", "up"], ["updates"]),
        (["fleetctl", "updates", "status", "j1", "--w"], ["--watch"]),
        (["fleetctl", "nodes", "show", "--"], ["--server", "--timeout", "--json", "--help"]),
        (["fleetctl", "artifacts", "upload", "f"], ["firmware.img", "fw.bin"]),
        (["fleetctl", "artifacts", "download", "a1", "-o", "fi"], ["firmware.img"]),
        (["fleetctl", "artifacts", "download", "a1", "--output", "=", "fw"], ["fw.bin"]),
        (["fleetctl", "updates", "create", "--name", ""], []),
        (["fleetctl", "nodes", "show", ""], []),
    ])
    func bashCompletes(words: [String], expected: [String]) async throws {
        let (directory, path) = try Self.write("bash")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let command = """
            cd \(Self.quoted(directory)) && source \(Self.quoted(path)) && \
            COMP_WORDS=(\(words.map(Self.quoted).joined(separator: " "))) && COMP_CWORD=\(words.count - 1) && \
            _fleetctl && printf '%s\\n' "${COMPREPLY[@]}"
            """
        let result = try await run("/bin/bash", ["-c", command])
        #expect(result.status == 0, "\(result.error)")
        let offered = result.output.split(separator: "\n").map(String.init)
        #expect((expected.contains("fw.bin") ? offered.sorted() : offered) == expected)
    }

    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: zsh)))
    func zshScriptIsValid() async throws {
        let (directory, path) = try Self.write("zsh")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let result = try await run(Self.zsh, ["-n", path])
        #expect(result.status == 0, "\(result.error)")
        let script = try String(contentsOfFile: path, encoding: .utf8)
        #expect(script.hasPrefix("#compdef fleetctl\n"))
        #expect(script.contains("compdef _fleetctl fleetctl"))
        #expect(script.contains("_files"))
    }

    /// zsh's completion functions replaced by ones printing what they were given, so the script's
    /// own logic runs in a plain zsh.
    static let zshStubs = """
        compdef() { print -r -- "compdef $*"; }
        _describe() { print -rl -- ${(P)4}; }
        _files() { print -r -- files; }
        compset() { PREFIX=${PREFIX#*=}; }
        """

    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: zsh)), arguments: [
        (["fleetctl", "no"], ["test:check that the server answers", "nodes:list, show, rm",
                              "artifacts:upload, download", "updates:create, status",
                              "completion:print a shell completion script"]),
        (["fleetctl", "nodes", ""], ["list:list the nodes", "show:show one node", "rm:forget a node"]),
        (["fleetctl", "completion", ""], ["bash", "zsh"]),
        (["fleetctl", "--server", "coap://h", "updates", "status", "j1", "-"], [
            "--watch:follow the job until it ends", "-w:follow the job until it ends",
            "--server:the fleet server", "--timeout:limit for each request", "-t:limit for each request",
            "--json:print JSON", "--help:show help", "-h:show help",
        ]),
        (["fleetctl", "artifacts", "upload", ""], ["files"]),
        (["fleetctl", "artifacts", "download", "a1", "-o", ""], ["files"]),
        (["fleetctl", "artifacts", "download", "a1", "--output=f"], ["files"]),
        (["fleetctl", "updates", "create", "--name", ""], []),
    ])
    func zshCompletes(words: [String], expected: [String]) async throws {
        let (directory, path) = try Self.write("zsh")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let command = """
            \(Self.zshStubs)
            source \(Self.quoted(path)) >/dev/null
            words=(\(words.map(Self.quoted).joined(separator: " "))); CURRENT=\(words.count); PREFIX=${words[CURRENT]}
            _fleetctl
            """
        let result = try await run(Self.zsh, ["-f", "-c", command])
        #expect(result.error == "")
        #expect(result.output.split(separator: "\n").map(String.init) == expected)
    }
}
