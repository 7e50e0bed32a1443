import FleetCLI
import Glibc
import Testing

/// Colour only on a terminal without NO_COLOR or TERM=dumb, FLEETCTL_COLOR overriding; helpers
/// that add no escape bytes when colour is off.
@Suite("TerminalStyle")
struct TerminalStyleTests {
    static let colored = TerminalStyle(color: true, isTerminal: true)

    @Test func helpersWrapInAnsiCodesWhenColourIsOn() {
        #expect(Self.colored.bold("x") == "\u{1B}[1mx\u{1B}[0m")
        #expect(Self.colored.red("x") == "\u{1B}[31mx\u{1B}[0m")
        #expect(Self.colored.green("x") == "\u{1B}[32mx\u{1B}[0m")
        #expect(Self.colored.yellow("x") == "\u{1B}[33mx\u{1B}[0m")
        #expect(Self.colored.dim("x") == "\u{1B}[2mx\u{1B}[0m")
        #expect(Self.colored.red("") == "")
    }

    @Test func helpersLeaveTextAloneWhenColourIsOff() {
        for style in [TerminalStyle.plain, TerminalStyle(color: false, isTerminal: true)] {
            let decorated = [
                style.bold("x"), style.red("x"), style.green("x"), style.yellow("x"), style.dim("x"),
                style.stateColored("failed"), style.stateColored("succeeded"), style.stateColored("pending"),
            ]
            #expect(decorated == ["x", "x", "x", "x", "x", "failed", "succeeded", "pending"])
            #expect(!decorated.joined().utf8.contains(0x1B))
        }
    }

    @Test(arguments: ["succeeded", "healthy", "completed", "online"])
    func successIsGreen(_ state: String) {
        #expect(Self.colored.stateColored(state) == Self.colored.green(state))
    }

    @Test(arguments: ["failed", "rolled_back", "unhealthy", "partially_failed", "offline"])
    func failureIsRed(_ state: String) {
        #expect(Self.colored.stateColored(state) == Self.colored.red(state))
    }

    @Test(arguments: ["pending", "notified", "downloading", "downloaded", "installing", "degraded"])
    func workUnderWayIsYellow(_ state: String) {
        #expect(Self.colored.stateColored(state) == Self.colored.yellow(state))
    }

    @Test(arguments: ["created", "cancelled", "unknown", "Failed", ""])
    func otherStatesArePlain(_ state: String) {
        #expect(Self.colored.stateColored(state) == state)
    }

    @Test func plainHasNeitherColourNorTerminal() {
        #expect(TerminalStyle.plain == TerminalStyle(color: false, isTerminal: false))
    }

    @Test(arguments: [
        ([:], false),
        (["TERM": "xterm-256color"], false),
        (["FLEETCTL_COLOR": "auto"], false),
        (["FLEETCTL_COLOR": "never"], false),
        (["FLEETCTL_COLOR": "always"], true),
        (["FLEETCTL_COLOR": "always", "NO_COLOR": "1", "TERM": "dumb"], true),
    ] as [([String: String], Bool)])
    func offATerminal(environment: [String: String], color: Bool) throws {
        var descriptors: [Int32] = [-1, -1]
        try #require(pipe(&descriptors) == 0)
        defer { descriptors.forEach { _ = close($0) } }
        let style = TerminalStyle.detect(descriptor: descriptors[1], environment: environment)
        #expect(style == TerminalStyle(color: color, isTerminal: false))
    }

    @Test(
        .enabled(if: PseudoTerminal.isAvailable, "needs a pseudo-terminal"),
        arguments: [
            ([:], true),
            (["TERM": "xterm-256color"], true),
            (["NO_COLOR": ""], true),
            (["NO_COLOR": "1"], false),
            (["TERM": "dumb"], false),
            (["FLEETCTL_COLOR": "auto", "TERM": "dumb"], false),
            (["FLEETCTL_COLOR": "never"], false),
            (["FLEETCTL_COLOR": "always", "NO_COLOR": "1"], true),
            (["FLEETCTL_COLOR": "always", "TERM": "dumb"], true),
        ] as [([String: String], Bool)]
    )
    func onATerminal(environment: [String: String], color: Bool) throws {
        let terminal = try #require(PseudoTerminal())
        let style = TerminalStyle.detect(descriptor: terminal.descriptor, environment: environment)
        #expect(style == TerminalStyle(color: color, isTerminal: true))
    }

    @Test func standardOutputByDefault() {
        let isTerminal = isatty(1) == 1
        #expect(TerminalStyle.detect(environment: [:]) == TerminalStyle(color: isTerminal, isTerminal: isTerminal))
        #expect(TerminalStyle.detect(environment: ["FLEETCTL_COLOR": "always"]).color)
        #expect(!TerminalStyle.detect(environment: ["FLEETCTL_COLOR": "never"]).color)
    }
}

/// The master side of a fresh pseudo-terminal: a descriptor `isatty` accepts, whatever the
/// test's own standard output is. Closed when released.
private final class PseudoTerminal {
    static let isAvailable = PseudoTerminal() != nil

    let descriptor: Int32

    init?() {
        let descriptor = open("/dev/ptmx", O_RDWR | O_NOCTTY)
        guard descriptor >= 0 else { return nil }
        self.descriptor = descriptor
    }

    deinit { close(descriptor) }
}
