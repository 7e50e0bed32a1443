import CoAPCore
import FleetModel
import FleetStore
import FoundationEssentials

/// `/updates` (list; create, install, status, cancel and the nodes' progress reports, as the
/// seed's payload-based actions) and `/updates/{job_id}/status` (observable).
enum UpdatesResource {
    static func resource(_ context: FleetContext) -> CoAPResource {
        let limit = context.configuration.maxRequestSize
        return CoAPResource(
            "updates", attributes: LinkAttributes(resourceType: "fleet.updates", interface: "core.b", contentFormats: [.json]),
            maxBodySize: limit,
            handlers: [
                .get: fleetHandler(context.logger) { request in
                    try context.requireAdmin(request, for: "listing jobs")
                    return FleetResponses.json(try context.store.jobs().map { status(of: $0) })
                },
                .post: fleetHandler(context.logger) { request in
                    switch try request.decode(UpdatesRequest.self, sizeLimit: limit) {
                    case .create(let creation):
                        try context.requireAdmin(request, for: "creating a job")
                        return try create(creation, request, context)
                    case .action(.install(let jobID)):
                        try context.requireAdmin(request, for: "installing a job")
                        return try install(jobID, request, context)
                    case .action(.status(let jobID)):
                        guard let job = try context.store.job(jobID) else { throw FleetFailure.notFound("job", jobID) }
                        try context.requireAdminOrNode(request, for: "a job's status") { job.nodes[$0] != nil }
                        return FleetResponses.json(status(of: job, as: request))
                    case .action(.cancel(let jobID)):
                        try context.requireAdmin(request, for: "cancelling a job")
                        return try cancel(jobID, request, context)
                    case .action(.report(let report)):
                        try context.requireSpeaker(request, for: report.nodeID)
                        return try record(report, context)
                    }
                },
            ])
    }

    static func statusResource(_ context: FleetContext) -> CoAPResource {
        CoAPResource(
            "updates/{job_id}/status", observable: true,
            attributes: LinkAttributes(resourceType: "fleet.update.status", interface: "core.s", contentFormats: [.json]),
            handlers: [.get: fleetHandler(context.logger) { request in
                let id = request.pathParameters["job_id"]!
                guard let job = try context.store.job(id) else { throw FleetFailure.notFound("job", id) }
                try context.requireAdminOrNode(request, for: "a job's status") { job.nodes[$0] != nil }
                return FleetResponses.json(status(of: job, as: request))
            }])
    }

    /// A new job: every target node `pending`, answered 2.01 with its id.
    private static func create(_ creation: UpdateCreation, _ request: CoAPRequest, _ context: FleetContext) throws -> CoAPResponse {
        let known = Set(try context.store.nodes().map(\.id))
        let targets: [String]
        if creation.targetsAllNodes {
            targets = known.sorted()
        } else {
            let unknown = creation.unknownTargets(known: known)
            guard unknown.isEmpty else {
                throw FleetFailure(.badRequest, "invalid_value", "field 'target_nodes' names unknown nodes: \(unknown.joined(separator: ", "))")
            }
            targets = creation.targetNodes
        }
        guard !targets.isEmpty else {
            throw FleetFailure(.badRequest, "invalid_value", "field 'target_nodes' is [\"all\"] but no node is registered")
        }
        if let artifactID = creation.artifactID, try context.store.artifact(artifactID) == nil {
            throw FleetFailure(.badRequest, "invalid_value", "field 'artifact_id' names no uploaded artifact ('\(artifactID)')")
        }
        let now = context.now
        let id = Identifiers.make(prefix: "job")
        try context.store.createJob(StoredJob(
            id: id, creation: creation, state: .created, createdAt: now, updatedAt: now,
            nodes: Dictionary(uniqueKeysWithValues: targets.map { ($0, StoredNodeState(state: .pending, updatedAt: now)) })))
        try context.audit(request, "job.create", "\(id) \(creation.name) \(creation.version) for \(targets.count) nodes")
        return FleetResponses.json(JobCreated(jobID: id), code: .created)
    }

    /// Starts a job and announces it; installing an installing job again changes nothing.
    private static func install(_ id: String, _ request: CoAPRequest, _ context: FleetContext) throws -> CoAPResponse {
        let now = context.now
        let started = try context.store.updateJob(id) { job throws(FleetFailure) -> Bool in
            switch job.state {
            case .created:
                job.state = .installing
                job.updatedAt = now
                return true
            case .installing:
                return false
            default:
                throw FleetFailure(.conflict, "conflict", "job '\(id)' is \(job.state.rawValue) and cannot be installed")
            }
        }
        guard let started else { throw FleetFailure.notFound("job", id) }
        guard let job = try context.store.job(id) else { throw FleetFailure.notFound("job", id) }
        if started {
            try context.audit(request, "job.install", id)
            context.notify("updates/\(id)/status")
            try announce(job, context)
        }
        return FleetResponses.json(status(of: job, as: request), code: .changed)
    }

