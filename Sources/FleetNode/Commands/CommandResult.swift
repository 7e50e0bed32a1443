/// How a command that started has ended, with the output it printed.
public struct CommandResult: Sendable, Equatable {
    /// How the program ended.
    public enum Termination: Sendable, Equatable {
        /// It exited by itself with this status.
        case exited(Int32)
        /// A signal ended it; this includes signals sent when the task running the command was cancelled.
        case signalled(Int32)
        /// It ran longer than the command's timeout and its process group was ended.
        case timedOut
    }

    /// How the program ended.
    public var termination: Termination
    /// Standard output and standard error as they interleaved, decoded as UTF-8 with invalid bytes replaced;
    /// when ``truncated``, the middle is replaced by a line saying how many bytes were cut.
    public var output: String
    /// Whether more output arrived than the command's output limit.
    public var truncated: Bool
    /// The command's timeout, which ``summary`` names for a timed-out command.
    public var timeLimit: Duration

    /// Creates a result.
    public init(termination: Termination, output: String, truncated: Bool = false, timeLimit: Duration) {
        self.termination = termination
        self.output = output
        self.truncated = truncated
        self.timeLimit = timeLimit
    }

    /// Whether the program exited with status 0.
    public var succeeded: Bool { termination == .exited(0) }

    /// Text for a job's error field: how the program ended on the first line's start, then the output
    /// without trailing whitespace, e.g. `exit status 1: E: Unable to locate package foo`.
    public var summary: String {
        let ending = switch termination {
        case .exited(let status): "exit status \(status)"
        case .signalled(let signal): "killed by signal \(signal)"
        case .timedOut: "timed out after \(Self.describe(timeLimit))"
        }
        var text = output
        while let last = text.last, last.isWhitespace { text.removeLast() }
        return text.isEmpty ? ending : "\(ending): \(text)"
    }

    /// `5 s` for whole seconds, otherwise milliseconds such as `250 ms`.
    private static func describe(_ duration: Duration) -> String {
        let (seconds, attoseconds) = duration.components
        if attoseconds == 0 { return "\(seconds) s" }
        return "\(seconds * 1000 + attoseconds / 1_000_000_000_000_000) ms"
    }
}

extension CommandResult {
    /// Keeps the first and the last half of a byte limit of output as it arrives, counting what falls between,
    /// so that the error pip or apt prints at the end survives a long log.
    struct OutputCapture {
        /// How many of the first bytes are kept.
        private let headLimit: Int
        /// How many of the last bytes are kept.
        private let tailLimit: Int
        private var head: [UInt8] = []
        /// The latest bytes; grows to twice `tailLimit` before it is cut back, so cutting stays cheap.
        private var tail: [UInt8] = []
        /// How many bytes arrived in all.
        private(set) var total = 0

        /// A capture keeping `limit` bytes in all (none for a negative limit).
        init(limit: Int) {
            let kept = max(0, limit)
            headLimit = kept / 2
            tailLimit = kept - headLimit
        }

        /// Takes in the next bytes of output.
        mutating func append(_ bytes: UnsafeRawBufferPointer) {
            total += bytes.count
            var rest = bytes[...]
            let room = headLimit - head.count
            if room > 0 {
                head.append(contentsOf: rest.prefix(room))
                rest = rest.dropFirst(room)
            }
            guard tailLimit > 0, !rest.isEmpty else { return }
            tail.append(contentsOf: rest.suffix(tailLimit))
            if tail.count > 2 * tailLimit { tail.removeFirst(tail.count - tailLimit) }
        }

        /// The kept text, with the marker line where bytes were cut, and whether any were.
        var output: (text: String, truncated: Bool) {
            let kept = tail.suffix(tailLimit)
            let cut = total - head.count - kept.count
            guard cut > 0 else { return (String(decoding: head + kept, as: UTF8.self), false) }
            // Decoded apart so a character split by the cut cannot merge with the marker.
            let text = String(decoding: head, as: UTF8.self) + "\n… [\(cut) bytes cut] …\n"
                + String(decoding: kept, as: UTF8.self)
            return (text, true)
        }
    }
}
