/// A state-machine move the transition table does not allow, e.g. a node reporting
/// `downloading` after `succeeded`. A server answers it with 4.09 Conflict and
/// `{"error": "invalid_transition", …}`.
public struct TransitionError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The wire `error` code for this error.
    public static let code = "invalid_transition"

    /// Which machine refused: "node update" or "job".
    public let machine: String
    /// The state it was in (raw value).
    public let from: String
    /// The state it was asked to move to (raw value).
    public let to: String
    /// Whether `from` is final, so that nothing but a repeat is accepted.
    public let fromIsFinal: Bool

    /// Creates the error for a refused move.
    public init(machine: String, from: String, to: String, fromIsFinal: Bool) {
        self.machine = machine
        self.from = from
        self.to = to
        self.fromIsFinal = fromIsFinal
    }

    /// A human sentence, e.g. "a job cannot move from 'completed' to 'installing': 'completed' is final".
    public var detail: String {
        let reason = fromIsFinal ? "'\(from)' is final" : "that transition is not allowed"
        return "a \(machine) cannot move from '\(from)' to '\(to)': \(reason)"
    }

    /// `invalid_transition: <detail>`, for logs.
    public var description: String { "\(Self.code): \(detail)" }
}
