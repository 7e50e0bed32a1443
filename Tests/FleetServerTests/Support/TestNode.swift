import CoAPCore
import FleetModel
import TestSupport
import Testing

/// A node agent's announcement endpoint: a real ``CoAPServer`` on an ephemeral loopback port
/// whose `POST /updates/available` hands every announcement to an inbox.
final class TestNode: Sendable {
    let server: CoAPServer
    let announcements = Inbox<JSONValue>()
    let port: UInt16

    init() throws {
        var router = CoAPRouter()
        let announcements = self.announcements
        router.on(.post, "updates/available") { request in
            guard request.contentFormat == .json, let json = try? JSONValue.parse(request.payload) else {
                announcements.put(.string("not JSON: \(request.text)"))
                return .text("bad", code: .badRequest)
            }
            announcements.put(json)
            return CoAPResponse(code: .changed)
        }
        server = try CoAPServer(configuration: .init(endpoints: [.udp(host: "127.0.0.1", port: 0)]), router: router)
        port = try #require(server.port())
    }

    /// The announcement of `jobID`, waiting at most `timeout` for it.
    func announcement(of jobID: String, within timeout: Duration = .seconds(10)) async throws -> JSONValue {
        try await announcements.first(within: timeout, "the announcement of \(jobID)") { $0["job_id"].string == jobID }
    }

    func close() { server.shutdown() }
}
