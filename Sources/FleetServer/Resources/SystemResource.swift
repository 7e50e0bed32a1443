import CoAPCore
import FleetModel
import FleetStore
import FoundationEssentials

/// `/system` (server facts; the seed's `status`, `restart` and `shutdown` actions) and `/test`.
enum SystemResource {
    static func resource(_ context: FleetContext) -> CoAPResource {
        let limit = context.configuration.maxRequestSize
        return CoAPResource(
            "system", attributes: LinkAttributes(resourceType: "fleet.system", interface: "core.p", contentFormats: [.json]),
            maxBodySize: limit,
            handlers: [
                .get: fleetHandler(context.logger) { request in
                    try context.requireAdmin(request, for: "reading the server's facts")
                    return FleetResponses.json(try info(context))
                },
                .post: fleetHandler(context.logger) { request in
                    let action = try request.decode(SystemAction.self, sizeLimit: limit)
                    try context.requireAdmin(request, for: "a system action")
                    try context.audit(request, "system.\(action.rawValue)", "")
                    switch action {
                    case .status:
                        return FleetResponses.json(SystemActionAnswer(action: action, status: "running", uptimeSeconds: uptime(context)))
                    case .restart, .shutdown:
                        // Answer first; the process acts once the answer is on its way.
                        let request: FleetService.LifecycleRequest = action == .restart ? .restart : .shutdown
                        Task {
                            try? await Task.sleep(for: .milliseconds(200))
                            context.lifecycle(request)
                        }
                        return FleetResponses.json(
                            SystemActionAnswer(action: action, status: action == .restart ? "restarting" : "shutting_down",
                                               uptimeSeconds: uptime(context)),
                            code: .changed)
                    }
                },
            ])
    }

    static func test(_ context: FleetContext) -> CoAPResource {
        CoAPResource(
            "test", attributes: LinkAttributes(resourceType: "fleet.test", interface: "core.rp", contentFormats: [.json]),
            handlers: [.get: fleetHandler(context.logger) { _ in
                FleetResponses.json(["status": "ok", "message": "CoAP Fleet server is running", "version": FleetVersion.current])
            }])
    }

    static func uptime(_ context: FleetContext) -> Int {
        Int(context.now.timeIntervalSince(context.startedAt))
    }

    static func info(_ context: FleetContext) throws -> SystemInfo {
        let host = HostInfo.current
        let counts = try context.store.counts()
        return SystemInfo(
            version: FleetVersion.current, uptimeSeconds: uptime(context), startedAt: UTCTimestamp.string(from: context.startedAt),
            hostname: host.hostname, os: host.operatingSystem, kernel: host.kernel, arch: host.architecture,
            libraries: FleetServerInfo.libraryVersions,
            counts: counts,
            dataDirectory: context.configuration.dataDirectory,
            storage: SystemInfo.Storage(databaseBytes: FileSystem.size(of: context.configuration.databasePath) ?? 0,
                                        artifactBytes: context.artifacts.usage()))
    }
}
