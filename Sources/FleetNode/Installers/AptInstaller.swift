import FleetModel

/// Installs `apt` jobs: `apt-get install -y` with the job's packages, non-interactively. apt
/// keeps no previous version to go back to, so a failure is reported as `failed` with apt's
/// own message and nothing is rolled back.
struct AptInstaller: Installer {
    let context: InstallContext

    func prepare(_ job: UpdateAnnouncement, artifact: String?) async throws(InstallFailure) -> RollbackPoint {
        .none
    }

    func apply(_ job: UpdateAnnouncement, artifact: String?, rollback: RollbackPoint) async -> InstallOutcome {
        let arguments = context.commands.apt + ["install", "-y"] + (job.packages ?? [])
        let environment = ["DEBIAN_FRONTEND": "noninteractive"]
        if case .failed(let reason) = await context.runProgram(arguments, job: job, environment: environment) {
            return .failed("apt-get install failed: \(reason)")
        }
        if let failure = await context.runChecks(of: job, artifact: artifact) {
            return .failed("\(failure); apt packages cannot be rolled back")
        }
        return .succeeded
    }
}
