/// Latencies in microseconds, counted in log-linear buckets (64 per power of two, so within
/// 1.6 %), fixed in size: recording never allocates, and histograms of several threads add up.
struct LatencyHistogram: Sendable {
    /// Sub-buckets per power of two.
    private static let subBuckets = 64
    /// Enough buckets for any `UInt64` value.
    private static let bucketCount = subBuckets * 59

    private var buckets = [Int](repeating: 0, count: bucketCount)

    /// How many latencies were recorded.
    private(set) var count = 0

    /// An empty histogram.
    init() {}

    /// Counts one latency.
    mutating func record(microseconds: UInt64) {
        buckets[Self.bucket(of: microseconds)] += 1
        count += 1
    }

    /// Adds every latency `other` counted.
    mutating func merge(_ other: LatencyHistogram) {
        for index in buckets.indices { buckets[index] += other.buckets[index] }
        count += other.count
    }

    /// The latency `fraction` (0…1) of the recorded ones are at or below, in milliseconds
    /// (the lower bound of its bucket); 0 when nothing was recorded.
    func percentileMilliseconds(_ fraction: Double) -> Double {
        guard count > 0 else { return 0 }
        let rank = max(1, Int((fraction * Double(count)).rounded(.up)))
        var seen = 0
        for (index, number) in buckets.enumerated() {
            seen += number
            if seen >= rank { return Double(Self.lowerBound(of: index)) / 1000 }
        }
        return Double(Self.lowerBound(of: buckets.count - 1)) / 1000
    }

    /// The bucket of `value`: the value itself below 64, else 64 per power of two.
    private static func bucket(of value: UInt64) -> Int {
        guard value >= UInt64(subBuckets) else { return Int(value) }
        let exponent = 63 - value.leadingZeroBitCount  // ≥ 6
        let mantissa = Int(value >> UInt64(exponent - 6))  // 64…127
        return subBuckets + (exponent - 6) * subBuckets + (mantissa - subBuckets)
    }

    /// The smallest value that falls in bucket `index`.
    private static func lowerBound(of index: Int) -> UInt64 {
        guard index >= subBuckets else { return UInt64(index) }
        let exponent = (index - subBuckets) / subBuckets + 6
        let mantissa = UInt64(subBuckets + (index - subBuckets) % subBuckets)
        return mantissa << UInt64(exponent - 6)
    }
}
