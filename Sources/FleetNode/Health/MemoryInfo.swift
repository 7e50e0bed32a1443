/// Total and available memory from `/proc/meminfo`, in kB.
public struct MemoryInfo: Sendable, Equatable {
    /// `MemTotal` in kB.
    public var totalKB: UInt64
    /// `MemAvailable` in kB: memory that can be given to programs without swapping.
    public var availableKB: UInt64

    /// Creates a value from its two figures.
    public init(totalKB: UInt64, availableKB: UInt64) {
        self.totalKB = totalKB
        self.availableKB = availableKB
    }

    /// Parses `/proc/meminfo` text; nil when `MemTotal` or `MemAvailable` is missing or not a number,
    /// or when `MemTotal` is zero.
    public init?(parsing meminfo: String) {
        var total: UInt64?
        var available: UInt64?
        for line in meminfo.split(separator: "\n") {
            let fields = line.split(separator: " ")
            guard fields.count >= 2 else { continue }
            switch fields[0] {
            case "MemTotal:": total = UInt64(fields[1])
            case "MemAvailable:": available = UInt64(fields[1])
            default: continue
            }
        }
        guard let total, let available, total > 0 else { return nil }
        self.init(totalKB: total, availableKB: available)
    }

    /// Reads and parses the file at `path`; nil when it cannot be read or parsed.
    public static func read(path: String = "/proc/meminfo") -> MemoryInfo? {
        TextFile.read(path).flatMap(MemoryInfo.init(parsing:))
    }

    /// The percentage of memory in use, 100 × (1 − available ÷ total), clamped to 0…100.
    public var usedPercent: Double {
        let used = (1 - Double(availableKB) / Double(totalKB)) * 100
        return min(max(used, 0), 100)
    }
}
