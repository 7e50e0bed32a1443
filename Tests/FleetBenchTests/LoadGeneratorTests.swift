import CoAPCore
import Foundation
import Glibc
import Synchronization
import TestSupport
import Testing

@testable import fleet_bench

@Suite("CoAPDatagram")
struct CoAPDatagramTests {
    @Test func aGetMatchesTheRFCExample() {
        // CON GET /test, MID 0x1234, token 0x01, laid out as in RFC 7252 §3.
        let bytes = CoAPDatagram.encodeRequest(type: .confirmable, code: CoAPCode(rawValue: 1), messageID: 0x1234, token: [0x01], path: ["test"])
        #expect(bytes == [0x41, 0x01, 0x12, 0x34, 0x01, 0xB4] + Array("test".utf8))
    }

    @Test func optionsComeInNumberOrderWithDeltasAndThePayloadAfterTheMarker() {
        let bytes = CoAPDatagram.encodeRequest(
            type: .nonConfirmable, code: CoAPCode(rawValue: 3), messageID: 0x0001, token: [0xAB, 0xCD],
            path: ["nodes", "health"], query: ["a=1"], contentFormat: .json, payload: Array("{}".utf8))
        let expected: [UInt8] =
            [0x52, 0x03, 0x00, 0x01, 0xAB, 0xCD]
            + [0xB5] + Array("nodes".utf8) + [0x06] + Array("health".utf8)  // Uri-Path 11, then delta 0
            + [0x11, 0x32]  // Content-Format 12: delta 1, one byte 50
            + [0x33] + Array("a=1".utf8)  // Uri-Query 15: delta 3
            + [0xFF] + Array("{}".utf8)
        #expect(bytes == expected)
    }

    @Test func longDeltasAndLengthsUseExtensionBytes() {
        let thirteen = String(repeating: "x", count: 20)
        let long = String(repeating: "y", count: 300)
        #expect(CoAPDatagram.encodeOptions(path: [], query: ["q"], contentFormat: nil) == [0xD1, 0x02, UInt8(ascii: "q")])
        #expect(CoAPDatagram.encodeOptions(path: [thirteen], query: [], contentFormat: nil) == [0xBD, 0x07] + Array(thirteen.utf8))
        #expect(CoAPDatagram.encodeOptions(path: [long], query: [], contentFormat: nil) == [0xBE, 0x00, 0x1F] + Array(long.utf8))
        #expect(CoAPDatagram.encodeOptions(path: [], query: [], contentFormat: .textPlain) == [0xC0])
        #expect(CoAPDatagram.encodeOptions(path: [], query: [], contentFormat: ContentFormat(rawValue: 11050)) == [0xC2, 0x2B, 0x2A])
    }

    @Test func aPiggybackedAnswerDecodes() {
        // RFC 7252 §2.2, Figure 4: ACK [0xbc90] 2.05 Content (Token 0x71) "22.5 C".
        let answer = CoAPDatagram.decodeResponse([0x61, 0x45, 0xBC, 0x90, 0x71, 0xFF] + Array("22.5 C".utf8))
        #expect(answer == CoAPDatagram.Response(type: .acknowledgement, code: .content, messageID: 0xBC90, token: 0x71, tokenLength: 1))
    }

    @Test func emptyMessagesDecodeAndTheEmptyAckIsFourBytes() {
        #expect(CoAPDatagram.emptyAcknowledgement(messageID: 0xBEEF) == [0x60, 0x00, 0xBE, 0xEF])
        let ack = CoAPDatagram.decodeResponse([0x60, 0x00, 0xBE, 0xEF])
        #expect(ack == CoAPDatagram.Response(type: .acknowledgement, code: CoAPCode(rawValue: 0), messageID: 0xBEEF, token: 0, tokenLength: 0))
        #expect(CoAPDatagram.decodeResponse([0x70, 0x00, 0x00, 0x07])?.type == .reset)
    }

    @Test func malformedDatagramsAreRejected() {
        #expect(CoAPDatagram.decodeResponse([]) == nil)
        #expect(CoAPDatagram.decodeResponse([0x60, 0x00, 0x00]) == nil)  // short header
        #expect(CoAPDatagram.decodeResponse([0xA0, 0x45, 0x00, 0x01]) == nil)  // version 2
        #expect(CoAPDatagram.decodeResponse([0x64, 0x45, 0x00, 0x01, 0x01]) == nil)  // token cut short
        #expect(CoAPDatagram.decodeResponse([0x69, 0x45, 0x00, 0x01] + [UInt8](repeating: 0, count: 9)) == nil)  // TKL 9
    }

