import CoAPCore
import Glibc
import TestSupport
import Testing

/// Raw datagrams against the server: what a peer with its own CoAP stack would send.
@Suite("On the wire")
struct WireTests {
    /// A confirmable request encoded by hand (RFC 7252 §3).
    static func datagram(code: UInt8, messageID: UInt16, token: [UInt8], path: [String], payload: [UInt8]) -> [UInt8] {
        var bytes: [UInt8] = [0x40 | UInt8(token.count), code, UInt8(messageID >> 8), UInt8(messageID & 0xFF)] + token
        var last = 0
        for segment in path {
            let value = Array(segment.utf8)
            precondition(value.count < 13)
            bytes.append(UInt8((11 - last) << 4) | UInt8(value.count))
            bytes += value
            last = 11
        }
        if !payload.isEmpty { bytes += [0xFF] + payload }
        return bytes
    }

    /// Sends datagrams from one socket and collects the answer to each (the datagram with the
    /// same message ID; anything else, such as a Reset to earlier garbage, is skipped).
    static func exchange(_ datagrams: [[UInt8]], port: UInt16) throws -> [[UInt8]] {
        let descriptor = socket(AF_INET, Int32(SOCK_DGRAM.rawValue), 0)
        defer { close(descriptor) }
        var timeout = timeval(tv_sec: 5, tv_usec: 0)
        setsockopt(descriptor, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = port.bigEndian
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var answers: [[UInt8]] = []
        for datagram in datagrams {
            _ = withUnsafePointer(to: &address) { pointer in
                pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    sendto(descriptor, datagram, datagram.count, 0, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
                }
            }
            while true {
                var buffer = [UInt8](repeating: 0, count: 2048)
                let count = recv(descriptor, &buffer, buffer.count, 0)
                guard count > 0 else { throw CoAPError(.timeout, "no answer") }
                if count >= 4 && buffer[2] == datagram[2] && buffer[3] == datagram[3] {
                    answers.append(Array(buffer[0..<count]))
                    break
                }
            }
        }
        return answers
    }

    @Test func aRetransmittedPostIsAnsweredAgainWithoutRunningTheHandlerTwice() throws {
        let calls = Locked(0)
        var router = CoAPRouter()
        router.on(.post, "jobs") { _ in
            calls.update { $0 += 1 }
            return .text("job \(calls.value)", code: .created)
        }
        let server = try CoAPServer(configuration: .init(endpoints: [.udp(host: "127.0.0.1", port: 0)]), router: router)
        defer { server.shutdown() }
        let request = Self.datagram(code: 2, messageID: 0x1234, token: [9, 9], path: ["jobs"], payload: Array("{}".utf8))
        let answers = try Self.exchange([request, request], port: server.port()!)
        #expect(answers[0] == answers[1])
        #expect(answers[0][1] == CoAPCode.created.rawValue)
        #expect(calls.value == 1)
        // A new message ID is a new request.
        let next = Self.datagram(code: 2, messageID: 0x1235, token: [9, 10], path: ["jobs"], payload: Array("{}".utf8))
        _ = try Self.exchange([next], port: server.port()!)
        #expect(calls.value == 2)
    }

    @Test func malformedDatagramsDoNotDisturbTheServer() throws {
        var router = CoAPRouter()
        router.on(.get, "test") { _ in .text("ok") }
        let server = try CoAPServer(configuration: .init(endpoints: [.udp(host: "127.0.0.1", port: 0)]), router: router)
        defer { server.shutdown() }
        let descriptor = socket(AF_INET, Int32(SOCK_DGRAM.rawValue), 0)
        defer { close(descriptor) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = server.port()!.bigEndian
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let garbage: [[UInt8]] = [[], [0xFF], [0x40, 0x01], [0x4F, 0x01, 0, 1], [0x40, 0x01, 0, 1, 0xFF], testBytes(count: 1500)]
        for datagram in garbage {
            _ = withUnsafePointer(to: &address) { pointer in
                pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    sendto(descriptor, datagram, datagram.count, 0, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
                }
            }
        }
        let answer = try Self.exchange([Self.datagram(code: 1, messageID: 0x7777, token: [1], path: ["test"], payload: [])], port: server.port()!)
        #expect(answer.last?.suffix(2) == Array("ok".utf8)[...])
    }
}
