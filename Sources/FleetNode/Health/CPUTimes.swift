/// The aggregate CPU time counters from the `cpu` line of `/proc/stat`, in clock ticks since boot.
public struct CPUTimes: Sendable, Equatable {
    /// Time in user mode (includes guest time).
    public var user: UInt64
    /// Time in user mode at low priority (includes guest_nice time).
    public var nice: UInt64
    /// Time in kernel mode.
    public var system: UInt64
    /// Time idle.
    public var idle: UInt64
    /// Time idle while waiting for I/O.
    public var iowait: UInt64
    /// Time servicing hardware interrupts.
    public var irq: UInt64
    /// Time servicing software interrupts.
    public var softirq: UInt64
    /// Time stolen by the hypervisor for other guests.
    public var steal: UInt64

    /// Creates a sample from its counters; the later ones default to zero.
    public init(
        user: UInt64, nice: UInt64, system: UInt64, idle: UInt64,
        iowait: UInt64 = 0, irq: UInt64 = 0, softirq: UInt64 = 0, steal: UInt64 = 0
    ) {
        self.user = user
        self.nice = nice
        self.system = system
        self.idle = idle
        self.iowait = iowait
        self.irq = irq
        self.softirq = softirq
        self.steal = steal
    }

    /// Parses the aggregate `cpu ` line of `/proc/stat` text.
    ///
    /// Needs at least the four fields user, nice, system and idle; missing later fields count as zero,
    /// and fields after steal (guest, guest_nice, already inside user and nice) are ignored.
    /// Returns nil when there is no `cpu ` line or one of its fields is not a number.
    public init?(parsing procStat: String) {
        guard let line = procStat.split(separator: "\n").first(where: { $0.hasPrefix("cpu ") }) else { return nil }
        var values: [UInt64] = []
        for field in line.split(separator: " ").dropFirst().prefix(8) {
            guard let value = UInt64(field) else { return nil }
            values.append(value)
        }
        guard values.count >= 4 else { return nil }
        values += Array(repeating: 0, count: 8 - values.count)
        self.init(
            user: values[0], nice: values[1], system: values[2], idle: values[3],
            iowait: values[4], irq: values[5], softirq: values[6], steal: values[7]
        )
    }

    /// Reads and parses the file at `path`; nil when it cannot be read or parsed.
    public static func read(path: String = "/proc/stat") -> CPUTimes? {
        TextFile.read(path).flatMap(CPUTimes.init(parsing:))
    }

    /// Ticks spent idle: idle plus iowait.
    var idleTicks: UInt64 { idle + iowait }

    /// Every counter in declaration order.
    var counters: [UInt64] { [user, nice, system, idle, iowait, irq, softirq, steal] }

    /// The percentage, 0…100, of the time between `previous` and this sample that the CPUs were busy.
    ///
    /// idle and iowait count as idle. Returns 0 when no time passed or any counter went backwards.
    public func busyPercent(since previous: CPUTimes) -> Double {
        guard zip(counters, previous.counters).allSatisfy({ $0 >= $1 }) else { return 0 }
        let totalDelta = counters.reduce(0, +) - previous.counters.reduce(0, +)
        guard totalDelta > 0 else { return 0 }
        let idleDelta = idleTicks - previous.idleTicks
        let busy = Double(totalDelta - idleDelta) / Double(totalDelta) * 100
        return min(max(busy, 0), 100)
    }
}
