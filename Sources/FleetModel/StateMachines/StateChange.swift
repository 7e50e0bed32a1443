/// What a legal ``TableDrivenState/apply(_:)`` did.
public enum StateChange<State: Sendable & Equatable>: Sendable, Equatable {
    /// The state was repeated; nothing moved.
    case unchanged
    /// The state moved.
    case changed(from: State, to: State)
}
