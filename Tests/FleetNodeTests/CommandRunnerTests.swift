import FleetNode
import Foundation
import Glibc
import Testing

@Suite struct CommandRunnerTests {
    @Test func capturesExitStatusAndBothOutputStreams() async throws {
        let result = try await CommandRunner.run(Command(["/bin/sh", "-c", "echo out; echo err >&2; exit 3"]))
        #expect(result.termination == .exited(3))
        #expect(result.output == "out\nerr\n")
        #expect(!result.truncated && !result.succeeded)
        #expect(result.summary == "exit status 3: out\nerr")
    }

    @Test func looksProgramsUpInPathAndPassesArgumentsUnchanged() async throws {
        let result = try await CommandRunner.run(Command(["printf", "%s|%s", "a  b", "$HOME"]))
        #expect(result.succeeded)
        #expect(result.output == "a  b|$HOME")
        #expect(result.summary == "exit status 0: a  b|$HOME")
    }

    @Test func reportsTheSignalThatEndedTheChild() async throws {
        let result = try await CommandRunner.run(Command(["/bin/sh", "-c", "kill -9 $$"]))
        #expect(result.termination == .signalled(SIGKILL))
        #expect(result.summary == "killed by signal 9")
    }

    @Test func addsTheEnvironmentToTheAgentsOwn() async throws {
        let script = #"printf '%s|%s|%s' "$FLEET_RUNNER_TEST" "$HOME" "${PATH:+inherited}""#
        let command = Command(["/bin/sh", "-c", script], environment: ["FLEET_RUNNER_TEST": "a b=c", "HOME": "/nowhere"])
        #expect(try await CommandRunner.run(command).output == "a b=c|/nowhere|inherited")
    }

    @Test func startsInTheWorkingDirectory() async throws {
        let directory = try HealthTestDirectory()
        defer { directory.remove() }
        // A link rather than a script written here: a child spawned meanwhile by another test could hold the
        // script's write descriptor and make its execution fail with "Text file busy".
        try FileManager.default.createSymbolicLink(atPath: directory.path + "/where", withDestinationPath: "/bin/pwd")
        let real = try #require(realpath(directory.path, nil))
        defer { free(real) }
        // A relative program is found in the working directory, as after `cd` in a shell.
        let result = try await CommandRunner.run(Command(["./where", "-P"], workingDirectory: directory.path))
        #expect(result.output == String(cString: real) + "\n")
    }

