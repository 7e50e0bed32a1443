import CoAPCore
import TestSupport
import Testing

@Suite("Load and misbehaving peers")
struct LoadTests {
    @Test func twoThousandRequestsFromTwoHundredTasksAreAllAnswered() async throws {
        var router = CoAPRouter()
        router.on(.get, "echo/{n}") { request in .text(request.pathParameters["n"]!) }
        let configuration = CoAPClient.Configuration(transmission: TransmissionParameters(nstart: 32))
        let loop = try Loopback(router: router, clientConfiguration: configuration)
        defer { loop.close() }
        let answered = try await withThrowingTaskGroup(of: Int.self) { group in
            for task in 0..<200 {
                group.addTask {
                    var correct = 0
                    for request in 0..<10 {
                        let n = task * 10 + request
                        if try await loop.client.get("\(loop.base)/echo/\(n)", timeout: .seconds(30)).text == "\(n)" { correct += 1 }
                    }
                    return correct
                }
            }
            return try await group.reduce(0, +)
        }
        #expect(answered == 2000)
    }

    @Test func aClientThatDisappearsMidTransferLeavesTheServerServingOthers() async throws {
        let big = testBytes(count: 2 << 20)
        var router = CoAPRouter()
        router.on(.get, "big") { _ in CoAPResponse(code: .content, payload: big) }
        router.on(.get, "test") { _ in .text("ok") }
        let loop = try Loopback(router: router)
        defer { loop.close() }
        // A client that starts a large download and vanishes: its task is cancelled from the
        // progress of the first 100 kB, then the client is shut down.
        let vanishing = try CoAPClient()
        let running = Locked<Task<[UInt8], any Error>?>(nil)
        let transfer = Task {
            try await vanishing.download("\(loop.base)/big") { progress in
                if progress.completed > 100_000 { running.value?.cancel() }
            }
        }
        running.update { $0 = transfer }
        let result = await transfer.result
        vanishing.shutdown()
        #expect(throws: CoAPError.self) { _ = try result.get() }
        // Everyone else is still served, whole.
        #expect(try await loop.client.get("\(loop.base)/test").text == "ok")
        #expect(try await loop.client.download("\(loop.base)/big") == big)
    }
}
