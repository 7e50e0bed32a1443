import FleetModel
import Glibc

/// Installs `pip` jobs with the configured pip: packages from an index, or an uploaded wheel
/// from the downloaded file with no index at all. Before installing it records the version of
/// every distribution the job touches (`pip list`); when the install or a check fails it puts
/// those versions back (or uninstalls what was new). Installed wheels are kept in
/// `wheels/` of the state directory so an older one can be restored without an index.
struct PipInstaller: Installer {
    let context: InstallContext

    private var wheelDirectory: String { "\(context.stateDirectory)/wheels" }

    func prepare(_ job: UpdateAnnouncement, artifact: String?) async throws(InstallFailure) -> RollbackPoint {
        let names = try distributions(of: job, artifact: artifact)
        guard !names.isEmpty else { return .pip(previous: [:]) }
        let installed = try await installedVersions(job)
        return .pip(previous: Dictionary(uniqueKeysWithValues: names.map { ($0, installed[$0]) }))
    }

    func apply(_ job: UpdateAnnouncement, artifact: String?, rollback: RollbackPoint) async -> InstallOutcome {
        guard case .pip(let previous) = rollback else { return .failed("the rollback record is not pip's") }
        let arguments: [String]?
        do {
            arguments = try installArguments(job, artifact: artifact)
        } catch {
            return .failed("\(error); nothing installed")
        }
        if let arguments {
            if case .failed(let reason) = await context.runProgram(context.commands.pip + arguments, job: job) {
                let restored = await restore(previous, job: job)
                return .failed("pip install failed: \(reason)\(restored.map { "; restoring failed: \($0)" } ?? "")")
            }
            context.logger.info("\(job.jobID): pip installed \(arguments.last ?? "")")
        }
        guard let failure = await context.runChecks(of: job, artifact: artifact) else { return .succeeded }
        if let undoFailure = await restore(previous, job: job) {
            return .failed("\(failure); rollback failed: \(undoFailure)")
        }
        return .rolledBack("\(failure); previous versions restored")
    }

    /// The distributions the job installs, normalized; a wheel artifact must be named like one.
    private func distributions(of job: UpdateAnnouncement, artifact: String?) throws(InstallFailure) -> [String] {
        if artifact != nil {
            guard let fileName = job.artifactName, let name = PipDistribution.name(ofWheel: fileName) else {
                throw InstallFailure("a pip artifact must be a wheel named like name-1.0-py3-none-any.whl (got '\(job.artifactName ?? "")')")
            }
            return [name]
        }
        return (job.packages ?? []).map(PipDistribution.name(ofRequirement:))
    }

    /// `install …` for the job's packages or its wheel (copied into the wheel cache first); nil
    /// when the job installs nothing (it only records a version and runs its checks).
    private func installArguments(_ job: UpdateAnnouncement, artifact: String?) throws(InstallFailure) -> [String]? {
        let common = ["install", "--disable-pip-version-check", "--no-input"]
        if let artifact, let fileName = job.artifactName {
            // pip reads the distribution and version from the wheel's file name, so the staged
            // file is linked (or copied) into the cache under its real name.
            let wheel = "\(wheelDirectory)/\(fileName)"
            do {
                try DurableFile.makeDirectory(wheelDirectory)
            } catch {
                throw InstallFailure("\(error)")
            }
            unlink(wheel)
            if link(artifact, wheel) != 0, let failure = FileInstaller.replace(wheel, with: artifact, modeFrom: nil) {
                throw InstallFailure("cannot keep the wheel in \(wheelDirectory): \(failure)")
            }
            return common + ["--no-index", "--find-links", wheelDirectory, wheel]
        }
        guard let packages = job.packages, !packages.isEmpty else { return nil }
        return common + packages
    }

    /// Distribution → version as `pip list` sees them now.
    private func installedVersions(_ job: UpdateAnnouncement) async throws(InstallFailure) -> [String: String] {
        let arguments = context.commands.pip + ["list", "--format=json", "--disable-pip-version-check", "--no-input"]
        switch await context.runProgram(arguments, job: job) {
        case .failed(let reason):
            throw InstallFailure("cannot list installed packages: \(reason)")
        case .succeeded(let output):
            struct Listed: Decodable {
                let name: String
                let version: String
            }
            // pip may print notices after the JSON line.
            let line = output.split(separator: "\n").first { $0.hasPrefix("[") } ?? ""
            guard let listed = try? JSONCoding.decode([Listed].self, from: Array(line.utf8)) else {
                throw InstallFailure("cannot read pip list's output: \(output.prefix(200))")
            }
            return Dictionary(listed.map { (PipDistribution.normalized($0.name), $0.version) }, uniquingKeysWith: { first, _ in first })
        }
    }

    /// Puts each distribution back at its recorded version, or uninstalls it when it was not
    /// installed before. Nil when all went back; otherwise what did not.
    private func restore(_ previous: [String: String?], job: UpdateAnnouncement) async -> String? {
        var failures: [String] = []
        for (name, version) in previous.sorted(by: { $0.key < $1.key }) {
            let common = ["--disable-pip-version-check", "--no-input"]
            var attempts: [[String]]
            if let version {
                // The kept wheel first, with no index to wait for; the index only when it is not kept.
                let install = ["install"] + common + ["--no-deps", "--find-links", wheelDirectory, "\(name)==\(version)"]
                attempts = [install + ["--no-index"], install]
            } else {
                attempts = [["uninstall"] + common + ["-y", name]]
            }
            var failure: String?
            for arguments in attempts {
                guard case .failed(let reason) = await context.runProgram(context.commands.pip + arguments, job: job) else {
                    failure = nil
                    break
                }
                failure = reason
            }
            if let failure { failures.append("\(name): \(failure)") }
        }
        if failures.isEmpty {
            context.logger.warning("\(job.jobID): restored \(previous.keys.sorted().joined(separator: ", "))")
            return nil
        }
        return failures.joined(separator: "; ")
    }
}
