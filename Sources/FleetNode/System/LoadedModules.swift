/// The kernel modules loaded now, from `/proc/modules`, and which of the configured drivers are among them.
public enum LoadedModules {
    /// The names in the first column of `procModules`; empty when the file cannot be read.
    public static func names(procModules: String = "/proc/modules") -> Set<String> {
        guard let text = TextFile.read(procModules) else { return [] }
        return Set(text.split(separator: "\n").compactMap { line in line.split(separator: " ").first.map(String.init) })
    }

    /// For each of `drivers`, whether it is loaded; a `-` in a driver's name matches a `_` in the
    /// module's, as the kernel names modules.
    public static func report(_ drivers: [String], procModules: String = "/proc/modules") -> [String: Bool] {
        let loaded = names(procModules: procModules)
        return Dictionary(drivers.map { ($0, loaded.contains($0.replacing("-", with: "_"))) }, uniquingKeysWith: { first, _ in first })
    }
}
