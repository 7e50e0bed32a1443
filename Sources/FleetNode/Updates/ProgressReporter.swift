import CoAPCore
import FleetModel

/// Sends the reports queued in the job records to the server (`{"action":"report"}` at
/// `POST /updates`), in order, each until the server acknowledges it; a report is removed from
/// its record only after that. While the server is unreachable it retries with capped backoff,
/// so nothing a node did is lost, even across restarts.
final class ProgressReporter: Sendable {
    /// How the server took one report.
    enum Delivery: Equatable {
        /// 2.xx: recorded.
        case acknowledged
        /// 4.01, 4.03, 4.04, 4.09: the server will never take it (job gone, or a state it cannot move to).
        case refused(String)
        /// No answer, 5.xx or another 4.xx: try again later.
        case unreachable(String)
    }

    private let client: CoAPClient
    private let serverURI: String
    private let credentials: DTLSClientCredentials?
    private let nodeID: String
    private let journal: JobJournal
    private let timeout: Duration
    private let logger: Logger
    private let wakes: AsyncStream<Void>
    private let waker: AsyncStream<Void>.Continuation

    /// Creates a reporter for `nodeID`.
    init(
        client: CoAPClient, serverURI: String, credentials: DTLSClientCredentials?, nodeID: String, journal: JobJournal,
        timeout: Duration, logger: Logger
    ) {
        self.client = client
        self.serverURI = serverURI
        self.credentials = credentials
        self.nodeID = nodeID
        self.journal = journal
        self.timeout = timeout
        self.logger = logger
        (wakes, waker) = AsyncStream.makeStream(of: Void.self, bufferingPolicy: .bufferingNewest(1))
    }

    /// How many records of finished, reported jobs the journal keeps.
    static let finishedRecordsKept = 100

    /// Tells the reporter a record has new reports.
    func wake() {
        waker.yield()
    }

    /// Sends queued reports until the task is cancelled; `refused` hears of each job whose report
    /// the server refused, with its reason.
    func run(refused: @Sendable (String, String) async -> Void) async {
        var backoff = RetryBackoff(initial: .milliseconds(500), factor: 2, maximum: .seconds(30))
        var generator = SystemRandomNumberGenerator()
        var wakeups = wakes.makeAsyncIterator()
        while !Task.isCancelled {
            let pending = journal.all.filter { !$0.outbox.isEmpty }
            if pending.isEmpty {
                guard await wakeups.next() != nil else { return }
                continue
            }
            if await deliver(pending, refused: refused) {
                backoff.reset()
                journal.prune(keeping: Self.finishedRecordsKept)
            } else {
                try? await Task.sleep(for: backoff.nextDelay(using: &generator))
            }
        }
    }

    /// Sends the queued reports of `records`, oldest first per job; false when the server could not be reached.
    private func deliver(_ records: [JobRecord], refused: @Sendable (String, String) async -> Void) async -> Bool {
        for record in records {
            for report in record.outbox {
                let delivery = await send(report, jobID: record.jobID)
                if case .unreachable(let reason) = delivery {
                    logger.info("report of \(record.jobID) (\(report.state.rawValue)) not delivered: \(reason)")
                    return false
                }
                // A report replaced meanwhile by newer progress of the same state stays queued.
                _ = try? journal.update(record.jobID) { record in
                    if record.outbox.first == report { record.outbox.removeFirst() }
                }
                if case .refused(let reason) = delivery {
                    logger.warning("the server refused the report of \(record.jobID) (\(report.state.rawValue)): \(reason)")
                    await refused(record.jobID, reason)
                    break
                }
            }
        }
        return true
    }

    /// Whether an answer means the server will never take the report: the job or the node is
    /// gone (4.04), the state cannot follow the one recorded (4.09, e.g. a cancelled job), or
    /// the node may not report (4.01, 4.03). Any other failure is retried: a report that is
    /// not taken must never strand a job half-way on the server.
    private static func refuses(_ code: CoAPCode) -> Bool {
        [.notFound, .conflict, .unauthorized, .forbidden].contains(code)
    }

    /// Sends one report.
    func send(_ report: JobRecord.Report, jobID: String) async -> Delivery {
        let body = UpdatesRequest.action(.report(NodeProgressReport(
            jobID: jobID, nodeID: nodeID, state: report.state, progress: report.progress, error: report.error)))
        do {
            let request = CoAPClientRequest(
                method: .post, uri: try CoAPURI("\(serverURI)/updates"), contentFormat: .json,
                payload: try Payload.encode(body), timeout: timeout, credentials: credentials)
            _ = try await client.send(request)
            return .acknowledged
        } catch let error as CoAPError where error.code.map(Self.refuses) == true {
            return .refused((try? Payload.decode(ErrorBody.self, from: error.payload))?.detail ?? "\(error)")
        } catch {
            return .unreachable("\(error)")
        }
    }
}
