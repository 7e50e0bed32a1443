/// A min-heap of deadlines in monotonic milliseconds, each naming an exchange. Entries of
/// exchanges that finished are skipped lazily when they surface.
struct DeadlineQueue {
    private var heap: [(deadline: UInt64, id: UInt64)] = []

    var isEmpty: Bool { heap.isEmpty }

    /// The earliest deadline.
    var earliest: UInt64? { heap.first?.deadline }

    mutating func insert(_ deadline: UInt64, id: UInt64) {
        heap.append((deadline, id))
        var child = heap.count - 1
        while child > 0 {
            let parent = (child - 1) / 2
            guard heap[child].deadline < heap[parent].deadline else { break }
            heap.swapAt(child, parent)
            child = parent
        }
    }

    /// Removes and returns the ids whose deadline is at or before `now`, earliest first.
    mutating func popExpired(now: UInt64) -> [UInt64] {
        var expired: [UInt64] = []
        while let first = heap.first, first.deadline <= now {
            expired.append(first.id)
            removeFirst()
        }
        return expired
    }

    private mutating func removeFirst() {
        heap.swapAt(0, heap.count - 1)
        heap.removeLast()
        var parent = 0
        while true {
            let left = 2 * parent + 1, right = left + 1
            var smallest = parent
            if left < heap.count && heap[left].deadline < heap[smallest].deadline { smallest = left }
            if right < heap.count && heap[right].deadline < heap[smallest].deadline { smallest = right }
            guard smallest != parent else { return }
            heap.swapAt(parent, smallest)
            parent = smallest
        }
    }
}
