import Glibc

/// A CoAP load generator over raw UDP sockets: it keeps `concurrency` requests in flight
/// against one server, spread over `sockets` sockets (so as many server sessions), each on a
/// thread of its own, and counts what comes back. Requests are encoded by hand
/// (``CoAPDatagram``), never retransmitted, and counted lost after `timeout`.
///
/// ```swift
/// let result = try LoadGenerator(
///     host: "127.0.0.1", port: 5683, template: RequestTemplate(.get, path: ["test"]),
///     concurrency: 64, duration: .seconds(10)
/// ).run()
/// print(result.json)
/// ```
struct LoadGenerator: Sendable {
    /// The server's IPv4 address, as a literal (`127.0.0.1`).
    let host: String
    /// The server's UDP port.
    let port: UInt16
    /// What to send.
    let template: RequestTemplate
    /// Requests in flight at once, across all sockets.
    let concurrency: Int
    /// Sockets, each with its own source port and thread; `concurrency` is split between them.
    let sockets: Int
    /// Stop sending after this long; nil for no time limit.
    let duration: Duration?
    /// Stop sending after this many requests; nil for no count limit.
    let count: Int?
    /// How long a request may stay unanswered before it counts as lost.
    let timeout: Duration

    /// A generator; at least one of `duration` and `count` must be given, and the run ends at
    /// whichever comes first. `sockets` defaults to `min(concurrency, 8)`.
    init(
        host: String, port: UInt16, template: RequestTemplate, concurrency: Int, sockets: Int? = nil,
        duration: Duration? = nil, count: Int? = nil, timeout: Duration = .seconds(2)
    ) {
        precondition(duration != nil || count != nil, "a load run needs a duration or a count")
        precondition(concurrency >= 1, "at least one request in flight")
        self.host = host
        self.port = port
        self.template = template
        self.concurrency = concurrency
        self.sockets = min(concurrency, max(1, sockets ?? 8))
        self.duration = duration
        self.count = count
        self.timeout = timeout
    }

    /// Runs the load to its end, blocking the calling thread, and returns what it measured.
    /// Throws when the host is no IPv4 literal or a socket cannot be opened.
    func run() throws(LoadError) -> LoadResult {
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = port.bigEndian
        guard inet_pton(AF_INET, host, &address.sin_addr) == 1 else {
            throw LoadError(description: "not an IPv4 address: \(host)")
        }
        var descriptors: [Int32] = []
        for _ in 0..<sockets {
            do {
                descriptors.append(try LoadWorker.openSocket(to: address))
            } catch {
                for descriptor in descriptors { close(descriptor) }
                throw error
            }
        }
        let start = LoadClock.now()
        let budget = RequestBudget(count: count, deadline: duration.map { start + LoadClock.nanoseconds($0) })
        let workers = descriptors.enumerated().map { index, descriptor in
            LoadWorker(
                address: address, socket: descriptor,
                slotCount: concurrency / sockets + (index < concurrency % sockets ? 1 : 0),
                template: template, budget: budget, timeout: LoadClock.nanoseconds(timeout))
        }
        var total = LoadTally()
        for tally in LoadThreads.run(count: workers.count, { workers[$0].run() }) { total.merge(tally) }
        return LoadResult(total, start: start)
    }
}
