import Glibc

/// Where a job may write: `install_path` (absolute, without `..`, checked with the
/// announcement) must lie inside one of the allowed directories, and, once resolved inside the
/// install root, must stay there when symbolic links already on disk are followed.
struct InstallPathPolicy: Sendable {
    /// The directory every `install_path` is resolved inside.
    let installRoot: String
    /// Directories, as jobs name them (before the install root), that `install_path` must lie
    /// in; empty allows any path.
    let allowedDirectories: [String]

    /// Why `installPath` may not be written (resolved there as `target`), or nil when it may.
    func refusal(of installPath: String, resolvedAs target: String) -> String? {
        let allowed = allowedDirectories.map(Self.trimmingSlash)
        if !allowed.isEmpty, !allowed.contains(where: { Self.isInside(installPath, $0) }) {
            return "install_path \(installPath) is outside the allowed directories (\(allowed.joined(separator: ", ")))"
        }
        guard let root = Self.realPath(installRoot) else { return "the install root \(installRoot) cannot be resolved" }
        // Only the part that exists can hold a link; what is still missing is created as directories.
        var existing = target
        while access(existing, F_OK) != 0, let slash = existing.lastIndex(of: "/") {
            existing = slash == existing.startIndex ? "/" : String(existing[..<slash])
        }
        if existing == target {
            // The target itself: a link there is refused later (it is not a regular file); its
            // directory is what must stay inside.
            existing = String(target[..<(target.lastIndex(of: "/") ?? target.startIndex)])
        }
        guard let resolved = Self.realPath(existing.isEmpty ? "/" : existing), Self.isInside(resolved, root) else {
            return "install_path \(installPath) leads outside the install root \(installRoot) through a symbolic link"
        }
        return nil
    }

    /// True when `path` is `directory` or below it, component by component.
    static func isInside(_ path: String, _ directory: String) -> Bool {
        directory == "/" || path == directory || path.hasPrefix(directory + "/")
    }

    private static func trimmingSlash(_ path: String) -> String {
        path.count > 1 && path.hasSuffix("/") ? String(path.dropLast()) : path
    }

    private static func realPath(_ path: String) -> String? {
        guard let resolved = realpath(path, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }
}
