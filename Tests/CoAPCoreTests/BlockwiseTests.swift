import CoAPCore
import Glibc
import TestSupport
import Testing

@Suite("Block-wise transfer (RFC 7959)")
struct BlockwiseTests {
    static let big = testBytes(count: 8 << 20)

    static func router(received: Locked<[UInt8]>? = nil) -> CoAPRouter {
        var router = CoAPRouter()
        router.on(.get, "big") { _ in CoAPResponse(code: .content, contentFormat: .octetStream, payload: big) }
        router.on(.put, "big") { request in
            received?.update { $0 = request.payload }
            return .text("\(request.payload.count)", code: .changed)
        }
        return router
    }

    static func configuration() -> CoAPServer.Configuration {
        CoAPServer.Configuration(endpoints: [.udp(host: "127.0.0.1", port: 0)], maxBodySize: 16 << 20)
    }

    @Test func eightMebibyteDownloadIsIdenticalWithMonotonicProgress() async throws {
        let loop = try Loopback(router: Self.router(), configuration: Self.configuration())
        defer { loop.close() }
        let seen = Locked<[TransferProgress]>([])
        let body = try await loop.client.download("\(loop.base)/big") { progress in seen.update { $0.append(progress) } }
        #expect(body.count == Self.big.count)
        #expect(body == Self.big)
        let progress = seen.value
        #expect(progress.count >= (8 << 20) / 1024 - 1)
        #expect(zip(progress, progress.dropFirst()).allSatisfy { $0.completed < $1.completed })
        #expect(progress.last?.completed == Self.big.count)
        #expect(progress.first?.total == Self.big.count)
    }

    @Test func eightMebibyteUploadIsIdenticalWithMonotonicProgress() async throws {
        let received = Locked<[UInt8]>([])
        let loop = try Loopback(router: Self.router(received: received), configuration: Self.configuration())
        defer { loop.close() }
        let seen = Locked<[Int]>([])
        let answer = try await loop.client.send(CoAPClientRequest(
            method: .put, uri: CoAPURI("\(loop.base)/big"), contentFormat: .octetStream, payload: Self.big,
            timeout: .seconds(120), progress: { progress in seen.update { $0.append(progress.completed) } }))
        #expect(answer.code == .changed)
        #expect(answer.text == "\(Self.big.count)")
        #expect(received.value == Self.big)
        let progress = seen.value
        #expect(zip(progress, progress.dropFirst()).allSatisfy { $0 < $1 })
        #expect(progress.count >= (8 << 20) / 1024 - 2)
        #expect(progress.last == Self.big.count)
    }

    @Test func interruptedDownloadResumesFetchingOnlyWhatIsMissing() async throws {
        let loop = try Loopback(router: Self.router(), configuration: Self.configuration())
        defer { loop.close() }
        let path = "/tmp/coapcore-resume-\(getpid()).bin"
        defer { unlink(path) }
        // First attempt: cancelled once about half the body has arrived.
        let halfway = Self.big.count / 2
        let running = Locked<Task<Int, any Error>?>(nil)
        let task = Task {
            try await loop.client.download("\(loop.base)/big", toFile: path, resume: false) { progress in
                if progress.completed >= halfway { running.value?.cancel() }
            }
        }
        running.update { $0 = task }
        let first = await task.result
        #expect(throws: CoAPError.self) { _ = try first.get() }
        var status = stat()
        #expect(stat(path, &status) == 0)
        let partial = Int(status.st_size)
        #expect(partial >= halfway && partial < Self.big.count)

        // Second attempt: resumes and fetches only the missing blocks.
        let fetched = Locked<[Int]>([])
        let size = try await loop.client.download("\(loop.base)/big", toFile: path, resume: true) { progress in
            fetched.update { $0.append(progress.completed) }
        }
        #expect(size == Self.big.count)
        let resumedFrom = (partial / 1024) * 1024
        let blocksFetched = fetched.value.count
        #expect(blocksFetched <= (Self.big.count - resumedFrom) / 1024 + 1)
        #expect((fetched.value.first ?? 0) > resumedFrom)
        #expect(try readFile(path) == Self.big)
    }

    @Test func downloadFromAnOffsetReturnsTheTail() async throws {
        let loop = try Loopback(router: Self.router(), configuration: Self.configuration())
        defer { loop.close() }
        let offset = 3 * 1024 * 1024 + 100
        let tail = try await loop.client.download("\(loop.base)/big", from: offset)
        #expect(tail == Array(Self.big[offset...]))
    }

    @Test func smallBlockSizesWork() async throws {
        let loop = try Loopback(router: Self.router(), configuration: Self.configuration())
        defer { loop.close() }
        let request = CoAPClientRequest(method: .get, uri: try CoAPURI("\(loop.base)/big"), blockSize: 64, offset: Self.big.count - 5000)
        let tail = try await loop.client.send(request).payload
        #expect(tail == Array(Self.big.suffix(5000)))
    }
}

/// The whole content of a file.
func readFile(_ path: String) throws -> [UInt8] {
    let descriptor = open(path, O_RDONLY)
    guard descriptor >= 0 else { throw CoAPError(.invalidArgument, "cannot open \(path)") }
    defer { close(descriptor) }
    var bytes: [UInt8] = []
    var chunk = [UInt8](repeating: 0, count: 1 << 16)
    while true {
        let count = chunk.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
        guard count > 0 else { break }
        bytes += chunk[0..<count]
    }
    return bytes
}
