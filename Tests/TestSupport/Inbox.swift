import Synchronization

/// Things that arrive on other threads (announcements, notifications, output lines, lifecycle
/// requests), kept in order, with a bounded wait for the first one that matches.
///
/// Waiting is event-driven: a waiter is resumed by ``put(_:)``; the deadline only turns a
/// missing event into a test failure instead of a hang.
public final class Inbox<Element: Sendable>: Sendable {
    private struct Waiter {
        let predicate: @Sendable (Element) -> Bool
        /// Matches still to see before this waiter is satisfied.
        var remaining: Int
        let continuation: CheckedContinuation<Element, any Error>
    }

    private struct State {
        var items: [Element] = []
        var waiters: [UInt64: Waiter] = [:]
        var nextID: UInt64 = 0
        var expired: Set<UInt64> = []
        var finished = false
    }

    private let state = Mutex(State())

    private enum Outcome { case found(Element), finished, expired, waiting }

    public init() {}

    /// Everything received so far, in order.
    public var items: [Element] { state.withLock { $0.items } }

    /// Adds an element and wakes the waiters it satisfies.
    public func put(_ element: Element) {
        let woken = state.withLock { state -> [CheckedContinuation<Element, any Error>] in
            state.items.append(element)
            var woken: [CheckedContinuation<Element, any Error>] = []
            for id in Array(state.waiters.keys) where state.waiters[id]!.predicate(element) {
                state.waiters[id]!.remaining -= 1
                if state.waiters[id]!.remaining == 0 { woken.append(state.waiters.removeValue(forKey: id)!.continuation) }
            }
            return woken
        }
        for continuation in woken { continuation.resume(returning: element) }
    }

    /// No more elements will come: waiters that are still waiting fail.
    public func finish() {
        let waiting = state.withLock { state -> [CheckedContinuation<Element, any Error>] in
            state.finished = true
            defer { state.waiters.removeAll() }
            return state.waiters.values.map(\.continuation)
        }
        for continuation in waiting { continuation.resume(throwing: InboxError.finished) }
    }

    /// The first element (or the `occurrence`-th), received before or after the call, that
    /// matches; throws when none arrives within `timeout`.
    public func first(
        within timeout: Duration = .seconds(10), _ what: String = "an element", occurrence: Int = 1,
        where predicate: @escaping @Sendable (Element) -> Bool = { _ in true }
    ) async throws -> Element {
        let id = state.withLock { state -> UInt64 in
            state.nextID += 1
            return state.nextID
        }
        let deadline = Task { [weak self] in
            try await Task.sleep(for: timeout)
            self?.expire(id, what)
        }
        defer { deadline.cancel() }
        return try await withCheckedThrowingContinuation { continuation in
            let outcome = state.withLock { state -> Outcome in
                let hits = state.items.filter(predicate)
                if hits.count >= occurrence { return .found(hits[occurrence - 1]) }
                if state.finished { return .finished }
                if state.expired.remove(id) != nil { return .expired }
                state.waiters[id] = Waiter(predicate: predicate, remaining: occurrence - hits.count, continuation: continuation)
                return .waiting
            }
            switch outcome {
            case .found(let element): continuation.resume(returning: element)
            case .finished: continuation.resume(throwing: InboxError.finished)
            case .expired: continuation.resume(throwing: InboxError.timedOut(what))
            case .waiting: break
            }
        }
    }

    /// How many elements received so far match.
    public func count(where predicate: (Element) -> Bool) -> Int {
        state.withLock { $0.items.count(where: predicate) }
    }

    private func expire(_ id: UInt64, _ what: String) {
        let waiter = state.withLock { state -> Waiter? in
            guard let waiter = state.waiters.removeValue(forKey: id) else {
                state.expired.insert(id)
                return nil
            }
            return waiter
        }
        waiter?.continuation.resume(throwing: InboxError.timedOut(what))
    }
}

public enum InboxError: Error, CustomStringConvertible {
    case timedOut(String)
    case finished

    public var description: String {
        switch self {
        case .timedOut(let what): "timed out waiting for \(what)"
        case .finished: "the source ended before the awaited element arrived"
        }
    }
}

/// A value shared between a test and closures that run on other threads.
public final class Locked<Value: Sendable>: Sendable {
    private let storage: Mutex<Value>

    public init(_ value: Value) { storage = Mutex(value) }

    public var value: Value { storage.withLock { $0 } }

    public func set(_ value: Value) { storage.withLock { $0 = value } }

    public func update(_ body: @Sendable (inout Value) -> Void) { storage.withLock { body(&$0) } }
}
