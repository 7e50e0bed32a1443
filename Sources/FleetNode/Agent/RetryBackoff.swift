/// Capped exponential backoff with jitter: each wait is drawn from the upper half of
/// `initial × factor^attempt`, capped at `maximum`, so retrying nodes do not fall into step.
public struct RetryBackoff: Sendable, Equatable {
    /// The nominal wait before the first retry.
    public var initial: Duration
    /// What each further nominal wait is multiplied by.
    public var factor: Double
    /// The longest nominal wait.
    public var maximum: Duration
    /// Retries drawn since the last ``reset()``.
    public private(set) var attempt = 0

    /// Creates a schedule at its first attempt.
    public init(initial: Duration, factor: Double, maximum: Duration) {
        self.initial = initial
        self.factor = factor
        self.maximum = maximum
    }

    /// The nominal (jitter-free) wait of the current attempt: `initial × factor^attempt`, at most `maximum`.
    public var nominalDelay: Duration {
        var delay = initial
        for _ in 0..<attempt {
            delay = delay * factor
            if delay >= maximum { return maximum }
        }
        return min(delay, maximum)
    }

    /// The wait before the next retry, between half the nominal wait and all of it; advances the attempt.
    public mutating func nextDelay(using generator: inout some RandomNumberGenerator) -> Duration {
        let nominal = nominalDelay
        attempt += 1
        return nominal / 2 + nominal / 2 * Double.random(in: 0...1, using: &generator)
    }

    /// Starts over at the first attempt, after a success.
    public mutating func reset() {
        attempt = 0
    }
}
