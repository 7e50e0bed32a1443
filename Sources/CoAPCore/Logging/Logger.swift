import Synchronization

/// A small structured logger in the shape of swift-log: a value that carries a label and a
/// level, writing through a ``LogHandler``. Libraries take a logger from their caller.
public struct Logger: Sendable {
    /// Severity, lowest first.
    public enum Level: Int, Sendable, Comparable, CaseIterable, CustomStringConvertible {
        case trace, debug, info, notice, warning, error, critical

        public static func < (lhs: Level, rhs: Level) -> Bool { lhs.rawValue < rhs.rawValue }

        /// Parses `trace`, `debug`, `info`, `notice`, `warning`, `error` or `critical`.
        public init?(name: String) {
            guard let level = Level.allCases.first(where: { $0.description == name.lowercased() }) else {
                return nil
            }
            self = level
        }

        public var description: String {
            switch self {
            case .trace: "trace"
            case .debug: "debug"
            case .info: "info"
            case .notice: "notice"
            case .warning: "warning"
            case .error: "error"
            case .critical: "critical"
            }
        }
    }

    /// Names the component that logs, e.g. `coap.server`.
    public var label: String
    /// Messages below this level are dropped before they are formatted.
    public var level: Level
    /// Where lines go.
    public var handler: any LogHandler

    public init(label: String, level: Level = .info, handler: any LogHandler = StandardErrorLogHandler()) {
        self.label = label
        self.level = level
        self.handler = handler
    }

    /// A logger that writes nothing.
    public static let disabled = Logger(label: "disabled", level: .critical, handler: DiscardingLogHandler())

    /// Logs `message` at `level`; the message is only built when the level is enabled.
    public func log(_ level: Level, _ message: @autoclosure () -> String) {
        guard level >= self.level else { return }
        handler.write(level: level, label: label, message: message())
    }

    public func trace(_ message: @autoclosure () -> String) { log(.trace, message()) }
    public func debug(_ message: @autoclosure () -> String) { log(.debug, message()) }
    public func info(_ message: @autoclosure () -> String) { log(.info, message()) }
    public func notice(_ message: @autoclosure () -> String) { log(.notice, message()) }
    public func warning(_ message: @autoclosure () -> String) { log(.warning, message()) }
    public func error(_ message: @autoclosure () -> String) { log(.error, message()) }

    /// The same logger under another label.
    public func labelled(_ label: String) -> Logger {
        var copy = self
        copy.label = label
        return copy
    }
}

/// Receives formatted log lines.
public protocol LogHandler: Sendable {
    /// Writes one message. Called from any thread.
    func write(level: Logger.Level, label: String, message: String)
}

/// Writes `level label: message` lines to standard error.
public struct StandardErrorLogHandler: LogHandler {
    public init() {}

    public func write(level: Logger.Level, label: String, message: String) {
        let line = Array("\(level) \(label): \(message)\n".utf8)
        line.withUnsafeBytes { _ = systemWrite(2, $0.baseAddress, $0.count) }
    }
}

/// Drops every line.
public struct DiscardingLogHandler: LogHandler {
    public init() {}
    public func write(level: Logger.Level, label: String, message: String) {}
}

/// Keeps lines in memory; useful to tests and to embedders that ship logs elsewhere.
public final class CollectingLogHandler: LogHandler {
    private let storage = Mutex<[String]>([])

    public init() {}

    public func write(level: Logger.Level, label: String, message: String) {
        storage.withLock { $0.append("\(level) \(label): \(message)") }
    }

    /// Every line written so far.
    public var lines: [String] { storage.withLock { $0 } }
}
