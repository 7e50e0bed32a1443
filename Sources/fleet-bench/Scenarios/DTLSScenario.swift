import CoAPCore
import Foundation

/// Scenario 7: what DTLS costs. A second fleet-server runs with `--security psk` (plain CoAP
/// off, no rate limit); the figures are full PSK handshakes a second, `GET /test` over
/// established sessions beside the same load in plain CoAP, and the server's memory per open
/// DTLS session. Every client is an in-process `CoAPClient`, so the two throughput figures
/// compare like with like (they measure the client as much as the server; scenario 1 is the
/// server's plain throughput).
enum DTLSScenario {
    static func run(plain: ServerUnderTest, binaries: BenchBinaries, workDirectory: String, quick: Bool) async throws -> [BenchResult] {
        let server = try await SecureServerUnderTest(binaries: binaries, workDirectory: workDirectory, name: "dtls", arguments: ["--rate-limit", "0"])
        do {
            let results = try await measure(server, plain: plain, quick: quick)
            await server.process.stop()
            return results
        } catch {
            await server.process.stop()
            throw error
        }
    }

    private static func measure(_ server: SecureServerUnderTest, plain: ServerUnderTest, quick: Bool) async throws -> [BenchResult] {
        let secure = "\(server.uri)/test"
        let credentials = server.credentials

        let handshakes = quick ? 30 : 300
        let start = ContinuousClock.now
        for _ in 0..<handshakes {
            let client = try CoAPClient(configuration: .init(dtls: credentials))
            _ = try await client.get(secure, timeout: .seconds(5))
            client.shutdown()
        }
        let handshakeRate = Double(handshakes) / seconds(ContinuousClock.now - start)

        let duration: Duration = quick ? .seconds(1) : .seconds(5)
        let overDTLS = try await throughput(secure, credentials: credentials, clients: 16, for: duration)
        let overPlain = try await throughput("\(plain.uri)/test", credentials: nil, clients: 16, for: duration)

        let held = quick ? 20 : 200
        let before = server.process.memory?.currentKB ?? 0
        var clients: [CoAPClient] = []
        for _ in 0..<held {
            let client = try CoAPClient(configuration: .init(dtls: credentials))
            clients.append(client)
            _ = try await client.get(secure, timeout: .seconds(5))
        }
        let after = server.process.memory?.currentKB ?? 0
        for client in clients { client.shutdown() }

        return [
            BenchResult("7 DTLS", "PSK handshakes (each a new client: handshake with cookie, one GET)", handshakeRate, "handshakes/s",
                        notes: "\(handshakes) in a row"),
            BenchResult("7 DTLS", "GET /test, 16 clients, over DTLS", overDTLS.rate, "req/s", notes: "\(overDTLS.failures) failed"),
            BenchResult("7 DTLS", "GET /test, 16 clients, plain CoAP (the same clients)", overPlain.rate, "req/s",
                        notes: "\(overPlain.failures) failed"),
            BenchResult("7 DTLS", "fleet-server memory per open DTLS session", Double(after - before) / Double(held), "kB",
                        notes: "\(held) sessions held"),
        ]
    }

    /// Requests a second when `clients` clients each send `GET uri` one after another for `duration`.
    private static func throughput(
        _ uri: String, credentials: DTLSClientCredentials?, clients: Int, for duration: Duration
    ) async throws -> (rate: Double, failures: Int) {
        let start = ContinuousClock.now
        let end = start + duration
        let counts = try await withThrowingTaskGroup(of: (Int, Int).self) { group in
            for _ in 0..<clients {
                group.addTask {
                    let client = try CoAPClient(configuration: .init(dtls: credentials))
                    defer { client.shutdown() }
                    var done = 0
                    var failed = 0
                    while ContinuousClock.now < end {
                        do {
                            _ = try await client.get(uri, timeout: .seconds(2))
                            done += 1
                        } catch {
                            failed += 1
                        }
                    }
                    return (done, failed)
                }
            }
            return try await group.reduce(into: (0, 0)) { $0.0 += $1.0; $0.1 += $1.1 }
        }
        return (Double(counts.0) / seconds(ContinuousClock.now - start), counts.1)
    }

    private static func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }
}
