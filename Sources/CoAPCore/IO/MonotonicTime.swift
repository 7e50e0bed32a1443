import Glibc

/// Milliseconds on the monotonic clock; only differences mean anything.
func monotonicMilliseconds() -> UInt64 {
    var now = timespec()
    clock_gettime(CLOCK_MONOTONIC, &now)
    return UInt64(now.tv_sec) * 1000 + UInt64(now.tv_nsec) / 1_000_000
}

extension Duration {
    /// The duration in whole milliseconds, at least 0.
    var milliseconds: UInt64 {
        let (seconds, attoseconds) = components
        let total = seconds * 1000 + attoseconds / 1_000_000_000_000_000
        return total < 0 ? 0 : UInt64(total)
    }
}
