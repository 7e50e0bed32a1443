/// A state of a finite state machine whose legal moves are listed in one static table.
///
/// Staying in the current state is always accepted: for a non-final state it is a progress or
/// heartbeat update, for a final state an idempotent no-op (a retransmitted report). A state
/// with no move to another state is final.
public protocol TableDrivenState: RawRepresentable<String>, Hashable, Sendable, CaseIterable {
    /// The machine's name in error details, e.g. "node update".
    static var machineName: String { get }
    /// Every legal move to a different state.
    static var legalTransitions: [Self: Set<Self>] { get }
}

extension TableDrivenState {
    /// Whether no move leaves this state.
    public var isFinal: Bool { Self.legalTransitions[self, default: []].isEmpty }

    /// Whether moving to `next` is legal (staying put always is).
    public func canTransition(to next: Self) -> Bool {
        next == self || Self.legalTransitions[self, default: []].contains(next)
    }

    /// Moves to `next`, and tells whether the state changed.
    ///
    /// - Throws: ``TransitionError`` if the table does not allow the move; the state is unchanged.
    @discardableResult
    public mutating func apply(_ next: Self) throws(TransitionError) -> StateChange<Self> {
        guard canTransition(to: next) else {
            throw TransitionError(
                machine: Self.machineName, from: rawValue, to: next.rawValue, fromIsFinal: isFinal
            )
        }
        guard next != self else { return .unchanged }
        let previous = self
        self = next
        return .changed(from: previous, to: next)
    }
}
