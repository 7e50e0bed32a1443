import Glibc
import Synchronization

/// Where a command's text goes: the report on standard output, problems on standard error.
/// Commands take a sink so tests can capture what they print.
public protocol OutputSink: Sendable {
    /// Writes `text` as it is to the output (callers end lines with `"\n"` themselves).
    func write(_ text: String)
    /// Writes `text` as it is to the error output.
    func error(_ text: String)
}

/// The process's standard output (descriptor 1) and standard error (descriptor 2), written
/// unbuffered with `write(2)`, so each piece reaches a pipeline as soon as it is written.
public struct StandardOutput: OutputSink {
    /// Where ``write(_:)`` goes.
    public let outputDescriptor: Int32
    /// Where ``error(_:)`` goes.
    public let errorDescriptor: Int32

    /// The process's standard output and error, or other open descriptors (a pipe in a test).
    public init(outputDescriptor: Int32 = 1, errorDescriptor: Int32 = 2) {
        self.outputDescriptor = outputDescriptor
        self.errorDescriptor = errorDescriptor
    }

    /// Writes `text` to standard output.
    public func write(_ text: String) { Self.write(text, to: outputDescriptor) }

    /// Writes `text` to standard error.
    public func error(_ text: String) { Self.write(text, to: errorDescriptor) }

    /// Writes all of `text`'s UTF-8 bytes to `descriptor`, retrying after short writes and
    /// interruptions; stops at any other failure (a closed pipe), as there is nowhere to report it.
    private static func write(_ text: String, to descriptor: Int32) {
        var bytes = Array(text.utf8)
        bytes.withUnsafeMutableBytes { buffer in
            var offset = 0
            while offset < buffer.count {
                let written = Glibc.write(descriptor, buffer.baseAddress! + offset, buffer.count - offset)
                if written > 0 {
                    offset += written
                } else if written < 0 && errno == EINTR {
                    continue
                } else {
                    return
                }
            }
        }
    }
}

/// A sink that keeps what is written, for tests; safe to write from several tasks at once.
public final class CapturedOutput: OutputSink {
    /// Everything written so far, standard output and error apart.
    private let captured = Mutex<(output: String, errors: String)>(("", ""))

    /// An empty capture.
    public init() {}

    /// All text written with ``write(_:)``, in order.
    public var output: String { captured.withLock { $0.output } }

    /// All text written with ``error(_:)``, in order.
    public var errors: String { captured.withLock { $0.errors } }

    /// Appends `text` to ``output``.
    public func write(_ text: String) { captured.withLock { $0.output += text } }

    /// Appends `text` to ``errors``.
    public func error(_ text: String) { captured.withLock { $0.errors += text } }
}

/// Redrawing a block of lines in place on a terminal, as `--watch` does: each refresh moves the
/// cursor back up over the previous block and overwrites it. Off a terminal callers print each
/// block as plain new lines instead.
public enum LiveLines {
    /// The text that replaces the `previousCount` lines printed last (0 for the first block) with
    /// `lines`: cursor up `previousCount` lines (`ESC [ n A`), then each line cleared
    /// (`ESC [ 2K`) and rewritten with a newline, then, when the new block is shorter, the rest of
    /// the screen cleared (`ESC [ J`) so no old line stays behind.
    ///
    /// Each element of `lines` must be a single line (no newline) narrower than the terminal, or
    /// the count of lines to move up no longer matches what is on screen.
    public static func redraw(_ lines: [String], previousCount: Int) -> String {
        var text = previousCount > 0 ? "\u{1B}[\(previousCount)A" : ""
        for line in lines {
            text += "\u{1B}[2K" + line + "\n"
        }
        if lines.count < previousCount {
            text += "\u{1B}[J"
        }
        return text
    }
}
