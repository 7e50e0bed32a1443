import FleetModel
import Glibc

/// Installs `file` and `firmware` artifacts: the new content is written beside the target,
/// flushed and renamed over it, so the target is always either the old file or the new one.
/// The old one stays as `<target>.fleet-previous` (a hard link taken before the switch); a
/// failing post-install or health check renames it back.
struct FileInstaller: Installer {
    let context: InstallContext

    /// The suffix of the kept previous version.
    static let previousSuffix = ".fleet-previous"

    func prepare(_ job: UpdateAnnouncement, artifact: String?) async throws(InstallFailure) -> RollbackPoint {
        guard let installPath = job.installPath else { throw InstallFailure("the job has no install_path") }
        let target = try context.checkedTarget(installPath)
        let directory = String(target[..<(target.lastIndex(of: "/") ?? target.startIndex)])
        do {
            try DurableFile.makeDirectory(directory.isEmpty ? "/" : directory, mode: 0o755)
        } catch {
            throw InstallFailure("cannot create the directory of \(target): \(error)")
        }
        var status = stat()
        guard lstat(target, &status) == 0 else { return .file(previous: nil) }
        guard status.st_mode & S_IFMT == S_IFREG else {
            throw InstallFailure("\(target) exists and is not a regular file; nothing installed")
        }
        let previous = target + Self.previousSuffix
        unlink(previous)
        guard link(target, previous) == 0 else {
            throw InstallFailure("cannot keep the previous version as \(previous): \(String(cString: strerror(errno)))")
        }
        do {
            try DurableFile.syncDirectory(of: target)
        } catch {
            throw InstallFailure("\(error)")
        }
        return .file(previous: previous)
    }

    func apply(_ job: UpdateAnnouncement, artifact: String?, rollback: RollbackPoint) async -> InstallOutcome {
        guard let installPath = job.installPath, let artifact else { return .failed("the job has no install_path or artifact") }
        let target = context.resolve(installPath)
        guard case .file(let previous) = rollback else { return .failed("the rollback record is not a file's") }
        if let previous, let failure = Self.keep(previous, of: target) { return .failed("\(failure); nothing installed") }
        if let failure = Self.replace(target, with: artifact, modeFrom: previous) {
            return .failed("\(failure); nothing installed")
        }
        context.logger.info("\(job.jobID): installed \(target)")
        guard let failure = await context.runChecks(of: job, artifact: artifact) else { return .succeeded }
        if let undoFailure = Self.restore(target, previous: previous) {
            return .failed("\(failure); rollback failed: \(undoFailure)")
        }
        let undone = previous == nil ? "the new file was removed" : "previous version restored"
        context.logger.warning("\(job.jobID): \(failure); \(undone) at \(target)")
        return .rolledBack("\(failure); \(undone)")
    }

    /// Makes sure the previous version is kept at `previous` before `target` is replaced. It is
    /// gone only when a rollback renamed it back and the agent stopped before recording that;
    /// then `target` is that previous version, and is linked there again. Nil on success.
    private static func keep(_ previous: String, of target: String) -> String? {
        guard access(previous, F_OK) != 0, access(target, F_OK) == 0 else { return nil }
        guard link(target, previous) == 0 else {
            return "cannot keep the previous version as \(previous): \(String(cString: strerror(errno)))"
        }
        return nil
    }

    /// Writes `source` to `<target>.fleet-new`, flushes it and renames it over `target`; the
    /// mode of the previous version is kept (0644 for a new file). Nil on success.
    static func replace(_ target: String, with source: String, modeFrom previous: String?) -> String? {
        var status = stat()
        let mode = previous.flatMap { stat($0, &status) == 0 ? status.st_mode & 0o7777 : nil } ?? 0o644
        let staged = target + ".fleet-new"
        if let failure = copy(source, to: staged, mode: mode) {
            unlink(staged)
            return failure
        }
        guard rename(staged, target) == 0 else {
            let reason = String(cString: strerror(errno))
            unlink(staged)
            return "cannot rename into \(target): \(reason)"
        }
        do {
            try DurableFile.syncDirectory(of: target)
        } catch {
            return "\(error)"
        }
        return nil
    }

    /// Puts the previous version back at `target` (or removes `target` when there was none). Nil on success.
    static func restore(_ target: String, previous: String?) -> String? {
        if let previous {
            guard rename(previous, target) == 0 else { return "cannot rename \(previous): \(String(cString: strerror(errno)))" }
        } else if unlink(target) != 0, errno != ENOENT {
            return "cannot remove \(target): \(String(cString: strerror(errno)))"
        }
        do {
            try DurableFile.syncDirectory(of: target)
        } catch {
            return "\(error)"
        }
        return nil
    }

    /// Copies `source` to a new file `destination` with `mode` and flushes it. Nil on success.
    private static func copy(_ source: String, to destination: String, mode: mode_t) -> String? {
        let input = open(source, O_RDONLY | O_CLOEXEC)
        guard input >= 0 else { return "cannot read \(source): \(String(cString: strerror(errno)))" }
        defer { close(input) }
        let output = open(destination, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, mode)
        guard output >= 0 else { return "cannot write \(destination): \(String(cString: strerror(errno)))" }
        defer { close(output) }
        fchmod(output, mode)
        var buffer = [UInt8](repeating: 0, count: 1 << 20)
        while true {
            let count = buffer.withUnsafeMutableBytes { read(input, $0.baseAddress, $0.count) }
            if count == 0 { break }
            guard count > 0 else { return "cannot read \(source): \(String(cString: strerror(errno)))" }
            var written = 0
            while written < count {
                let step = buffer.withUnsafeBytes { write(output, $0.baseAddress! + written, count - written) }
                guard step > 0 else { return "cannot write \(destination): \(String(cString: strerror(errno)))" }
                written += step
            }
        }
        guard fsync(output) == 0 else { return "cannot flush \(destination): \(String(cString: strerror(errno)))" }
        return nil
    }
}
