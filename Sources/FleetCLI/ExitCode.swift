/// fleetctl's exit statuses, the same for every command so scripts can rely on them.
public enum ExitCode: Int32, Sendable {
    /// The command did what was asked.
    case success = 0
    /// The server answered with an error (its `detail` is printed), or a watched job did not
    /// end with every node succeeded.
    case serverError = 1
    /// The command line was wrong; the command's usage is printed.
    case usage = 2
    /// The server could not be reached, or did not answer within the timeout.
    case unreachable = 3
}