    @Test func aMissingWorkingDirectoryFailsToSpawn() async {
        await #expect(throws: CommandError.spawnFailed("working directory /nonexistent-fleet: No such file or directory")) {
            try await CommandRunner.run(Command(["true"], workingDirectory: "/nonexistent-fleet"))
        }
    }

    @Test func aMissingProgramIsNotFound() async {
        await #expect(throws: CommandError.notFound("fleet-no-such-program")) {
            try await CommandRunner.run(Command(["fleet-no-such-program"]))
        }
        await #expect(throws: CommandError.notFound("/nonexistent/fleet-program")) {
            try await CommandRunner.run(Command(["/nonexistent/fleet-program"]))
        }
        // The command's own PATH is the one searched.
        await #expect(throws: CommandError.notFound("sh")) {
            try await CommandRunner.run(Command(["sh", "-c", "true"], environment: ["PATH": "/nonexistent-fleet"]))
        }
    }

    @Test func aFileWithoutExecutePermissionFailsToSpawn() async throws {
        let directory = try HealthTestDirectory()
        defer { directory.remove() }
        try directory.write("#!/bin/sh\n", to: "plain")
        let plain = directory.path + "/plain"
        await #expect(throws: CommandError.spawnFailed("\(plain): Permission denied")) {
            try await CommandRunner.run(Command([plain]))
        }
    }

    @Test func theTimeoutEndsTheChildQuickly() async throws {
        let directory = try HealthTestDirectory()
        defer { directory.remove() }
        let pidFile = directory.path + "/pid"
        let started = ContinuousClock.now
        let result = try await CommandRunner.run(
            Command(["/bin/sh", "-c", #"echo $$ > "$1"; exec sleep 300"#, "sh", pidFile], timeout: .milliseconds(300)))
        #expect(ContinuousClock.now - started < .seconds(60), "far below the 300 s the child would run")
        #expect(result.termination == .timedOut)
        #expect(result.summary == "timed out after 300 ms")
        let pid = try #require(pid_t(try String(contentsOfFile: pidFile, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)))
        #expect(kill(pid, 0) == -1 && errno == ESRCH)
    }

    @Test func theTimeoutEndsTheWholeProcessGroup() async throws {
        let directory = try HealthTestDirectory()
        defer { directory.remove() }
        let pidFile = directory.path + "/pid"
        let started = ContinuousClock.now
        // The background sleep keeps the output pipe open after its shell has gone.
        let result = try await CommandRunner.run(
            Command(["/bin/sh", "-c", #"sleep 300 & echo $! > "$1"; wait"#, "sh", pidFile], timeout: .milliseconds(300)))
        #expect(ContinuousClock.now - started < .seconds(60), "far below the 300 s the child would run")
        #expect(result.termination == .timedOut)
        let pid = try #require(pid_t(try String(contentsOfFile: pidFile, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)))
        #expect(Self.hasEnded(pid))
    }

    @Test func backgroundProcessesDoNotHoldTheRunOpen() async throws {
        let directory = try HealthTestDirectory()
        defer { directory.remove() }
        let pidFile = directory.path + "/pid"
        let started = ContinuousClock.now
        let result = try await CommandRunner.run(
            Command(["/bin/sh", "-c", #"sleep 300 & echo $! > "$1"; echo done"#, "sh", pidFile], timeout: .seconds(120)))
        #expect(ContinuousClock.now - started < .seconds(60), "far below the 300 s the child would run")
        #expect(result.termination == .exited(0))
        #expect(result.output == "done\n")
        let pid = try #require(pid_t(try String(contentsOfFile: pidFile, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)))
        #expect(!Self.hasEnded(pid))
        kill(pid, SIGKILL)
    }

    @Test func cancellingTheTaskEndsTheChild() async throws {
        let started = ContinuousClock.now
        let task = Task { try await CommandRunner.run(Command(["sleep", "300"])) }
        task.cancel()
        let result = try await task.value
        #expect(result.termination == .signalled(SIGTERM))
        #expect(ContinuousClock.now - started < .seconds(60), "far below the 300 s the child would run")
    }

    @Test func longOutputKeepsItsHeadAndTail() async throws {
        let script = #"echo START; head -c 1000000 /dev/zero | tr '\0' a; echo END"#
        let result = try await CommandRunner.run(Command(["/bin/sh", "-c", script], outputLimit: 4096))
        #expect(result.succeeded && result.truncated)
        let cut = 6 + 1_000_000 + 4 - 4096
        let expected = "START\n" + String(repeating: "a", count: 2042) + "\n… [\(cut) bytes cut] …\n"
            + String(repeating: "a", count: 2044) + "END\n"
        #expect(result.output == expected)
    }

    @Test func invalidUTF8IsReplaced() async throws {
        let result = try await CommandRunner.run(Command(["printf", #"a\377b"#]))
        #expect(result.output == "a\u{FFFD}b")
    }

    @Test func childrenStartWithNoBlockedSignalsAndDefaultHandling() async throws {
        // Ignore SIGHUP for the process around the spawn, as a daemonised agent might. (Blocking signals in this
        // thread would outlive the test: after the await it continues on another pool thread.)
        let previousHangUp = signal(SIGHUP, SIG_IGN)
        let result = try await CommandRunner.run(Command(["grep", "-E", "^Sig(Blk|Ign)", "/proc/self/status"]))
        signal(SIGHUP, previousHangUp)

        let lines = result.output.split(separator: "\n")
        #expect(lines.first == "SigBlk:\t0000000000000000")
        let ignored = try #require(lines.last.flatMap { UInt64($0.dropFirst("SigIgn:\t".count), radix: 16) })
        for defaulted in [SIGINT, SIGTERM, SIGPIPE, SIGHUP] {
            #expect(ignored & (1 << UInt64(defaulted - 1)) == 0)
        }
    }

    @Test func childrenInheritOnlyTheirStandardDescriptors() async throws {
        let stray = open("/dev/null", O_RDONLY)  // without O_CLOEXEC
        defer { close(stray) }
        #expect(stray > 2)
        // `ls` itself opens the directory as 3.
        #expect(try await CommandRunner.run(Command(["ls", "/proc/self/fd"])).output == "0\n1\n2\n3\n")
    }

    @Test func leavesNoDescriptorsOpen() async throws {
        let directory = try HealthTestDirectory()
        defer { directory.remove() }
        try directory.write("#!/bin/sh\n", to: "plain")
        let before = Self.openPipeCount()
        let runs = 200
        for _ in 0..<runs {
            _ = try await CommandRunner.run(Command(["/bin/sh", "-c", "echo out; echo err >&2"]))
            _ = try await CommandRunner.run(Command(["sleep", "300"], timeout: .milliseconds(10)))
            _ = try? await CommandRunner.run(Command([directory.path + "/plain"]))
            _ = try? await CommandRunner.run(Command(["fleet-no-such-program"]))
        }
        // Only pipes are counted: the runner's descriptors are pipes, while the suites running
        // meanwhile open mostly sockets and files. A leak in any path above adds `runs` or more.
        #expect(Self.openPipeCount() - before < runs)
    }

    /// Whether the process is gone or a zombie (an orphan waits for whoever reaps for the container).
    private static func hasEnded(_ pid: pid_t) -> Bool {
        guard kill(pid, 0) == 0 else { return true }
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
              let afterName = stat.range(of: ") ", options: .backwards)
        else { return true }
        return stat[afterName.upperBound...].hasPrefix("Z")
    }

    /// How many of this process's descriptors are pipes.
    private static func openPipeCount() -> Int {
        let descriptors = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd")) ?? []
        return descriptors.filter { name in
            (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/fd/\(name)"))?.hasPrefix("pipe:") == true
        }.count
    }
}
