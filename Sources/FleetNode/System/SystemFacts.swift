/// What a node is: the facts behind the agent's `GET /system`.
public struct SystemFacts: Sendable, Equatable {
    /// The host name from `gethostname`.
    public var hostname: String
    /// The kernel name from `uname`, lowercased: `linux`.
    public var os: String
    /// The kernel release from `uname`, e.g. `6.1.0-18-arm64`.
    public var kernel: String
    /// The hardware name from `uname`, e.g. `aarch64` or `x86_64`.
    public var architecture: String
    /// The CPU model from `/proc/cpuinfo`; nil when the kernel does not report one.
    public var cpuModel: String?
    /// The number of CPUs in `/proc/cpuinfo`, at least 1.
    public var cpuCount: Int
    /// `MemTotal` from `/proc/meminfo` in kB; 0 when it cannot be read.
    public var memoryTotalKB: UInt64
    /// Seconds since boot from `/proc/uptime`; 0 when it cannot be read.
    public var uptimeSeconds: Double

    /// Creates facts from their values.
    public init(
        hostname: String, os: String, kernel: String, architecture: String, cpuModel: String?, cpuCount: Int,
        memoryTotalKB: UInt64, uptimeSeconds: Double
    ) {
        self.hostname = hostname
        self.os = os
        self.kernel = kernel
        self.architecture = architecture
        self.cpuModel = cpuModel
        self.cpuCount = cpuCount
        self.memoryTotalKB = memoryTotalKB
        self.uptimeSeconds = uptimeSeconds
    }

    /// The CPU model in `/proc/cpuinfo` text.
    ///
    /// The first non-empty `model name` value (x86 and some ARM kernels); failing that the first `Hardware` value
    /// (the SoC on 32-bit ARM, e.g. `BCM2835`), then the first `Model` value (the board, e.g. on Raspberry Pi).
    /// Nil when none of these is present.
    public static func cpuModel(parsing cpuinfo: String) -> String? {
        let fields = cpuinfoFields(cpuinfo)
        for key in ["model name", "Hardware", "Model"] {
            if let value = fields.first(where: { $0.key == key && !$0.value.isEmpty })?.value { return value }
        }
        return nil
    }

    /// The number of `processor` lines in `/proc/cpuinfo` text, at least 1.
    ///
    /// The key is matched exactly, so the `Processor` description line of 32-bit ARM kernels is not counted.
    public static func cpuCount(parsing cpuinfo: String) -> Int {
        max(cpuinfoFields(cpuinfo).filter { $0.key == "processor" }.count, 1)
    }

    /// The seconds since boot in `/proc/uptime` text (its first number); nil when that is not a finite,
    /// non-negative number.
    public static func uptime(parsing text: String) -> Double? {
        guard let first = text.split(whereSeparator: \.isWhitespace).first,
            let seconds = Double(first), seconds.isFinite, seconds >= 0
        else { return nil }
        return seconds
    }

    /// The `key: value` lines of `/proc/cpuinfo` text, both sides trimmed of spaces and tabs; other lines are skipped.
    private static func cpuinfoFields(_ cpuinfo: String) -> [(key: String, value: String)] {
        cpuinfo.split(separator: "\n").compactMap { line in
            guard let colon = line.firstIndex(of: ":") else { return nil }
            return (trimmed(line[..<colon]), trimmed(line[line.index(after: colon)...]))
        }
    }

    /// `text` without leading and trailing spaces and tabs.
    private static func trimmed(_ text: Substring) -> String {
        let isBlank: (Character) -> Bool = { $0 == " " || $0 == "\t" }
        guard let start = text.firstIndex(where: { !isBlank($0) }),
            let end = text.lastIndex(where: { !isBlank($0) })
        else { return "" }
        return String(text[start...end])
    }
}