    @Test func requestsRoundTripThroughTheDecoder() {
        for type in [CoAPDatagram.MessageType.confirmable, .nonConfirmable] {
            let bytes = CoAPDatagram.encodeRequest(
                type: type, code: CoAPCode(rawValue: 2), messageID: 0xFFFE, token: [0x12, 0x34, 0x56, 0x78],
                path: ["a", "b"], query: ["x=1"], contentFormat: .cbor, payload: [1, 2, 3])
            #expect(CoAPDatagram.decodeResponse(bytes) == CoAPDatagram.Response(
                type: type, code: CoAPCode(rawValue: 2), messageID: 0xFFFE, token: 0x1234_5678, tokenLength: 4))
            #expect(bytes.suffix(4) == [0xFF, 1, 2, 3])
        }
    }
}

@Suite("LoadGenerator")
struct LoadGeneratorTests {
    /// A CoAPCore server on an ephemeral loopback port.
    private static func server(_ configure: (inout CoAPRouter) -> Void) throws -> CoAPServer {
        var router = CoAPRouter()
        configure(&router)
        return try CoAPServer(configuration: .init(endpoints: [.udp(host: "127.0.0.1", port: 0)]), router: router)
    }

    @Test func everyRequestOfACountedRunIsAnswered() async throws {
        let server = try Self.server { $0.on(.get, "test") { _ in CoAPResponse(code: .content, payload: Array("ok".utf8)) } }
        defer { server.shutdown() }
        let result = try await offThePool(LoadGenerator(
            host: "127.0.0.1", port: server.port()!, template: RequestTemplate(.get, path: ["test"]), concurrency: 16, count: 2000
        ))
        #expect(result.sent == 2000)
        #expect(result.ok == 2000)
        #expect(result.lost == 0)
        #expect(result.errors == 0)
        #expect(result.latencyP50Milliseconds <= result.latencyP99Milliseconds)
        #expect(result.requestsPerSecond > 0)
    }

