import Foundation
import Synchronization

/// A program the benchmark runs beside itself (the server, a simulator, a load generator),
/// started with `posix_spawn`: Foundation's `Process.run()` can crash on Linux with Swift
/// 6.3.1 (swift-corelibs-foundation#5472). Its stdout arrives line by line.
final class BenchProcess: Sendable {
    let pid: pid_t
    let name: String
    private let lines = Mutex<[String]>([])
    private let ended = Mutex<Int32?>(nil)

    /// Starts `executable` with `arguments`; stderr goes to `logFile` (or /dev/null).
    init(_ executable: String, _ arguments: [String], logFile: String? = nil) throws {
        var ends: [Int32] = [-1, -1]
        guard pipe(&ends) == 0 else { throw BenchError("cannot create a pipe") }
        for end in ends { _ = fcntl(end, F_SETFD, FD_CLOEXEC) }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, ends[1], 1)
        posix_spawn_file_actions_addopen(&actions, 2, logFile ?? "/dev/null", O_WRONLY | O_CREAT | O_APPEND, 0o644)
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        defer { for argument in argv { free(argument) } }
        var pid = pid_t()
        let status = posix_spawn(&pid, executable, &actions, nil, argv, environ)
        close(ends[1])
        guard status == 0 else {
            close(ends[0])
            throw BenchError("cannot start \(executable): \(String(cString: strerror(status)))")
        }
        self.pid = pid
        name = (executable as NSString).lastPathComponent
        let reader = FileHandle(fileDescriptor: ends[0], closeOnDealloc: true)
        Thread.detachNewThread { [self] in
            var pending = Data()
            while case let chunk = reader.availableData, !chunk.isEmpty {
                pending.append(chunk)
                while let newline = pending.firstIndex(of: UInt8(ascii: "\n")) {
                    let line = String(decoding: pending[pending.startIndex..<newline], as: UTF8.self)
                    pending.removeSubrange(pending.startIndex...newline)
                    lines.withLock { $0.append(line) }
                }
            }
        }
        let child = pid
        Thread.detachNewThread { [self] in
            var status: Int32 = 0
            while waitpid(child, &status, 0) < 0, errno == EINTR {}
            ended.withLock { $0 = status }
        }
    }

    /// Whether the process has ended.
    var hasEnded: Bool { ended.withLock { $0 != nil } }

    /// The first line printed that satisfies `matches`, waiting up to `timeout`.
    func line(within timeout: Duration, _ what: String, where matches: (String) -> Bool) async throws -> String {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if let line = lines.withLock({ $0.first(where: matches) }) { return line }
            if hasEnded { throw BenchError("\(name) ended before printing \(what)") }
            try await Task.sleep(for: .milliseconds(20))
        }
        throw BenchError("\(name) did not print \(what) within \(timeout)")
    }

    /// Sends SIGTERM and waits up to 10 s for the end, then SIGKILL.
    func stop() async {
        guard !hasEnded else { return }
        kill(pid, SIGTERM)
        let deadline = ContinuousClock.now + .seconds(10)
        while !hasEnded, ContinuousClock.now < deadline { try? await Task.sleep(for: .milliseconds(20)) }
        if !hasEnded { kill(pid, SIGKILL) }
    }

    /// Peak resident memory (VmHWM) and current resident memory (VmRSS) in kB, from /proc.
    var memory: (peakKB: Int, currentKB: Int)? {
        guard let status = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8) else { return nil }
        func field(_ name: String) -> Int? {
            status.split(separator: "\n").first { $0.hasPrefix(name) }?
                .split(separator: " ", omittingEmptySubsequences: true).dropFirst().first.flatMap { Int($0) }
        }
        guard let peak = field("VmHWM:"), let current = field("VmRSS:") else { return nil }
        return (peak, current)
    }
}

/// A benchmark step that could not run, and why.
struct BenchError: Error, CustomStringConvertible {
    let description: String

    init(_ description: String) { self.description = description }
}
