import CoAPCore
import Foundation
import TestSupport
import Testing

/// A resource with a spool directory takes block-wise bodies as files, never whole in memory.
@Suite struct SpooledUploadTests {
    @Test func aBlockwiseBodyArrivesAsAFileThatIsRemovedAfterTheHandler() async throws {
        let directory = try makeTemporaryDirectory("spool")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let seen = Locked<(payload: Int, file: SpooledBody?, content: [UInt8])>((0, nil, []))
        var router = CoAPRouter()
        router.add(CoAPResource("upload", maxBodySize: 1 << 20, spoolDirectory: directory, handlers: [.post: { request in
            let content = request.bodyFile.flatMap { FileManager.default.contents(atPath: $0.path) }.map { [UInt8]($0) } ?? []
            seen.set((request.payload.count, request.bodyFile, content))
            return .text("ok", code: .changed)
        }]))
        let loop = try Loopback(router: router, configuration: .init(endpoints: [.udp(host: "127.0.0.1", port: 0)]))
        defer { loop.close() }
        let body = testBytes(count: 300_000, seed: 5)
        let answer = try await loop.client.send(CoAPClientRequest(
            method: .post, uri: CoAPURI("\(loop.base)/upload"), contentFormat: .octetStream, payload: body, timeout: .seconds(30)))
        #expect(answer.code == .changed)
        let (payload, file, content) = seen.value
        #expect(payload == 0, "the body is not in memory")
        #expect(file?.size == body.count)
        #expect(content == body)
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory).isEmpty, "the spool file is gone after the handler")

        // A body of one block stays in memory.
        _ = try await loop.client.send(CoAPClientRequest(
            method: .post, uri: CoAPURI("\(loop.base)/upload"), payload: Array("small".utf8), timeout: .seconds(5)))
        #expect(seen.value.payload == 5)
        #expect(seen.value.file == nil)
    }

    @Test func aBodyOverTheLimitLeavesNoFileBehind() async throws {
        let directory = try makeTemporaryDirectory("spool")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        var router = CoAPRouter()
        router.add(CoAPResource("upload", maxBodySize: 10_000, spoolDirectory: directory, handlers: [.post: { _ in .text("ok") }]))
        let loop = try Loopback(router: router, configuration: .init(endpoints: [.udp(host: "127.0.0.1", port: 0)]))
        defer { loop.close() }
        await #expect(throws: CoAPError.self) {
            try await loop.client.send(CoAPClientRequest(
                method: .post, uri: CoAPURI("\(loop.base)/upload"), payload: testBytes(count: 50_000), timeout: .seconds(10)))
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory).isEmpty)
    }
}
