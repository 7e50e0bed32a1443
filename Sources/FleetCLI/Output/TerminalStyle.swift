import Glibc

/// How fleetctl may decorate what it prints: ANSI colour and bold, and terminal-only output such
/// as progress bars and redrawn `--watch` blocks.
///
/// The decorating helpers return their text unchanged when ``color`` is off, so output sent to a
/// pipe or a file carries no escape bytes at all.
public struct TerminalStyle: Sendable, Equatable {
    /// Whether text may be wrapped in ANSI colour and bold codes.
    public var color: Bool
    /// Whether the output goes to a terminal, so progress bars and redrawn blocks make sense;
    /// off a terminal the caller prints plain lines instead.
    public var isTerminal: Bool

    /// A style with the given colour and terminal settings.
    public init(color: Bool, isTerminal: Bool) {
        self.color = color
        self.isTerminal = isTerminal
    }

    /// No colour, not a terminal: plain lines only.
    public static let plain = TerminalStyle(color: false, isTerminal: false)

    /// The style for output written to `descriptor` (standard output by default), given the
    /// process `environment`.
    ///
    /// ``isTerminal`` is whether `descriptor` is a terminal (`isatty`). Colour is on only on a
    /// terminal, with `NO_COLOR` unset or empty (as <https://no-color.org> asks) and `TERM` other
    /// than `dumb`. `FLEETCTL_COLOR=always` or `FLEETCTL_COLOR=never` overrides that choice (any
    /// other value leaves it automatic); it never changes ``isTerminal``.
    public static func detect(descriptor: Int32 = 1, environment: [String: String]) -> TerminalStyle {
        let isTerminal = isatty(descriptor) == 1
        let color: Bool
        switch environment["FLEETCTL_COLOR"] {
        case "always":
            color = true
        case "never":
            color = false
        default:
            color = isTerminal && (environment["NO_COLOR"] ?? "").isEmpty && environment["TERM"] != "dumb"
        }
        return TerminalStyle(color: color, isTerminal: isTerminal)
    }

    /// `text` in bold when colour is on.
    public func bold(_ text: String) -> String { wrap(text, code: "1") }

    /// `text` in red when colour is on.
    public func red(_ text: String) -> String { wrap(text, code: "31") }

    /// `text` in green when colour is on.
    public func green(_ text: String) -> String { wrap(text, code: "32") }

    /// `text` in yellow when colour is on.
    public func yellow(_ text: String) -> String { wrap(text, code: "33") }

    /// `text` dimmed (faint) when colour is on.
    public func dim(_ text: String) -> String { wrap(text, code: "2") }

    /// A job or node state (as the server spells it) coloured by what it means: green for
    /// success (`succeeded`, `healthy`, `completed`, `online`), red for failure (`failed`,
    /// `rolled_back`, `unhealthy`, `partially_failed`, `offline`), yellow for work under way
    /// (`pending`, `notified`, `downloading`, `downloaded`, `installing`, `degraded`); any
    /// other state unchanged.
    public func stateColored(_ state: String) -> String {
        switch state {
        case "succeeded", "healthy", "completed", "online":
            green(state)
        case "failed", "rolled_back", "unhealthy", "partially_failed", "offline":
            red(state)
        case "pending", "notified", "downloading", "downloaded", "installing", "degraded":
            yellow(state)
        default:
            state
        }
    }

    /// `text` between the SGR code `code` and a reset, or `text` itself when colour is off or
    /// there is nothing to decorate.
    private func wrap(_ text: String, code: String) -> String {
        guard color, !text.isEmpty else { return text }
        return "\u{1B}[" + code + "m" + text + "\u{1B}[0m"
    }
}
