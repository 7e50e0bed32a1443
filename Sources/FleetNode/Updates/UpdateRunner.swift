import CoAPCore
import FleetModel
import Synchronization

/// Carries the node's jobs out, one at a time, in the order they arrived:
/// `downloading → downloaded → installing → succeeded | failed | rolled_back`. Each step is
/// written to the job's record before it is reported, so an agent that restarts continues
/// where it stopped: a download resumes from its partial file, an install runs again with the
/// rollback point recorded before the first attempt changed anything.
actor UpdateRunner {
    /// Whether an announced job is new to the node.
    enum Acceptance: String, Sendable {
        /// Recorded and queued.
        case accepted
        /// Already known (queued, running or done); not run twice.
        case known
    }

    private let journal: JobJournal
    private let reporter: ProgressReporter
    private let fetcher: ArtifactFetcher
    private let context: InstallContext
    private let logger: Logger
    private let observer: @Sendable (NodeAgentEvent) -> Void
    private let installed: InstalledVersions
    /// The sequence of the last signed manifest installed, per update name (anti-rollback).
    private let sequences: InstalledVersions
    private let trustedKeys: [String]
    private let requireSigned: Bool
    private var queue: [String] = []
    private var worker: Task<Void, Never>?
    private var current: (jobID: String, task: Task<Void, Never>)?

    init(
        journal: JobJournal, installed: InstalledVersions, reporter: ProgressReporter, fetcher: ArtifactFetcher,
        context: InstallContext, trustedKeys: [String], requireSigned: Bool, logger: Logger,
        observer: @escaping @Sendable (NodeAgentEvent) -> Void
    ) {
        self.journal = journal
        self.reporter = reporter
        self.fetcher = fetcher
        self.context = context
        self.logger = logger
        self.observer = observer
        self.installed = installed
        sequences = InstalledVersions(stateDirectory: context.stateDirectory, file: "manifest-sequences.json")
        self.trustedKeys = trustedKeys
        self.requireSigned = requireSigned
    }

    /// Records `announcement` when it is new, synchronously and durably (the agent's endpoint
    /// answers from this), without starting it: see ``enqueue(_:)``.
    nonisolated static func record(_ announcement: UpdateAnnouncement, in journal: JobJournal) throws(DurableFileError) -> Acceptance {
        try journal.insert(JobRecord(announcement: announcement)) ? .accepted : .known
    }

    /// Queues every unfinished job in the journal (after a restart) and sends unsent reports.
    func resumeUnfinished() {
        for record in journal.all where !record.isFinished { enqueue(record.jobID) }
        reporter.wake()
    }

    /// Queues the recorded job `jobID` unless it is queued or running already.
    func enqueue(_ jobID: String) {
        guard current?.jobID != jobID, !queue.contains(jobID) else { return }
        queue.append(jobID)
        if worker == nil { worker = Task { await drain() } }
    }

    /// The server refused a report of `jobID` (cancelled, or removed): work on it stops unless
    /// the install has begun, which is finished rather than left half done.
    func abandon(_ jobID: String, reason: String) {
        let record = try? journal.update(jobID) { record in
            guard !record.isFinished, record.state != .installing else { return }
            record.state = .cancelled
            record.error = "the server refused the job's reports: \(reason)"
            record.outbox = []
        }
        guard record?.state == .cancelled else { return }
        logger.warning("\(jobID): abandoned: \(reason)")
        queue.removeAll { $0 == jobID }
        if current?.jobID == jobID { current?.task.cancel() }
        fetcher.discard(jobID)
        observer(.jobChanged(jobID: jobID, state: .cancelled, progress: record?.progress ?? 0))
    }

    /// Stops the running job (it continues after the next start) and empties the queue.
    func stop() {
        queue.removeAll()
        current?.task.cancel()
        worker?.cancel()
    }

    private func drain() async {
        while !queue.isEmpty, !Task.isCancelled {
            let jobID = queue.removeFirst()
            let task = Task { await self.execute(jobID) }
            current = (jobID, task)
            await task.value
            current = nil
        }
        worker = nil
    }

    /// Takes the job from the state its record is in to a final state.
    private func execute(_ jobID: String) async {
        guard let record = journal.record(jobID), !record.isFinished else { return }
        let job = record.announcement
        if record.state == .notified, let refusal = SignedManifest.refusal(
            of: job, trustedKeys: trustedKeys, requireSigned: requireSigned,
            lastSequence: sequences.versions[job.name].flatMap { Int($0) }) {
            try? advance(jobID, to: .failed, progress: 0, error: "refused: \(refusal); nothing installed")
            return
        }
        do {
            let artifact = try await fetchIfNeeded(record)
            try advance(jobID, to: .installing, progress: 0)
            let installer = self.installer(for: job.packageType)
            let rollback: RollbackPoint
            if let recorded = journal.record(jobID)?.rollback {
                rollback = recorded
            } else {
                rollback = try await installer.prepare(job, artifact: artifact)
                try journal.update(jobID) { $0.rollback = rollback }
            }
            try Task.checkCancellation()
            switch await installer.apply(job, artifact: artifact, rollback: rollback) {
            case .succeeded:
                try installed.record(job.version, for: job.name)
                if let sequence = job.signedManifest?.manifest.sequence { try sequences.record(String(sequence), for: job.name) }
                try advance(jobID, to: .succeeded, progress: 100)
                logger.notice("\(jobID): \(job.name) \(job.version) installed")
            case .failed(let reason):
                try advance(jobID, to: .failed, progress: 100, error: reason)
            case .rolledBack(let reason):
                try advance(jobID, to: .rolledBack, progress: 100, error: reason)
            }
            fetcher.discard(jobID)
        } catch let rejection as ArtifactRejection {
            fetcher.discard(jobID)
            try? advance(jobID, to: .failed, progress: 0, error: rejection.description)
        } catch let failure as InstallFailure {
            fetcher.discard(jobID)
            try? advance(jobID, to: .failed, progress: 0, error: failure.description)
        } catch is CancellationError {
            logger.info("\(jobID): stopped; continues at the next start")
        } catch {
            logger.error("\(jobID): cannot record the job's progress: \(error)")
        }
    }

    /// Downloads and verifies the job's artifact (when it has one) and returns its path; a job
    /// past downloading only checks its staged file again.
    private func fetchIfNeeded(_ record: JobRecord) async throws -> String? {
        let job = record.announcement
        guard record.state == .notified || record.state == .downloading else {
            guard let size = job.artifactSize, let sha256 = job.artifactSHA256 else { return nil }
            let staged = fetcher.stagingPath(for: job.jobID)
            try ArtifactFetcher.verify(staged, size: size, sha256: sha256)
            return staged
        }
        try advance(job.jobID, to: .downloading, progress: record.state == .downloading ? record.progress : 0)
        var staged: String?
        if job.artifactPath != nil { staged = try await download(job) }
        try advance(job.jobID, to: .downloaded, progress: 100)
        return staged
    }

    /// Fetches the artifact, retrying with backoff while the server cannot be reached, and
    /// reports progress at each further tenth.
    private func download(_ job: UpdateAnnouncement) async throws -> String {
        let (fractions, continuation) = AsyncStream.makeStream(of: Double.self, bufferingPolicy: .bufferingNewest(1))
        let reporting = Task {
            var reported = journal.record(job.jobID)?.progress ?? 0
            // Every tenth crossed is recorded, even when a fast transfer crosses several at once.
            for await percent in fractions {
                while reported + 10 <= percent {
                    reported = ((reported / 10).rounded(.down) + 1) * 10
                    try? advance(job.jobID, to: .downloading, progress: reported)
                }
            }
        }
        defer {
            continuation.finish()
        }
        var backoff = RetryBackoff(initial: .seconds(1), factor: 2, maximum: .seconds(30))
        var generator = SystemRandomNumberGenerator()
        while true {
            do {
                let tenths = Atomic<Int>(-1)
                let staged = try await fetcher.fetch(job) { completed, total in
                    // Called for every block on the client's thread: only a new tenth wakes the reporter.
                    let percent = total > 0 ? min(100, Double(completed) * 100 / Double(total)) : 100
                    let tenth = Int(percent / 10)
                    if tenths.exchange(tenth, ordering: .relaxed) != tenth { continuation.yield(percent) }
                }
                continuation.finish()
                await reporting.value
                return staged
            } catch let error as CoAPError {
                if error.kind == .cancelled || error.kind == .shutDown || Task.isCancelled { throw CancellationError() }
                if let code = error.code, code.codeClass == 4 {
                    throw ArtifactRejection("the server cannot give the artifact: \(error)")
                }
                let delay = backoff.nextDelay(using: &generator)
                logger.warning("\(job.jobID): download interrupted (\(error)); resuming in \(delay)")
                try await Task.sleep(for: delay)
            }
        }
    }

    /// Moves the job's record to `state`, then wakes the reporter and tells the observer.
    private func advance(_ jobID: String, to state: NodeUpdateState, progress: Double, error: String? = nil) throws(DurableFileError) {
        try journal.update(jobID) { $0.advance(to: state, progress: progress, error: error) }
        reporter.wake()
        observer(.jobChanged(jobID: jobID, state: state, progress: progress))
        if let error { logger.warning("\(jobID): \(state.rawValue): \(error)") }
    }

    private func installer(for type: PackageType) -> any Installer {
        switch type {
        case .pip: PipInstaller(context: context)
        case .file, .firmware: FileInstaller(context: context)
        case .apt: AptInstaller(context: context)
        }
    }
}
