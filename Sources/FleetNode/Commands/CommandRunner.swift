import Glibc
import Synchronization

/// Runs a ``Command`` as a child process with `posix_spawn` and collects how it ended.
///
/// The child:
/// - reads standard input from `/dev/null` and writes standard output and standard error into one pipe;
/// - inherits no other descriptor of the agent (with glibc 2.34 or later);
/// - starts with no blocked signals and default handling of `SIGINT`, `SIGTERM`, `SIGPIPE` and `SIGHUP`, whatever
///   the agent blocks or ignores (it blocks `SIGINT` and `SIGTERM` in every thread);
/// - leads a process group of its own, so everything it starts can be ended together.
///
/// Reading the output and waiting happen on two threads of their own, never on the cooperative pool. When the
/// timeout passes, or the task running the command is cancelled, the process group gets `SIGTERM`, and `SIGKILL`
/// once the child has exited and the output has closed, or 2 s later. When the child exits by itself, the output
/// already written is read and the run ends; background processes it left keep running, but lose the pipe.
/// The child is always reaped and no descriptor outlives the run.
public enum CommandRunner {
    /// Runs `command` to its end.
    ///
    /// An exit status of -1 means the status was lost because something else in the agent reaped the child.
    ///
    /// - Throws: ``CommandError/notFound(_:)`` when the program does not exist or is not in `PATH`;
    ///   ``CommandError/spawnFailed(_:)`` when it cannot be started (no permission, missing working directory,
    ///   no descriptors or threads left).
    public static func run(_ command: Command) async throws(CommandError) -> CommandResult {
        guard let name = command.arguments.first else { throw .spawnFailed("no program given") }
        if let directory = command.workingDirectory { try checkDirectory(directory) }
        let searchPath = command.environment["PATH"] ?? getenv("PATH").map { String(cString: $0) } ?? defaultSearchPath
        let program = try resolve(name, searchPath: searchPath, workingDirectory: command.workingDirectory)
        let output = try makePipe()
        let control: (read: Int32, write: Int32)
        do throws(CommandError) {
            control = try makePipe()
        } catch {
            closeAll(output.read, output.write)
            throw error
        }
        let started = ContinuousClock.now
        let pid: pid_t
        do throws(CommandError) {
            pid = try spawn(
                program: program, name: name, arguments: command.arguments,
                environment: environment(adding: command.environment), workingDirectory: command.workingDirectory,
                output: output.write)
        } catch {
            closeAll(output.read, output.write, control.read, control.write)
            throw error
        }
        close(output.write)

        let channel = ControlChannel(readEnd: control.read, writeEnd: control.write)
        let supervision = Supervision(
            pid: pid, output: output.read, channel: channel, deadline: started + command.timeout,
            timeLimit: command.timeout, outputLimit: command.outputLimit)
        guard startThread({ awaitExit(of: pid); channel.send(.exited) }) else {
            supervision.abandon()
            throw .spawnFailed("\(name): no thread to wait for it")
        }
        return await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                if !startThread({ continuation.resume(returning: supervision.run()) }) {
                    // No thread to spare: supervise here, holding this pool thread until the command ends.
                    continuation.resume(returning: supervision.run())
                }
            }
        } onCancel: {
            channel.send(.cancelled)
        }
    }

    /// The search path `execvp` uses when `PATH` is unset, with `/usr/local/bin` added.
    private static let defaultSearchPath = "/usr/local/bin:/usr/bin:/bin"

    /// Signals the child handles by default even when the agent ignores them.
    private static let defaultedSignals = [SIGINT, SIGTERM, SIGPIPE, SIGHUP]

    /// The agent's environment (`environ`) with `additions` replacing or joining its entries.
    private static func environment(adding additions: [String: String]) -> [String] {
        var entries: [String] = []
        var index = 0
        while let entry = environ[index] {
            let text = String(cString: entry)
            if additions[String(text.prefix { $0 != "=" })] == nil { entries.append(text) }
            index += 1
        }
        return entries + additions.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }
    }

    /// The path to spawn for `program`: itself when it contains `/`, otherwise the first executable file of that
    /// name in `searchPath`'s directories (relative ones taken from the working directory the child starts in).
    ///
    /// Searching here, rather than with `posix_spawnp`, makes a missing program an error instead of exit status 127.
    private static func resolve(
        _ program: String, searchPath: String, workingDirectory: String?
    ) throws(CommandError) -> String {
        if program.contains("/") { return program }
        for directory in searchPath.split(separator: ":", omittingEmptySubsequences: false) {
            var candidate = (directory.isEmpty ? "." : String(directory)) + "/" + program
            if !candidate.hasPrefix("/"), let workingDirectory { candidate = workingDirectory + "/" + candidate }
            var info = stat()
            if stat(candidate, &info) == 0, info.st_mode & S_IFMT == S_IFREG, access(candidate, X_OK) == 0 {
                return candidate
            }
        }
        throw .notFound(program)
    }

    /// Fails unless `path` is a directory, so that `posix_spawn`'s `ENOENT` can only mean a missing program.
    private static func checkDirectory(_ path: String) throws(CommandError) {
        var info = stat()
        guard stat(path, &info) == 0 else { throw .spawnFailed("working directory \(path): \(reason(errno))") }
        guard info.st_mode & S_IFMT == S_IFDIR else { throw .spawnFailed("working directory \(path): \(reason(ENOTDIR))") }
    }

    /// A pipe whose both ends close on `exec`, created atomically so no child spawned meanwhile by another thread
    /// inherits an end (which would keep the output open).
    private static func makePipe() throws(CommandError) -> (read: Int32, write: Int32) {
        var ends: [Int32] = [-1, -1]
        guard GNUExtensions.pipe2(&ends, O_CLOEXEC) == 0 else { throw .spawnFailed("cannot create a pipe: \(reason(errno))") }
        return (ends[0], ends[1])
    }

    /// Starts the child with its descriptors, signal state and process group set up; returns its process id.
    private static func spawn(
        program: String, name: String, arguments: [String], environment: [String], workingDirectory: String?,
        output: Int32
    ) throws(CommandError) -> pid_t {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        // The pipe goes to 1 and 2 before /dev/null is opened on 0, in case the pipe itself landed on 0.
        posix_spawn_file_actions_adddup2(&actions, output, 1)
        posix_spawn_file_actions_adddup2(&actions, output, 2)
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        // Descriptors the agent opened without close-on-exec (libraries' sockets) must not reach the child: a
        // daemon restarted by an install would otherwise hold them, and the agent's port, for good.
        if let closeFrom = GNUExtensions.addCloseFrom { _ = closeFrom(&actions, 3) }
        if let workingDirectory {
            guard let addChdir = GNUExtensions.addChdir else {
                throw .spawnFailed("\(name): a working directory needs glibc 2.29 or later")
            }
            _ = addChdir(&actions, workingDirectory)
        }

        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var noSignals = sigset_t()
        sigemptyset(&noSignals)
        posix_spawnattr_setsigmask(&attributes, &noSignals)
        var defaulted = sigset_t()
        sigemptyset(&defaulted)
        for signal in defaultedSignals { sigaddset(&defaulted, signal) }
        posix_spawnattr_setsigdefault(&attributes, &defaulted)
        posix_spawnattr_setpgroup(&attributes, 0)
        posix_spawnattr_setflags(
            &attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETPGROUP))

        let argv = arguments.map { strdup($0) } + [nil]
        let envp = environment.map { strdup($0) } + [nil]
        defer { for string in argv + envp { free(string) } }
        var pid = pid_t()
        let error = posix_spawn(&pid, program, &actions, &attributes, argv, envp)
        switch error {
        case 0: return pid
        case ENOENT, ENOTDIR: throw .notFound(name)
        default: throw .spawnFailed("\(name): \(reason(error))")
        }
    }

    /// Blocks until the child has exited, leaving it unreaped: while it is a zombie, its process id (and so its
    /// process group id) cannot be reused, and killing the group stays safe.
    private static func awaitExit(of pid: pid_t) {
        var info = siginfo_t()
        while waitid(P_PID, id_t(pid), &info, WEXITED | WNOWAIT) != 0, errno == EINTR {}
    }

    /// Runs `body` on a new detached thread; false when none can be created.
    private static func startThread(_ body: @escaping @Sendable () -> Void) -> Bool {
        let context = Unmanaged.passRetained(ThreadBody(body)).toOpaque()
        var thread = pthread_t()
        let created = pthread_create(&thread, nil, { context in
            Unmanaged<ThreadBody>.fromOpaque(context!).takeRetainedValue().body()
            return nil
        }, context)
        guard created == 0 else {
            Unmanaged<ThreadBody>.fromOpaque(context).release()
            return false
        }
        pthread_detach(thread)
        return true
    }

    /// The system's text for an `errno` value.
    private static func reason(_ code: Int32) -> String {
        String(cString: strerror(code))
    }

    /// Closes every descriptor given.
    private static func closeAll(_ descriptors: Int32...) {
        for descriptor in descriptors { close(descriptor) }
    }
}

