import CoAPCore
import FleetModel

/// What installers share: where they may write, the programs they run, and the job commands.
struct InstallContext: Sendable {
    /// The directory every `install_path` is resolved inside.
    let installRoot: String
    /// Directories `install_path` must lie in (as jobs name them); empty allows any.
    var allowedDirectories: [String] = []
    /// The agent's state directory (wheel cache under `wheels/`).
    let stateDirectory: String
    /// The pip and apt programs.
    let commands: InstallCommands
    let logger: Logger

    /// `installPath` inside the install root: `/opt/app/x` under root `/srv/node1` is
    /// `/srv/node1/opt/app/x`. The path was validated (absolute, no `..`) with the announcement.
    func resolve(_ installPath: String) -> String {
        let root = installRoot.hasSuffix("/") ? String(installRoot.dropLast()) : installRoot
        return root + installPath
    }

    /// `installPath` resolved inside the install root, once it is known to stay within the
    /// allowed directories and the root (see ``InstallPathPolicy``).
    func checkedTarget(_ installPath: String) throws(InstallFailure) -> String {
        let target = resolve(installPath)
        let policy = InstallPathPolicy(installRoot: installRoot, allowedDirectories: allowedDirectories)
        if let refusal = policy.refusal(of: installPath, resolvedAs: target) { throw InstallFailure("\(refusal); nothing installed") }
        return target
    }

    /// The environment job commands see: which job, which update, and where it went.
    func environment(for job: UpdateAnnouncement, artifact: String?) -> [String: String] {
        var environment = [
            "FLEET_JOB_ID": job.jobID, "FLEET_UPDATE_NAME": job.name, "FLEET_UPDATE_VERSION": job.version,
            "FLEET_INSTALL_ROOT": installRoot,
        ]
        if let installPath = job.installPath { environment["FLEET_INSTALL_PATH"] = resolve(installPath) }
        if let artifact { environment["FLEET_ARTIFACT"] = artifact }
        return environment
    }

    /// Runs `job`'s `post_install`, then its `health_check`; nil when both succeed (or are
    /// absent), otherwise what failed with the command's output.
    func runChecks(of job: UpdateAnnouncement, artifact: String?) async -> String? {
        let checks = [("post-install", job.postInstall), ("health check", job.healthCheck)]
        for case (let label, let text?) in checks {
            do {
                let command = Command(
                    try CommandLineSplitter.arguments(of: text, shell: job.shell),
                    environment: environment(for: job, artifact: artifact), workingDirectory: installRoot,
                    timeout: .seconds(job.commandTimeoutSeconds))
                let result = try await CommandRunner.run(command)
                guard result.succeeded else { return "\(label) failed: \(result.summary)" }
                logger.info("\(job.jobID): \(label) succeeded")
            } catch {
                return "\(label) could not run: \(error)"
            }
        }
        return nil
    }

    /// Runs one installer program (`pip`, `apt-get`) with the job's time limit.
    func runProgram(_ arguments: [String], job: UpdateAnnouncement, environment: [String: String] = [:]) async -> ProgramOutcome {
        do {
            let result = try await CommandRunner.run(
                Command(arguments, environment: environment, timeout: .seconds(job.commandTimeoutSeconds), outputLimit: 8192))
            return result.succeeded ? .succeeded(result.output) : .failed(result.summary)
        } catch {
            return .failed("\(error)")
        }
    }
}

/// How an installer program ended: its output, or why it failed.
enum ProgramOutcome: Sendable {
    case succeeded(String)
    case failed(String)
}
