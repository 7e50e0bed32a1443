import Glibc
import Synchronization

/// Runs work on plain POSIX threads and waits for it: the load generator's sockets each get
/// a thread of their own, outside Swift's cooperative pool.
enum LoadThreads {
    /// Runs `body(0)` … `body(count - 1)` on `count` new threads at once and returns their
    /// results in order, once all have finished.
    static func run<Result: Sendable>(count: Int, _ body: @escaping @Sendable (Int) -> Result) -> [Result] {
        let results = Results<Result>(count: count)
        var threads: [pthread_t] = []
        for index in 0..<count {
            let job = Unmanaged.passRetained(Job { results.store(body(index), at: index) }).toOpaque()
            var thread = pthread_t()
            let created = pthread_create(&thread, nil, { context in
                // Safety: `context` is the Job retained just above, released here once.
                Unmanaged<Job>.fromOpaque(context!).takeRetainedValue().body()
                return nil
            }, job)
            precondition(created == 0, "pthread_create failed: \(created)")
            threads.append(thread)
        }
        for thread in threads { pthread_join(thread, nil) }
        return results.collected()
    }

    /// A closure handed to a new thread through `pthread_create`'s context pointer.
    private final class Job: Sendable {
        /// What the thread runs.
        let body: @Sendable () -> Void

        /// A job running `body`.
        init(_ body: @escaping @Sendable () -> Void) {
            self.body = body
        }
    }

    /// Where the threads leave their results.
    private final class Results<Value: Sendable>: Sendable {
        /// One place per thread, nil until it has finished.
        private let values: Mutex<[Value?]>

        /// Room for `count` results.
        init(count: Int) {
            values = Mutex([Value?](repeating: nil, count: count))
        }

        /// Keeps thread `index`'s result.
        func store(_ value: Value, at index: Int) {
            values.withLock { $0[index] = value }
        }

        /// Every result; call only after every thread has stored its own.
        func collected() -> [Value] {
            values.withLock { $0.map { $0! } }
        }
    }
}