/// A closure handed to a new thread through `pthread_create`'s context pointer.
private final class ThreadBody: Sendable {
    let body: @Sendable () -> Void

    init(_ body: @escaping @Sendable () -> Void) {
        self.body = body
    }
}

/// glibc functions that Swift's Glibc module leaves out because glibc declares them only for `_GNU_SOURCE`;
/// they are looked up at run time (`RTLD_DEFAULT` is the null handle).
private enum GNUExtensions {
    /// `pipe2(2)`: part of glibc since 2.9, so always there.
    static let pipe2 = unsafeBitCast(
        dlsym(nil, "pipe2"), to: (@convention(c) (UnsafeMutablePointer<Int32>, Int32) -> Int32).self)

    /// `posix_spawn_file_actions_addclosefrom_np(3)`: glibc 2.34 and later; nil before, and then the child
    /// inherits whatever the agent opened without close-on-exec.
    static let addCloseFrom = dlsym(nil, "posix_spawn_file_actions_addclosefrom_np").map {
        unsafeBitCast($0, to: (@convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32).self)
    }

    /// `posix_spawn_file_actions_addchdir_np(3)`: glibc 2.29 and later (Debian 12 has 2.36); nil before.
    static let addChdir = dlsym(nil, "posix_spawn_file_actions_addchdir_np").map {
        unsafeBitCast($0, to: (@convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, UnsafePointer<CChar>) -> Int32).self)
    }
}

