import CoAPCore
import FleetModel
import Foundation

/// Scenario 4: a 16 MiB artifact downloaded block-wise, on one stream and on four at once
/// (four clients, so four event loops, as four nodes would be).
enum DownloadScenario {
    static let size = 16 << 20

    static func run(_ server: ServerUnderTest, artifactID: String) async throws -> [BenchResult] {
        let uri = "\(server.uri)/artifacts/\(artifactID)"
        let one = try await timedDownloads(uri, streams: 1)
        let four = try await timedDownloads(uri, streams: 4)
        return [
            BenchResult("4 download 16 MiB", "1 stream", one, "MB/s", atLeast: 10),
            BenchResult("4 download 16 MiB", "4 streams", four, "MB/s", atLeast: 40),
        ]
    }

    /// Uploads `size` bytes as an artifact and returns its id.
    static func upload(to server: String, credentials: DTLSClientCredentials? = nil, size: Int, name: String) async throws -> String {
        let client = try CoAPClient(configuration: .init(dtls: credentials))
        defer { client.shutdown() }
        var bytes = [UInt8](repeating: 0, count: size)
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        for index in bytes.indices {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            bytes[index] = UInt8(truncatingIfNeeded: state >> 56)
        }
        let answer = try await client.send(CoAPClientRequest(
            method: .post, uri: try CoAPURI("\(server)/artifacts?name=\(name)"), contentFormat: .octetStream,
            payload: bytes, timeout: .seconds(600)))
        return try JSONDecoder().decode(ArtifactInfo.self, from: Data(answer.payload)).artifactID
    }

    /// MB/s (10^6 bytes) of `streams` simultaneous whole downloads of `uri`.
    private static func timedDownloads(_ uri: String, streams: Int) async throws -> Double {
        let clients = try (0..<streams).map { _ in try CoAPClient(configuration: .init(maxBodySize: size + 1)) }
        defer { for client in clients { client.shutdown() } }
        let started = ContinuousClock.now
        let bytes = try await withThrowingTaskGroup(of: Int.self) { group in
            for client in clients {
                group.addTask { try await client.download(uri, timeout: .seconds(600)).count }
            }
            return try await group.reduce(0, +)
        }
        let seconds = (ContinuousClock.now - started).seconds
        guard bytes == streams * size else { throw BenchError("downloads returned \(bytes) bytes, not \(streams * size)") }
        return Double(bytes) / seconds / 1_000_000
    }
}

extension Duration {
    /// The duration in seconds, as a Double.
    var seconds: Double {
        Double(components.seconds) + Double(components.attoseconds) / 1e18
    }
}
