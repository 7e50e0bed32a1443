/// Finds which processes are running by reading `/proc`, for boards without systemd.
public enum ProcessScanner {
    /// The command names (`/proc/<pid>/comm`) of every process under `procRoot`.
    ///
    /// The kernel truncates these names to 15 bytes, so compare a configured service against its first 15 bytes.
    /// Processes that exit while being scanned are skipped; an unreadable `procRoot` gives an empty set.
    public static func runningNames(procRoot: String = "/proc") -> Set<String> {
        let entries = DirectoryListing.names(in: procRoot) ?? []
        let pids = entries.filter { !$0.isEmpty && $0.allSatisfy { $0.isASCII && $0.isNumber } }
        var names: Set<String> = []
        for pid in pids {
            guard let comm = TextFile.read("\(procRoot)/\(pid)/comm") else { continue }
            let name = comm.hasSuffix("\n") ? String(comm.dropLast()) : comm
            if !name.isEmpty { names.insert(name) }
        }
        return names
    }
}