/// Wakes the supervising thread: the waiting thread reports the child's exit, a cancelled task asks for its end.
///
/// Writers hold the lock, so none writes to the pipe once it is closed (its descriptor number may be reused).
private final class ControlChannel: Sendable {
    /// What a byte on the pipe means.
    enum Event: UInt8 {
        case exited = 1, cancelled = 2
    }

    /// The end the supervising thread polls; only it reads and closes this end.
    let readEnd: Int32
    private let writeEnd: Mutex<Int32?>

    init(readEnd: Int32, writeEnd: Int32) {
        self.readEnd = readEnd
        self.writeEnd = Mutex(writeEnd)
    }

    /// Tells the supervising thread about `event`; nothing once the channel is closed.
    func send(_ event: Event) {
        writeEnd.withLock { descriptor in
            guard let descriptor else { return }
            var byte = event.rawValue
            while write(descriptor, &byte, 1) < 0, errno == EINTR {}
        }
    }

    /// The events waiting on the pipe; call when poll reports it readable.
    func receive() -> [Event] {
        var bytes = [UInt8](repeating: 0, count: 8)
        let count = read(readEnd, &bytes, bytes.count)
        return count > 0 ? bytes[..<count].compactMap(Event.init) : []
    }

    /// Closes both ends.
    func close() {
        writeEnd.withLock { descriptor in
            if let open = descriptor { Glibc.close(open) }
            descriptor = nil
        }
        Glibc.close(readEnd)
    }
}

/// The supervising thread's work for one child: read its output, end it when due, reap it.
private struct Supervision: Sendable {
    /// How the supervision is ending the child's process group.
    private enum Ending {
        /// Not yet: the child runs.
        case running
        /// `SIGTERM` was sent; `SIGKILL` follows at the instant given.
        case terminating(killAt: ContinuousClock.Instant)
        /// `SIGKILL` was sent.
        case killed
    }

    /// How long the group has between `SIGTERM` and `SIGKILL`.
    private static let killDelay = Duration.seconds(2)
    /// How much output is read after the child's exit while the pipe stays open (a background process of the
    /// child holds it); bounds the run against such a process writing on and on.
    private static let drainLimit = 1 << 20
    /// How many bytes one read takes.
    private static let chunkSize = 1 << 16

    let pid: pid_t
    /// The read end of the output pipe.
    let output: Int32
    let channel: ControlChannel
    let deadline: ContinuousClock.Instant
    let timeLimit: Duration
    let outputLimit: Int

    /// Reads and waits until the child has exited, ending its group when the deadline passes or the task is
    /// cancelled; then reaps it, closes the descriptors and gives the result.
    func run() -> CommandResult {
        var capture = CommandResult.OutputCapture(limit: outputLimit)
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: Self.chunkSize, alignment: 1)
        defer { buffer.deallocate() }
        var outputOpen = true
        var ending = Ending.running
        var timedOut = false
        var exited = false

