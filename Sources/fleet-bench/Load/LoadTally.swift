import CoAPCore

/// What one socket's share of a load run counted; tallies of several sockets add up to the
/// run's ``LoadResult``.
struct LoadTally: Sendable {
    /// Requests sent.
    var sent = 0
    /// Requests answered 2.xx.
    var ok = 0
    /// Requests answered with any other code, indexed by the code's wire byte.
    var errorsByCode = [Int](repeating: 0, count: 256)
    /// Requests the server rejected with a RST.
    var resets = 0
    /// Requests without any answer within the timeout.
    var lost = 0
    /// Latencies of the answered requests (2.xx, errors and RSTs alike).
    var latencies = LatencyHistogram()
    /// When (``LoadClock``) a request was last sent or an answer last arrived; 0 if never.
    var lastActivity: UInt64 = 0

    /// An empty tally.
    init() {}

    /// Counts a request answered with `code` after `latency` nanoseconds, at `now`.
    mutating func recordAnswer(_ code: CoAPCode, latency: UInt64, now: UInt64) {
        if code.isSuccess { ok += 1 } else { errorsByCode[Int(code.rawValue)] += 1 }
        latencies.record(microseconds: latency / 1000)
        lastActivity = now
    }

    /// Counts a request the server answered with a RST after `latency` nanoseconds, at `now`.
    mutating func recordReset(latency: UInt64, now: UInt64) {
        resets += 1
        latencies.record(microseconds: latency / 1000)
        lastActivity = now
    }

    /// Adds everything `other` counted.
    mutating func merge(_ other: LoadTally) {
        sent += other.sent
        ok += other.ok
        for index in errorsByCode.indices { errorsByCode[index] += other.errorsByCode[index] }
        resets += other.resets
        lost += other.lost
        latencies.merge(other.latencies)
        lastActivity = max(lastActivity, other.lastActivity)
    }
}