    /// Announces a job to its nodes that are still `pending`; each that acknowledges becomes
    /// `notified`.
    static func announce(_ job: StoredJob, _ context: FleetContext) throws {
        let pending = job.nodes.filter { $0.value.state == .pending }.keys
        let targets = try pending.sorted().compactMap { try context.store.node($0) }.compactMap(context.announcer.target(for:))
        guard !targets.isEmpty else { return }
        let announcement = try PendingJobs.announcement(of: job, context)
        _ = context.announcer.announce(announcement, to: targets) { nodeID in
            do {
                let moved = try context.store.updateJobNode(job.id, nodeID) { change -> Bool in
                    guard change.jobState == .installing, change.node?.state == .pending else { return false }
                    change.node?.state = .notified
                    change.node?.updatedAt = context.now
                    return true
                }
                if moved == true { context.notify("updates/\(job.id)/status") }
            } catch {
                context.logger.error("cannot record the announcement of \(job.id) to \(nodeID): \(error)")
            }
        }
    }

    /// Cancels a job that is not finished, and every node part that is not.
    private static func cancel(_ id: String, _ request: CoAPRequest, _ context: FleetContext) throws -> CoAPResponse {
        let now = context.now
        let cancelled = try context.store.updateJob(id) { job throws(FleetFailure) in
            guard !job.state.isFinal else {
                throw FleetFailure(.conflict, "conflict", "job '\(id)' is \(job.state.rawValue) and cannot be cancelled")
            }
            job.state = .cancelled
            job.updatedAt = now
            for (nodeID, node) in job.nodes where !node.state.isFinal {
                job.nodes[nodeID] = StoredNodeState(state: .cancelled, progress: node.progress, error: "cancelled by an operator", updatedAt: now)
            }
            return job
        }
        guard let cancelled else { throw FleetFailure.notFound("job", id) }
        try context.audit(request, "job.cancel", id)
        context.notify("updates/\(id)/status")
        return FleetResponses.json(status(of: cancelled, as: request), code: .changed)
    }

    /// A node's progress: its state moves by the node state machine, and the job's follows. The
    /// answer is the node's part and the job's state, not the whole status.
    private static func record(_ report: NodeProgressReport, _ context: FleetContext) throws -> CoAPResponse {
        let now = context.now
        let changed = try context.store.updateJobNode(report.jobID, report.nodeID) { change throws(FleetFailure) in
            // Nodes learn of a job once it is installed; later, the node's own state machine
            // decides (a repeated final state is a no-op, anything else a conflict).
            guard change.jobState != .created else {
                throw FleetFailure(.conflict, "conflict", "job '\(report.jobID)' has not been installed yet")
            }
            guard var node = change.node else {
                throw FleetFailure(.notFound, "not_found", "node '\(report.nodeID)' is not a target of job '\(report.jobID)'")
            }
            let before = node.state
            do {
                try node.state.apply(report.state)
            } catch let error as TransitionError {
                throw FleetFailure(.conflict, TransitionError.code, error.detail)
            } catch {
                throw FleetFailure(.conflict, TransitionError.code, "\(error)")
            }
            node.progress = report.progress
            node.error = report.error
            node.updatedAt = now
            change.node = node
            var summary = change.summary
            summary[before, default: 0] -= 1
            summary[node.state, default: 0] += 1
            change.jobState = JobState.derived(from: summary, current: change.jobState)
            change.jobUpdatedAt = now
            return change
        }
        guard let changed, let node = changed.node else { throw FleetFailure.notFound("job", report.jobID) }
        context.notify("updates/\(report.jobID)/status")
        return FleetResponses.json(
            ReportAcknowledgement(
                jobID: changed.jobID, jobState: changed.jobState, nodeID: report.nodeID, state: node.state, progress: node.progress,
                error: node.error),
            code: .changed)
    }

    /// The job's status as `request` asks for it: with `?nodes=none`, the state and the summary
    /// counts without one entry per node, one small block however large the job (for watching,
    /// installing or cancelling a big rollout).
    static func status(of job: StoredJob, as request: CoAPRequest) -> JobStatus {
        var answer = status(of: job)
        if request.queryValue("nodes") == "none" {
            answer.nodes = []
            answer.targetNodes = []
        }
        return answer
    }

    /// The job's status as `status` and `/updates/{id}/status` answer it.
    static func status(of job: StoredJob) -> JobStatus {
        let nodes = job.nodes.sorted { $0.key < $1.key }.map { id, node in
            NodeJobStatus(nodeID: id, state: node.state, progress: node.progress, error: node.error,
                          updatedAt: UTCTimestamp.string(from: node.updatedAt))
        }
        return JobStatus(
            jobID: job.id, name: job.creation.name, version: job.creation.version, packageType: job.creation.packageType,
            state: job.state, createdAt: UTCTimestamp.string(from: job.createdAt), updatedAt: UTCTimestamp.string(from: job.updatedAt),
            targetNodes: nodes.map(\.nodeID), nodes: nodes)
    }
}
