import Synchronization

/// A token bucket per identity: each may make `rate` requests a second on average and
/// `2 × rate` in a burst. One request is one handler call, so a block-wise transfer of any size
/// counts once. Identities are the authenticated ones of the key store, so the table stays as
/// small as the fleet.
final class RequestRateLimiter: Sendable {
    private struct Bucket {
        var tokens: Double
        var updated: ContinuousClock.Instant
    }

    private let rate: Double
    private let burst: Double
    private let buckets = Mutex<[String: Bucket]>([:])

    /// A limiter of `rate` requests a second (more than 0) per identity.
    init(rate: Double) {
        self.rate = rate
        burst = max(1, (2 * rate).rounded(.up))
    }

    /// Takes one request from `identity`'s bucket: nil when it may go ahead, otherwise the
    /// whole seconds until it may (for the answer's Max-Age).
    func admit(_ identity: String, now: ContinuousClock.Instant = .now) -> Int? {
        buckets.withLock { buckets in
            var bucket = buckets[identity] ?? Bucket(tokens: burst, updated: now)
            let elapsed = now - bucket.updated
            let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
            bucket.tokens = min(burst, bucket.tokens + max(0, seconds) * rate)
            bucket.updated = now
            defer { buckets[identity] = bucket }
            guard bucket.tokens >= 1 else { return max(1, Int(((1 - bucket.tokens) / rate).rounded(.up))) }
            bucket.tokens -= 1
            return nil
        }
    }
}
