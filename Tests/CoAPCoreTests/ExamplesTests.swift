import Foundation
import TestSupport
import Testing

/// The programs in Examples/, built by the package, run as a user would run them.
@Suite("Examples")
struct ExamplesTests {
    static let binaries = "\(repositoryRoot)/.build/debug"

    @Test func fileServerAndFetchClientWorkTogether() async throws {
        let root = try makeTemporaryDirectory("example-root")
        let work = try makeTemporaryDirectory("example-work")
        defer { for directory in [root, work] { try? FileManager.default.removeItem(atPath: directory) } }
        let content = testBytes(count: 200_000, seed: 7)
        try Data(content).write(to: URL(fileURLWithPath: "\(work)/firmware.bin"))
        let port = try freeUDPPort()
        try await withBackgroundProcess("\(Self.binaries)/coap-file-server", ["--port", "\(port)", "--root", root]) { lines in
            var banner: String?
            for await line in lines where line.hasPrefix("coap-file-server: serving") {
                banner = line
                break
            }
            #expect(banner != nil)
            let base = "coap://127.0.0.1:\(port)"
            let fetch = "\(Self.binaries)/coap-fetch"

            // Someone watches the listing while a file is uploaded.
            try await withBackgroundProcess(fetch, ["\(base)/files", "--observe", "2"]) { states in
                var iterator = states.makeAsyncIterator()
                let initial = await iterator.next()
                #expect(initial == "")
                let put = try await run(fetch, ["\(base)/files/firmware.bin", "--put", "\(work)/firmware.bin"])
                #expect(put.output.hasPrefix("2.04 stored 200000 bytes"))
                let changed = await iterator.next()
                #expect(changed == "firmware.bin")
            }

            let get = try await run(fetch, ["\(base)/files/firmware.bin", "-o", "\(work)/copy.bin"])
            #expect(get.status == 0)
            #expect(try Array(Data(contentsOf: URL(fileURLWithPath: "\(work)/copy.bin"))) == content)

            let missing = try await run(fetch, ["\(base)/files/absent.bin"])
            #expect(missing.status == 1)
            #expect(missing.output.contains("4.04"))
        }
    }
}
