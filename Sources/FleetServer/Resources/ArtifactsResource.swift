import CoAPCore
import FleetModel
import FleetStore
import FoundationEssentials

/// `/artifacts` (list; upload with `POST /artifacts?name=…`, block-wise) and
/// `/artifacts/{id}` (download, block-wise and resumable; delete).
enum ArtifactsResource {
    static func collection(_ context: FleetContext) -> CoAPResource {
        CoAPResource(
            "artifacts", attributes: LinkAttributes(resourceType: "fleet.artifacts", interface: "core.b", contentFormats: [.json]),
            maxBodySize: context.configuration.maxArtifactSize, spoolDirectory: context.artifacts.directory,
            handlers: [
                .get: fleetHandler(context.logger) { request in
                    try context.requireAdmin(request, for: "listing artifacts")
                    return FleetResponses.json(try context.store.artifacts().map(info))
                },
                .post: fleetHandler(context.logger) { request in
                    try context.requireAdmin(request, for: "uploading an artifact")
                    guard let name = request.queryValue("name"), !name.isEmpty else {
                        throw FleetFailure(.badRequest, "missing_field", "give the artifact a name: POST /artifacts?name=firmware-1.2.bin")
                    }
                    guard name.utf8.count <= 128, !name.contains("/"), !name.hasPrefix(".") else {
                        throw FleetFailure(.badRequest, "invalid_value", "the name must be 1 to 128 characters, without '/' and not starting with '.'")
                    }
                    if let format = request.contentFormat, format != .octetStream {
                        throw FleetFailure(.unsupportedContentFormat, "unsupported_content_format",
                                           "send the artifact as application/octet-stream (content format 42), not \(format)")
                    }
                    // Bodies of more than one block arrive spooled to a file, never whole in memory.
                    let stored = try request.bodyFile.map(context.artifacts.store(file:)) ?? context.artifacts.store(request.payload)
                    let artifact = StoredArtifact(id: Identifiers.make(prefix: "art"), name: name, sha256: stored.sha256,
                                                  size: stored.size, createdAt: context.now)
                    try context.store.addArtifact(artifact)
                    try context.audit(request, "artifact.upload", "\(artifact.id) \(name) \(stored.size) bytes sha256 \(stored.sha256)")
                    return FleetResponses.json(info(artifact), code: .created)
                },
            ])
    }

    static func item(_ context: FleetContext) -> CoAPResource {
        CoAPResource(
            "artifacts/{id}", attributes: LinkAttributes(resourceType: "fleet.artifact", interface: "core.rp", contentFormats: [.octetStream]),
            handlers: [
                .get: fleetHandler(context.logger) { request in
                    let id = request.pathParameters["id"]!
                    try context.requireAdminOrNode(request, for: "downloading an artifact") { node in
                        try context.store.unfinishedJobs(for: node).contains { $0.creation.artifactID == id }
                    }
                    guard let artifact = try context.store.artifact(id) else { throw FleetFailure.notFound("artifact", id) }
                    return CoAPResponse(code: .content, contentFormat: .octetStream,
                                        body: .file(context.artifacts.body(sha256: artifact.sha256, size: artifact.size)))
                },
                .delete: fleetHandler(context.logger) { request in
                    try context.requireAdmin(request, for: "removing an artifact")
                    let id = request.pathParameters["id"]!
                    switch try context.store.removeArtifact(id) {
                    case .notFound:
                        throw FleetFailure.notFound("artifact", id)
                    case .inUse(let jobs):
                        throw FleetFailure(.conflict, "in_use", "artifact '\(id)' is used by unfinished jobs: \(jobs.joined(separator: ", "))")
                    case .removed(let artifact):
                        // Another artifact may hold the same content.
                        if try !context.store.artifacts().contains(where: { $0.sha256 == artifact.sha256 }) {
                            context.artifacts.remove(sha256: artifact.sha256)
                        }
                        try context.audit(request, "artifact.delete", id)
                        return FleetResponses.json(info(artifact), code: .deleted)
                    }
                },
            ])
    }

    static func info(_ artifact: StoredArtifact) -> ArtifactInfo {
        ArtifactInfo(artifactID: artifact.id, name: artifact.name, sha256: artifact.sha256, size: artifact.size,
                     createdAt: UTCTimestamp.string(from: artifact.createdAt))
    }
}
