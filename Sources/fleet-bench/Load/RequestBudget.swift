import Synchronization

/// How many requests a run may still send, shared by all its sockets: each request claims a
/// number first, which is also the index its payload is made from.
final class RequestBudget: Sendable {
    private let next = Atomic<Int>(0)
    private let count: Int?
    private let deadline: UInt64?

    /// A budget of `count` requests (nil: unlimited) sent before `deadline` (a ``LoadClock``
    /// time; nil: none).
    init(count: Int?, deadline: UInt64?) {
        self.count = count
        self.deadline = deadline
    }

    /// The index of a new request, or nil once the count is used up or `now` is past the
    /// deadline; after the first nil every later call answers nil too.
    func claim(now: UInt64) -> Int? {
        if let deadline, now >= deadline { return nil }
        let index = next.wrappingAdd(1, ordering: .relaxed).oldValue
        if let count, index >= count { return nil }
        return index
    }
}
