import CoAPCore

/// What a load run measured.
struct LoadResult: Sendable {
    /// Requests sent.
    let sent: Int
    /// Requests answered 2.xx.
    let ok: Int
    /// Requests answered with another code (4.xx, 5.xx, …), by code.
    let errorsByCode: [CoAPCode: Int]
    /// Requests the server rejected with a RST.
    let resets: Int
    /// Requests without any answer within the timeout (never retransmitted).
    let lost: Int
    /// Seconds from the start until the last request was sent or the last answer arrived,
    /// whichever came later; waiting out timeouts at the end does not count.
    let elapsedSeconds: Double
    /// Median latency of the answered requests, in milliseconds (within 1.6 %).
    let latencyP50Milliseconds: Double
    /// 99th-percentile latency of the answered requests, in milliseconds (within 1.6 %).
    let latencyP99Milliseconds: Double

    /// The result of the merged per-socket tallies of a run that started at `start` (``LoadClock``).
    init(_ tally: LoadTally, start: UInt64) {
        sent = tally.sent
        ok = tally.ok
        var errors: [CoAPCode: Int] = [:]
        for (code, count) in tally.errorsByCode.enumerated() where count > 0 {
            errors[CoAPCode(rawValue: UInt8(code))] = count
        }
        errorsByCode = errors
        resets = tally.resets
        lost = tally.lost
        elapsedSeconds = Double(tally.lastActivity > start ? tally.lastActivity - start : 0) / 1e9
        latencyP50Milliseconds = tally.latencies.percentileMilliseconds(0.50)
        latencyP99Milliseconds = tally.latencies.percentileMilliseconds(0.99)
    }

    /// Requests answered with an error code, all codes together.
    var errors: Int { errorsByCode.values.reduce(0, +) }

    /// Successful requests per second: `ok / elapsedSeconds` (0 for an empty run).
    var requestsPerSecond: Double { elapsedSeconds > 0 ? Double(ok) / elapsedSeconds : 0 }

    /// The result as one JSON object, keys in a fixed order:
    /// `{"sent":…,"ok":…,"errors":{"4.04":…},"resets":…,"lost":…,"elapsed_s":…,"requests_per_s":…,"latency_ms":{"p50":…,"p99":…}}`.
    var json: String {
        let errors = errorsByCode.sorted { $0.key.rawValue < $1.key.rawValue }.map { "\"\($0.key)\":\($0.value)" }
        return """
            {"sent":\(sent),"ok":\(ok),"errors":{\(errors.joined(separator: ","))},"resets":\(resets),"lost":\(lost),\
            "elapsed_s":\(Self.number(elapsedSeconds, decimals: 4)),"requests_per_s":\(Self.number(requestsPerSecond, decimals: 1)),\
            "latency_ms":{"p50":\(Self.number(latencyP50Milliseconds, decimals: 3)),"p99":\(Self.number(latencyP99Milliseconds, decimals: 3))}}
            """
    }

    /// `value` rounded to `decimals` places, as a JSON number.
    private static func number(_ value: Double, decimals: Int) -> String {
        var scale = 1.0
        for _ in 0..<decimals { scale *= 10 }
        let rounded = (value * scale).rounded() / scale
        return rounded == rounded.rounded() && abs(rounded) < 1e15 ? String(Int(rounded)) : String(rounded)
    }
}
