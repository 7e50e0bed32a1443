extension SystemFacts {
    /// The facts of this machine: host name and kernel identity from Glibc, the rest from files under `procRoot`.
    ///
    /// Never fails: an unreadable `cpuinfo` gives a nil model and a count of 1, an unreadable `meminfo` or `uptime`
    /// gives 0.
    public static func read(procRoot: String = "/proc") -> SystemFacts {
        let kernel = Uname.current()
        let cpuinfo = TextFile.read("\(procRoot)/cpuinfo") ?? ""
        return SystemFacts(
            hostname: HostName.current(),
            os: kernel.sysname.lowercased(),
            kernel: kernel.release,
            architecture: kernel.machine,
            cpuModel: cpuModel(parsing: cpuinfo),
            cpuCount: cpuCount(parsing: cpuinfo),
            memoryTotalKB: MemoryInfo.read(path: "\(procRoot)/meminfo")?.totalKB ?? 0,
            uptimeSeconds: TextFile.read("\(procRoot)/uptime").flatMap(uptime(parsing:)) ?? 0
        )
    }
}
