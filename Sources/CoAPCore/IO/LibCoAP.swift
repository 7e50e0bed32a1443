import CLibCoAP
import Synchronization

/// Process-wide libcoap set-up and the routing of libcoap's log lines into a ``Logger``.
public enum LibCoAP {
    private static let started: Bool = {
        coap_startup()
        coap_set_log_handler { level, message in
            guard let message else { return }
            LibCoAP.forward(level: level, message: String(cString: message))
        }
        // PDU dumps (debug level) go through the handler too, not straight to stderr, so that
        // their payloads are redacted like everything else.
        coap_set_show_pdu_output(0)
        return true
    }()

    private static let sink = Mutex<Logger?>(nil)
    /// libcoap formats `coap_session_str` and `coap_endpoint_str` into one static buffer each;
    /// loop threads of several contexts take turns.
    private static let describing = Mutex<Void>(())

    /// `coap_session_str`: the session's addresses, e.g. `127.0.0.1:5683 <-> 127.0.0.1:40000 UDP`.
    static func describe(session: OpaquePointer) -> String {
        describing.withLock { _ in String(cString: coap_session_str(session)) }
    }

    /// `coap_endpoint_str`: the bound address, e.g. `[::]:40123 UDP`.
    static func describe(endpoint: OpaquePointer) -> String {
        describing.withLock { _ in String(cString: coap_endpoint_str(endpoint)) }
    }

    /// Calls `coap_startup()` once per process.
    static func ensureStarted() { _ = started }

    /// Routes libcoap's own log lines into `logger` (nil stops them). libcoap's level is set
    /// from the logger's, so nothing below it is even formatted.
    public static func routeLog(to logger: Logger?) {
        ensureStarted()
        sink.withLock { $0 = logger }
        // coap_log_t holds syslog(3) priorities: 2 critical … 7 debug.
        let level: coap_log_t
        switch logger?.level ?? .critical {
        case .trace, .debug: level = 7
        case .info: level = 6
        case .notice: level = 5
        case .warning: level = 4
        case .error: level = 3
        case .critical: level = 2
        }
        coap_set_log_level(level)
        coap_dtls_set_log_level(level)
    }

    /// libcoap's version, e.g. `4.3.1`.
    public static var version: String {
        ensureStarted()
        let text = String(cString: coap_package_version())
        return text.hasPrefix("libcoap ") ? String(text.dropFirst(8)) : text
    }

    /// The DTLS library libcoap was built with, e.g. `OpenSSL - runtime 0x30000130, …`.
    public static var tlsDescription: String {
        ensureStarted()
        var buffer = [CChar](repeating: 0, count: 256)
        _ = coap_string_tls_version(&buffer, buffer.count)
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    private static func forward(level: coap_log_t, message: String) {
        guard let logger = sink.withLock({ $0 }) else { return }
        let line = message.hasSuffix("\n") ? String(message.dropLast()) : message
        guard let text = PayloadRedaction.redact(line) else { return }
        let mapped: Logger.Level
        switch level {
        case ...2: mapped = .critical
        case 3: mapped = .error
        case 4: mapped = .warning
        case 5: mapped = .notice
        case 6: mapped = .info
        default: mapped = .debug
        }
        logger.log(mapped, text)
    }
}
