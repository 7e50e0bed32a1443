import FleetModel
import FleetStore

/// The jobs a node has not acknowledged yet, as announcements.
enum PendingJobs {
    /// Unfinished jobs in which the node is still `pending` or `notified`.
    static func announcements(for nodeID: String, _ context: FleetContext) throws -> [UpdateAnnouncement] {
        try context.store.unfinishedJobs(for: nodeID).filter { job in
            guard let state = job.nodes[nodeID]?.state else { return false }
            return state == .pending || state == .notified
        }.map { try announcement(of: $0, context) }
    }

    /// What a target node is told about a job.
    static func announcement(of job: StoredJob, _ context: FleetContext) throws -> UpdateAnnouncement {
        let creation = job.creation
        let artifact = try creation.artifactID.flatMap { try context.store.artifact($0) }
        return UpdateAnnouncement(
            jobID: job.id, name: creation.name, version: creation.version, packageType: creation.packageType,
            packages: creation.packages, artifactID: creation.artifactID, artifactName: artifact?.name,
            artifactSHA256: artifact?.sha256,
            artifactSize: artifact?.size, artifactPath: artifact.map { "artifacts/\($0.id)" },
            installPath: creation.installPath, postInstall: creation.postInstall, healthCheck: creation.healthCheck,
            commandTimeoutSeconds: creation.commandTimeoutSeconds, shell: creation.shell, signedManifest: creation.signedManifest)
    }
}
