import Foundation
import TestSupport

/// Runs `body` while a program runs beside it, then stops the program (SIGTERM) and waits
/// for it, whether `body` succeeded or threw. `body` gets the lines the program prints.
func withBackgroundProcess<Result: Sendable>(
    _ executable: String, _ arguments: [String], _ body: (AsyncStream<String>) async throws -> Result
) async throws -> Result {
    let process = try ChildProcess(executable, arguments)
    let (lines, continuation) = AsyncStream<String>.makeStream()
    // Ends when the program's output closes, which it does when the program ends.
    let relay = Task {
        var occurrence = 1
        while let line = try? await process.lines.first(within: .seconds(3600), "a line", occurrence: occurrence) {
            continuation.yield(line)
            occurrence += 1
        }
        continuation.finish()
    }
    let result: Swift.Result<Result, any Error>
    do {
        result = .success(try await body(lines))
    } catch {
        result = .failure(error)
    }
    process.signal(SIGTERM)
    // A program that ignores SIGTERM gets SIGKILL after 5 s.
    if (try? await process.ended(within: .seconds(5))) == nil {
        process.kill9()
        _ = try? await process.ended()
    }
    await relay.value
    return try result.get()
}

/// The SHA-256 of bytes, in lowercase hex, computed by coreutils.
func sha256Hex(_ bytes: [UInt8]) async throws -> String {
    let directory = try makeTemporaryDirectory("sha")
    defer { try? FileManager.default.removeItem(atPath: directory) }
    let path = directory + "/data"
    try Data(bytes).write(to: URL(fileURLWithPath: path))
    let result = try await run("/usr/bin/sha256sum", [path])
    return String(result.output.prefix(64))
}