    @Test func eachRequestCarriesItsOwnPayload() async throws {
        let received = Locked<[String: Int]>([:])
        let server = try Self.server {
            $0.on(.put, "health") { request in
                let body = String(decoding: request.payload, as: UTF8.self)
                received.update { $0[body, default: 0] += 1 }
                return CoAPResponse(code: .changed)
            }
        }
        defer { server.shutdown() }
        let template = RequestTemplate(.put, path: ["health"], contentFormat: .json) { index in
            Array(#"{"node_id":"bench-\#(index % 100)"}"#.utf8)
        }
        let result = try await offThePool(LoadGenerator(host: "127.0.0.1", port: server.port()!, template: template, concurrency: 8, count: 500))
        #expect(result.ok == 500)
        #expect(received.value.count == 100)
        #expect(received.value.values.allSatisfy { $0 == 5 })
        #expect(received.value[#"{"node_id":"bench-42"}"#] == 5)
    }

    @Test func errorAnswersAreCountedByCode() async throws {
        let server = try Self.server { $0.on(.get, "test") { _ in .text("ok") } }
        defer { server.shutdown() }
        let result = try await offThePool(LoadGenerator(
            host: "127.0.0.1", port: server.port()!, template: RequestTemplate(.get, path: ["missing"]), concurrency: 8, count: 300
        ))
        #expect(result.ok == 0)
        #expect(result.errorsByCode == [.notFound: 300])
        #expect(result.lost == 0)
        #expect(result.json.contains(#""errors":{"4.04":300}"#))
    }

    @Test func aSocketWhoseMessageIDsRunOutIsReplacedByAFreshOne() async throws {
        let ports = Locked<Set<UInt16>>([])
        let server = try Self.server {
            $0.on(.get, "test") { request in
                ports.update { $0.insert(request.peer.port) }
                return .text("ok")
            }
        }
        defer { server.shutdown() }
        let result = try await offThePool(LoadGenerator(
            host: "127.0.0.1", port: server.port()!, template: RequestTemplate(.get, path: ["test"]), concurrency: 32, sockets: 1,
            count: 66_000
        ))
        #expect(result.ok == 66_000)
        #expect(result.lost == 0)
        #expect(ports.value.count == 2)
    }

    @Test func nonConfirmableRequestsAreMatchedByToken() async throws {
        let server = try Self.server { $0.on(.get, "test") { _ in .text("ok") } }
        defer { server.shutdown() }
        let template = RequestTemplate(.get, path: ["test"], type: .nonConfirmable)
        let result = try await offThePool(LoadGenerator(host: "127.0.0.1", port: server.port()!, template: template, concurrency: 8, count: 200))
        #expect(result.ok == 200)
        #expect(result.lost == 0)
    }

    @Test func separateConfirmableResponsesAreAcknowledged() async throws {
        let requests = 50
        let peer = socket(AF_INET, Int32(SOCK_DGRAM.rawValue), 0)
        defer { close(peer) }
        let port = try bindLoopbackUDP(peer)
        var wait = timeval(tv_sec: 2, tv_usec: 0)
        setsockopt(peer, SOL_SOCKET, SO_RCVTIMEO, &wait, socklen_t(MemoryLayout<timeval>.size))
        let generator = LoadGenerator(
            host: "127.0.0.1", port: port, template: RequestTemplate(.get, path: ["slow"]), concurrency: 4, sockets: 1, count: requests)
        // Thread 0 plays a server that answers every request with an empty ACK and then a separate
        // CON 2.05 of its own message id, counting the ACKs it gets back; thread 1 runs the load.
        let outcome = LoadThreads.run(count: 2) { role -> (acknowledged: Int, result: LoadResult?) in
            guard role == 0 else { return (0, try? generator.run()) }
            var acknowledged = 0
            var answered = 0
            var buffer = [UInt8](repeating: 0, count: 1500)
            while acknowledged < requests {
                var from = sockaddr_in()
                var length = socklen_t(MemoryLayout<sockaddr_in>.size)
                let count = buffer.withUnsafeMutableBytes { bytes in
                    withUnsafeMutablePointer(to: &from) {
                        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { recvfrom(peer, bytes.baseAddress, bytes.count, 0, $0, &length) }
                    }
                }
                guard count > 0, let message = CoAPDatagram.decodeResponse(Array(buffer[..<count])) else { break }
                var replies: [[UInt8]] = []
                if message.type == .acknowledgement {
                    if message.messageID >= 0x8000 { acknowledged += 1 }
                } else {
                    let token = Array(buffer[4..<(4 + message.tokenLength)])
                    replies.append(CoAPDatagram.emptyAcknowledgement(messageID: message.messageID))
                    var separate = [UInt8]()
                    CoAPDatagram.appendMessage(
                        to: &separate, type: .confirmable, code: .content, messageID: 0x8000 + UInt16(answered), token: token,
                        options: [], payload: Array("late".utf8))
                    replies.append(separate)
                    answered += 1
                }
                for reply in replies {
                    _ = reply.withUnsafeBytes { bytes in
                        withUnsafePointer(to: &from) {
                            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { sendto(peer, bytes.baseAddress, bytes.count, 0, $0, length) }
                        }
                    }
                }
            }
            return (acknowledged, nil)
        }
        #expect(outcome[0].acknowledged == requests)
        #expect(outcome[1].result?.ok == requests)
        #expect(outcome[1].result?.lost == 0)
    }

    @Test func unansweredRequestsAreLostAfterTheTimeout() async throws {
        let silent = try SilentUDPPort()
        defer { silent.close() }
        let result = try await offThePool(LoadGenerator(
            host: "127.0.0.1", port: silent.port, template: RequestTemplate(.get, path: ["test"]), concurrency: 10, count: 20,
            timeout: .milliseconds(100)
        ))
        #expect(result.sent == 20)
        #expect(result.lost == 20)
        #expect(result.ok == 0)
        #expect(result.latencyP99Milliseconds == 0)
    }

    @Test func aHostNameIsRefused() {
        let generator = LoadGenerator(host: "localhost", port: 5683, template: RequestTemplate(.get, path: ["test"]), concurrency: 1, count: 1)
        #expect(throws: LoadError.self) { try generator.run() }
    }

    @Test func theHistogramFindsPercentilesWithinItsResolution() {
        var histogram = LatencyHistogram()
        for microseconds in 1...10_000 { histogram.record(microseconds: UInt64(microseconds)) }
        #expect(abs(histogram.percentileMilliseconds(0.50) - 5.0) <= 5.0 * 0.016)
        #expect(abs(histogram.percentileMilliseconds(0.99) - 9.9) <= 9.9 * 0.016)
        #expect(LatencyHistogram().percentileMilliseconds(0.5) == 0)
    }

    /// A run bounded by time alone ends on time (one request in flight, not to load the suite).
    @Test func aTimedRunEndsOnTime() async throws {
        let server = try Self.server { $0.on(.get, "test") { _ in CoAPResponse(code: .content, payload: Array("ok".utf8)) } }
        defer { server.shutdown() }
        let result = try await offThePool(LoadGenerator(
            host: "127.0.0.1", port: server.port()!, template: RequestTemplate(.get, path: ["test"]), concurrency: 1,
            duration: .milliseconds(300)
        ))
        #expect(result.ok > 0)
        #expect(result.elapsedSeconds >= 0.28)
        #expect(result.elapsedSeconds < 5)
    }
}

/// Runs `generator` on a thread of its own: `run()` blocks for the whole run, and the test's
/// cooperative pool (two threads here) must stay free for the other suites running meanwhile.
func offThePool(_ generator: LoadGenerator) async throws -> LoadResult {
    try await withCheckedThrowingContinuation { continuation in
        Thread.detachNewThread {
            do {
                continuation.resume(returning: try generator.run())
            } catch {
                continuation.resume(throwing: error)
            }
        }
    }
}
