/// Every error answer's payload: `{"error": "<short code>", "detail": "<human sentence>"}`.
public struct ErrorBody: Codable, Sendable, Equatable {
    /// `error`: a short machine-readable code such as `missing_field` or `not_found`.
    public var error: String
    /// `detail`: a human sentence saying what was wrong.
    public var detail: String

    /// Creates an error answer.
    public init(error: String, detail: String) {
        self.error = error
        self.detail = detail
    }

    /// The answer for a refused payload.
    public init(_ payloadError: PayloadError) {
        self.init(error: payloadError.code.rawValue, detail: payloadError.detail)
    }

    /// The answer for a refused state-machine move (`invalid_transition`).
    public init(_ transitionError: TransitionError) {
        self.init(error: TransitionError.code, detail: transitionError.detail)
    }

    /// The answer for an error the CoAP layer raises itself, by its response code as `c.dd`
    /// (unknown path, method not allowed, body too large, …).
    public init(protocolCode code: String, detail: String) {
        let names = [
            "4.02": "bad_option", "4.04": "not_found", "4.05": "method_not_allowed", "4.08": "incomplete_body",
            "4.13": "too_large", "5.00": "internal_error", "5.03": "busy",
        ]
        self.init(error: names[code] ?? "bad_request", detail: detail)
    }

    /// The JSON bytes of this answer (a minimal body if encoding should ever fail).
    public var encoded: [UInt8] {
        (try? Payload.encode(self)) ?? Array("{\"error\":\"\(error)\"}".utf8)
    }
}
