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

/// The payload of an error answer as text (empty when there was none).
func payloadText(_ error: CoAPError?) -> String {
    String(decoding: error?.payload ?? [], as: UTF8.self)
}