        while !exited {
            let now = ContinuousClock.now
            let wakeAt: ContinuousClock.Instant?
            switch ending {
            case .running where now >= deadline:
                timedOut = true
                ending = terminate(now: now)
                continue
            case .running:
                wakeAt = deadline
            case .terminating(let killAt) where now >= killAt:
                kill(-pid, SIGKILL)
                ending = .killed
                continue
            case .terminating(let killAt):
                wakeAt = killAt
            case .killed:
                wakeAt = nil
            }
            var descriptors = [pollfd(fd: channel.readEnd, events: Int16(POLLIN), revents: 0)]
            if outputOpen { descriptors.append(pollfd(fd: output, events: Int16(POLLIN), revents: 0)) }
            guard poll(&descriptors, nfds_t(descriptors.count), wakeAt.map { milliseconds(from: now, to: $0) } ?? -1) > 0
            else { continue }
            if outputOpen, descriptors[1].revents != 0 { outputOpen = readOutput(into: &capture, buffer: buffer) }
            guard descriptors[0].revents != 0 else { continue }
            for event in channel.receive() {
                switch event {
                case .exited: exited = true
                case .cancelled: if case .running = ending { ending = terminate(now: ContinuousClock.now) }
                }
            }
        }

        if case .terminating(let killAt) = ending {
            // Give the rest of the group until the SIGKILL time to let go of the output, then end what is left.
            while outputOpen, case let now = ContinuousClock.now, now < killAt {
                if outputReadable(within: milliseconds(from: now, to: killAt)) {
                    outputOpen = readOutput(into: &capture, buffer: buffer)
                }
            }
            kill(-pid, SIGKILL)
        }
        var drained = 0
        while outputOpen, drained < Self.drainLimit, outputReadable(within: 0) {
            let before = capture.total
            outputOpen = readOutput(into: &capture, buffer: buffer)
            drained += capture.total - before
        }

        let status = reap()
        let termination = timedOut ? .timedOut : status
        close(output)
        channel.close()
        let (text, truncated) = capture.output
        return CommandResult(termination: termination, output: text, truncated: truncated, timeLimit: timeLimit)
    }

    /// Ends the child without supervising it, when no thread could be started to wait for it.
    func abandon() {
        kill(-pid, SIGKILL)
        _ = reap()
        close(output)
        channel.close()
    }

    /// Sends the group `SIGTERM`; the ending that follows.
    private func terminate(now: ContinuousClock.Instant) -> Ending {
        kill(-pid, SIGTERM)
        return .terminating(killAt: now + Self.killDelay)
    }

    /// Whether the output pipe has data or has closed, waiting up to `timeout` milliseconds.
    private func outputReadable(within timeout: Int32) -> Bool {
        var descriptor = pollfd(fd: output, events: Int16(POLLIN), revents: 0)
        return poll(&descriptor, 1, timeout) > 0
    }

    /// One read of the output into `capture`; false at its end (or on an error, which ends it as well).
    private func readOutput(
        into capture: inout CommandResult.OutputCapture, buffer: UnsafeMutableRawBufferPointer
    ) -> Bool {
        let count = read(output, buffer.baseAddress, buffer.count)
        if count > 0 {
            capture.append(UnsafeRawBufferPointer(rebasing: buffer[..<count]))
            return true
        }
        return count < 0 && errno == EINTR
    }

    /// Waits for the child (which has exited or was sent SIGKILL) and decodes its status.
    private func reap() -> CommandResult.Termination {
        var status: Int32 = 0
        var reaped: pid_t
        repeat { reaped = waitpid(pid, &status, 0) } while reaped < 0 && errno == EINTR
        guard reaped == pid else { return .exited(-1) }
        // WIFEXITED / WEXITSTATUS / WTERMSIG, which Swift does not import.
        let signal = status & 0x7f
        return signal == 0 ? .exited((status >> 8) & 0xff) : .signalled(signal)
    }

    /// Milliseconds from `now` to `end` for poll, rounded up so the wake comes no earlier than `end`.
    private func milliseconds(from now: ContinuousClock.Instant, to end: ContinuousClock.Instant) -> Int32 {
        let (seconds, attoseconds) = (end - now).components
        guard seconds >= 0, attoseconds >= 0 else { return 0 }
        return Int32(clamping: seconds * 1000 + (attoseconds + 999_999_999_999_999) / 1_000_000_000_000_000)
    }
}
