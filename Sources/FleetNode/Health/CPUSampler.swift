/// Turns successive `/proc/stat` samples into CPU busy percentages.
public struct CPUSampler: Sendable {
    /// The file sampled, normally `/proc/stat`.
    public let path: String
    /// The sample the next percentage is measured from; nil before the first sample.
    public private(set) var previous: CPUTimes?

    /// Creates a sampler of the file at `path`.
    public init(path: String = "/proc/stat") {
        self.path = path
    }

    /// The busy percentage since the previous call, or since boot on the first call; nil when unreadable.
    public mutating func busyPercent() -> Double? {
        guard let current = CPUTimes.read(path: path) else { return nil }
        defer { previous = current }
        return current.busyPercent(since: previous ?? CPUTimes(user: 0, nice: 0, system: 0, idle: 0))
    }
}
