import CoAPCore
import Foundation
import TestSupport
import Testing

/// CoAPCore against outside implementations: libcoap's coap-client and Python's aiocoap.
@Suite("Interoperability")
struct InteropTests {
    static let blob = testBytes(count: 300_000, seed: 42)

    static func router(counter: Locked<Int>, uploads: Locked<[UInt8]>) -> CoAPRouter {
        var router = CoAPRouter()
        router.on(.get, "blob") { _ in CoAPResponse(code: .content, contentFormat: .octetStream, payload: blob) }
        router.on(.put, "upload") { request in
            uploads.update { $0 = request.payload }
            return .text("\(request.payload.count)", code: .changed)
        }
        // A line per state: coap-client prints notifications back to back.
        router.add(CoAPResource("counter", observable: true, handlers: [.get: { _ in .text("\(counter.value)\n") }]))
        router.on(.get, "whoami") { request in .text(request.identity ?? "anonymous") }
        return router
    }

    static func server(counter: Locked<Int>, uploads: Locked<[UInt8]>) throws -> CoAPServer {
        let psk = PSKServerCredentials { identity in identity == "interop" ? Array("interop-secret".utf8) : nil }
        return try CoAPServer(
            configuration: .init(endpoints: [.udp(host: "127.0.0.1", port: 0), .dtls(host: "127.0.0.1", port: 0)],
                                 dtls: DTLSServerCredentials(psk: psk), maxBodySize: 4 << 20),
            router: router(counter: counter, uploads: uploads))
    }

    /// Notifies `counter` ten times, 100 ms apart, once an observer is registered.
    static func tick(_ server: CoAPServer, counter: Locked<Int>) async throws {
        // The server offers no event for a new observer; look for one, 10 s at most.
        for _ in 0..<500 where await server.observerCount(path: "counter") == 0 {
            try await Task.sleep(for: .milliseconds(20))
        }
        // Quick ticks: under load the client may register late in its observing window.
        for _ in 0..<10 {
            try await Task.sleep(for: .milliseconds(30))
            counter.update { $0 += 1 }
            server.notify("counter")
        }
    }

    // MARK: libcoap's coap-client

    @Test func coapClientFetchesABlockwiseResourceByteIdentical() async throws {
        let server = try Self.server(counter: Locked(0), uploads: Locked([]))
        defer { server.shutdown() }
        let directory = try makeTemporaryDirectory("interop")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let out = directory + "/blob"
        let result = try await run(libcoapClient, ["-m", "get", "-b", "1024", "-o", out, "coap://127.0.0.1:\(server.port()!)/blob"])
        #expect(result.status == 0)
        // coap-client exits 0 even when it failed: the file is what counts.
        #expect(try Array(Data(contentsOf: URL(fileURLWithPath: out))) == Self.blob)
    }

    @Test func coapClientUploadsBlockwise() async throws {
        let uploads = Locked<[UInt8]>([])
        let server = try Self.server(counter: Locked(0), uploads: uploads)
        defer { server.shutdown() }
        let directory = try makeTemporaryDirectory("interop")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let input = directory + "/upload"
        try Data(Self.blob).write(to: URL(fileURLWithPath: input))
        let result = try await run(libcoapClient, ["-m", "put", "-b", "512", "-f", input, "coap://127.0.0.1:\(server.port()!)/upload"])
        #expect(result.output.contains("\(Self.blob.count)"))
        #expect(uploads.value == Self.blob)
    }

    @Test func coapClientObservesAResource() async throws {
        let counter = Locked(0)
        let server = try Self.server(counter: counter, uploads: Locked([]))
        defer { server.shutdown() }
        // Read as it prints, so the test follows the client rather than a time window.
        let client = try ChildProcess(libcoapClient, ["-m", "get", "-s", "30", "-B", "31", "coap://127.0.0.1:\(server.port()!)/counter"])
        defer { client.signal(SIGTERM) }
        let isValue: @Sendable (String) -> Bool = { !numbers(in: $0).isEmpty }
        _ = try await client.lines.first(within: .seconds(20), "the first value", where: isValue)
        try await Self.tick(server, counter: counter)
        _ = try await client.lines.first(within: .seconds(20), "five notifications", occurrence: 6, where: isValue)
        let values = client.lines.items.flatMap { numbers(in: $0) }
        #expect(values.count >= 6)
        #expect(values == values.sorted())
    }

