import Synchronization

/// Settles the race between a call starting on the loop thread and its task being cancelled
/// from any thread: whichever comes second sees what the first did.
final class CallHandle: Sendable {
    enum State { case new, started, cancelled, finished }

    let id: UInt64
    private let state = Mutex<State>(.new)

    init(id: UInt64) { self.id = id }

    /// On the loop thread: true when the call may start (it was not cancelled first).
    func markStarted() -> Bool {
        state.withLock { state in
            guard state == .new else { return false }
            state = .started
            return true
        }
    }

    /// From the cancellation handler: true when the loop must be told to cancel a started call.
    func markCancelled() -> Bool {
        state.withLock { state in
            defer { if state == .new { state = .cancelled } }
            return state == .started
        }
    }

    /// On the loop thread, when the call completed.
    func markFinished() {
        state.withLock { $0 = .finished }
    }
}
