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
}
