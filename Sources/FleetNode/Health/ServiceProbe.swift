import Glibc

/// Tells which configured services are up: through systemd where it runs, otherwise by process name.
public enum ServiceProbe {
    /// Whether systemd manages this system, the test `sd_booted(3)` makes: `/run/systemd/system` is a directory.
    public static var systemdRuns: Bool {
        var info = stat()
        return stat("/run/systemd/system", &info) == 0 && info.st_mode & S_IFMT == S_IFDIR
    }

    /// Whether each of `services` is up, keyed by service name.
    ///
    /// Under systemd a service is up when `systemctl is-active --quiet NAME` exits with 0 within `timeout`
    /// (the checks run concurrently); a check that cannot run counts as down. Without systemd (in containers, on
    /// small boards) a service is up when a process of that name runs; the kernel keeps only the first 15 bytes
    /// of a process name, so only those of the service name are compared.
    public static func states(of services: [String], timeout: Duration = .seconds(5)) async -> [String: Bool] {
        let names = Set(services)
        guard !names.isEmpty else { return [:] }
        guard systemdRuns else {
            let running = ProcessScanner.runningNames()
            return Dictionary(uniqueKeysWithValues: names.map {
                ($0, running.contains(String(decoding: $0.utf8.prefix(15), as: UTF8.self)))
            })
        }
        return await withTaskGroup(of: (String, Bool).self) { group in
            for name in names {
                group.addTask {
                    let command = Command(["systemctl", "is-active", "--quiet", name], timeout: timeout)
                    let result = try? await CommandRunner.run(command)
                    return (name, result?.succeeded ?? false)
                }
            }
            var states: [String: Bool] = [:]
            for await (name, up) in group { states[name] = up }
            return states
        }
    }
}
