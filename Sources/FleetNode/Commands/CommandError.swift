/// Why a command could not be started. A program that starts and then fails is not an error:
/// its ``CommandResult`` tells how it ended.
public enum CommandError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Configured command text could not be split into arguments; the detail says why.
    case unparsable(String)
    /// The program (as configured) is neither an existing path nor found in `PATH`.
    case notFound(String)
    /// The program could not be started, for example for lack of permission or a missing working directory;
    /// the detail names what failed and the system's reason.
    case spawnFailed(String)

    /// A one-line description for logs and a job's error field.
    public var description: String {
        switch self {
        case .unparsable(let detail): "cannot parse command: \(detail)"
        case .notFound(let program): "program not found: \(program)"
        case .spawnFailed(let detail): "cannot start program: \(detail)"
        }
    }
}
