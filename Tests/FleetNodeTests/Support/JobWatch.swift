import CoAPCore
import FleetModel
import Foundation
import TestSupport

/// Observes a job's status resource at `uri` until `done` holds for it, and returns that status.
func awaitJobStatus(
    _ client: CoAPClient, _ uri: String, within timeout: Duration, until done: @escaping @Sendable (JobStatus) -> Bool
) async throws -> JobStatus {
    let observation = try client.observe(uri)
    return try await withThrowingTaskGroup(of: JobStatus.self) { group in
        group.addTask {
            for try await notification in observation {
                let status = try JSONDecoder().decode(JobStatus.self, from: Data(notification.payload))
                if done(status) { return status }
            }
            throw InboxError.finished
        }
        group.addTask {
            try await Task.sleep(for: timeout)
            throw InboxError.timedOut("\(uri) to reach the awaited state")
        }
        defer { group.cancelAll() }
        guard let status = try await group.next() else { throw InboxError.finished }
        return status
    }
}
