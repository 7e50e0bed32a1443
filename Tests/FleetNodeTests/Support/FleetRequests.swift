import CoAPCore
import FleetModel
import Foundation
import TestSupport

/// What the node tests ask of a fleet server (in-process or a process): upload an artifact,
/// create and install a job, and watch a job's status.
enum FleetRequests {
    /// Uploads `bytes` as an artifact named `name` to the server at `serverURI`.
    static func upload(_ client: CoAPClient, _ serverURI: String, _ bytes: [UInt8], name: String) async throws -> ArtifactInfo {
        let answer = try await client.send(CoAPClientRequest(
            method: .post, uri: try CoAPURI("\(serverURI)/artifacts?name=\(name)"), contentFormat: .octetStream,
            payload: bytes, timeout: .seconds(60)))
        return try JSONDecoder().decode(ArtifactInfo.self, from: Data(answer.payload))
    }

    /// Creates the job `json` describes and triggers its install; returns its id. A refusal throws.
    static func createAndInstall(_ client: CoAPClient, _ serverURI: String, _ json: String) async throws -> String {
        let created = try await client.post("\(serverURI)/updates", payload: Array(json.utf8), contentFormat: .json)
        let jobID = try JSONDecoder().decode(JobCreated.self, from: Data(created.payload)).jobID
        _ = try await client.post(
            "\(serverURI)/updates", payload: Array(#"{"action":"install","job_id":"\#(jobID)"}"#.utf8), contentFormat: .json)
        return jobID
    }

    /// Observes `/updates/{jobID}/status` until `done` holds for it (by default: a final job
    /// state), and returns that status.
    static func awaitJob(
        _ client: CoAPClient, _ serverURI: String, _ jobID: String, within timeout: Duration = .seconds(60),
        until done: @escaping @Sendable (JobStatus) -> Bool = { $0.state.isFinal }
    ) async throws -> JobStatus {
        let uri = "\(serverURI)/updates/\(jobID)/status"
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
}