    @Test func coapClientTalksDTLSPSK() async throws {
        let server = try Self.server(counter: Locked(0), uploads: Locked([]))
        defer { server.shutdown() }
        let result = try await run(libcoapClient, ["-m", "get", "-u", "interop", "-k", "interop-secret", "-B", "5",
                                                   "coaps://127.0.0.1:\(server.port(secure: true)!)/whoami"])
        #expect(result.output.trimmingCharacters(in: .whitespacesAndNewlines) == "interop")
        let refused = try await run(libcoapClient, ["-m", "get", "-u", "interop", "-k", "wrong", "-B", "3",
                                                    "coaps://127.0.0.1:\(server.port(secure: true)!)/whoami"])
        #expect(!refused.output.contains("interop"))
    }

    // MARK: aiocoap as a client of a CoAPCore server

    @Test(.enabled(if: interopPython != nil, "needs FLEET_TEST_PYTHON (make test sets it)"))
    func aiocoapFetchesUploadsAndObserves() async throws {
        let python = interopPython!
        let script = "\(repositoryRoot)/Tests/Interop/aiocoap_client.py"
        let counter = Locked(0)
        let uploads = Locked<[UInt8]>([])
        let server = try Self.server(counter: counter, uploads: uploads)
        defer { server.shutdown() }
        let base = "coap://127.0.0.1:\(server.port()!)"
        let directory = try makeTemporaryDirectory("interop")
        defer { try? FileManager.default.removeItem(atPath: directory) }

        let fetched = try await run(python, [script, "get", "\(base)/blob", "--out", "\(directory)/blob"])
        #expect(fetched.output.hasPrefix("code=2.05"))
        #expect(try Array(Data(contentsOf: URL(fileURLWithPath: "\(directory)/blob"))) == Self.blob)

        try Data(Self.blob).write(to: URL(fileURLWithPath: "\(directory)/up"))
        let put = try await run(python, [script, "put", "\(base)/upload", "--in", "\(directory)/up"])
        #expect(put.output.hasPrefix("code=2.04"))
        #expect(uploads.value == Self.blob)

        async let ticking: Void = Self.tick(server, counter: counter)
        let observed = try await run(python, [script, "observe", "\(base)/counter", "--count", "4"])
        try await ticking
        let values = numbers(in: observed.output)
        #expect(observed.status == 0, "\(observed.output) \(observed.error)")
        #expect(values.count == 4)
        #expect(values == values.sorted())
    }

    // MARK: aiocoap as a server for the CoAPCore client

    @Test(.enabled(if: interopPython != nil, "needs FLEET_TEST_PYTHON (make test sets it)"))
    func coapCoreClientTalksToAnAiocoapServer() async throws {
        let directory = try makeTemporaryDirectory("interop")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try Data(Self.blob).write(to: URL(fileURLWithPath: "\(directory)/blob"))
        let script = "\(repositoryRoot)/Tests/Interop/aiocoap_server.py"
        try await withBackgroundProcess(interopPython!, [script, "--port", "0", "--blob", "\(directory)/blob"]) { lines in
            var ready: String?
            for await line in lines where line.hasPrefix("ready ") {
                ready = line
                break
            }
            let base = "coap://127.0.0.1:\(try #require(ready).dropFirst(6))"
            let client = try CoAPClient()
            defer { client.shutdown() }

            #expect(try await client.get("\(base)/hello", timeout: .seconds(10)).text == "hello from aiocoap")
            #expect(try await client.download("\(base)/blob") == Self.blob)
            let resumed = try await client.download("\(base)/blob", from: 150_016)
            #expect(resumed == Array(Self.blob[150_016...]))
            let upload = try await client.put("\(base)/upload", payload: Self.blob, contentFormat: .octetStream)
            #expect(upload.code == .changed)
            let digest = try await sha256Hex(Self.blob)
            #expect(upload.text == digest)
            let links = try await client.get("\(base)/.well-known/core", timeout: .seconds(5))
            #expect(links.text.contains("</hello>"))
        }
    }
}

/// Every decimal number in a text, in order.
func numbers(in text: String) -> [Int] {
    text.split { !$0.isNumber }.compactMap { Int($0) }
}
