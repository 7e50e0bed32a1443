/// A program to run: an argument vector (`arguments[0]` is looked up in `PATH` when it has no `/`),
/// environment additions, a working directory, a time limit and how much output to keep.
///
/// No shell is involved; ``CommandLineSplitter`` turns configured text into an argument vector.
public struct Command: Sendable, Equatable {
    /// The program and its arguments; the first element names the program.
    public var arguments: [String]
    /// Variables added to the agent's own environment; a name present in both takes this value.
    public var environment: [String: String]
    /// The directory the program starts in; nil keeps the agent's current directory.
    public var workingDirectory: String?
    /// How long the program may run before its process group is ended and the result is ``CommandResult/Termination/timedOut``.
    public var timeout: Duration
    /// How many bytes of the combined standard output and standard error are kept (the first and last halves).
    public var outputLimit: Int

    /// Creates a command; by default it inherits the agent's environment and directory, may run five minutes
    /// and keeps 4 KiB of output.
    public init(
        _ arguments: [String], environment: [String: String] = [:], workingDirectory: String? = nil,
        timeout: Duration = .seconds(300), outputLimit: Int = 4096
    ) {
        self.arguments = arguments
        self.environment = environment
        self.workingDirectory = workingDirectory
        self.timeout = timeout
        self.outputLimit = outputLimit
    }
}
