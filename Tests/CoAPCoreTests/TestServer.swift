import CoAPCore
import TestSupport
import Testing

/// A server on an ephemeral loopback port with a client pointed at it, torn down together.
final class Loopback: Sendable {
    let server: CoAPServer
    let client: CoAPClient
    let base: String

    init(
        router: CoAPRouter, configuration: CoAPServer.Configuration = CoAPServer.Configuration(endpoints: [.udp(host: "127.0.0.1", port: 0)]),
        clientConfiguration: CoAPClient.Configuration = CoAPClient.Configuration()
    ) throws {
        server = try CoAPServer(configuration: configuration, router: router)
        client = try CoAPClient(configuration: clientConfiguration)
        base = "coap://127.0.0.1:\(server.port()!)"
    }

    func close() {
        client.shutdown()
        server.shutdown()
    }
}

/// Deterministic pseudo-random bytes (xorshift), so large bodies are not trivially repetitive.
func testBytes(count: Int, seed: UInt64 = 0x9E37_79B9_7F4A_7C15) -> [UInt8] {
    var state = seed
    var bytes = [UInt8](repeating: 0, count: count)
    for index in 0..<count {
        state ^= state << 13
        state ^= state >> 7
        state ^= state << 17
        bytes[index] = UInt8(truncatingIfNeeded: state)
    }
    return bytes
}

/// The payload of an error answer as text (empty when there was none).
func payloadText(_ error: CoAPError?) -> String {
    String(decoding: error?.payload ?? [], as: UTF8.self)
}
