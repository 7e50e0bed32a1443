import Foundation

/// The repository root, found from this file's path.
let repositoryRoot: String = {
    var url = URL(fileURLWithPath: #filePath)
    for _ in 0..<3 { url.deleteLastPathComponent() }
    return url.path
}()

/// Output and status of a finished process.
struct ProcessResult {
    let status: Int32
    let output: String
    let error: String
}

/// Runs a program to completion (bounded by `timeout`) and captures what it printed.
func run(_ executable: String, _ arguments: [String], timeout: Duration = .seconds(60)) async throws -> ProcessResult {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: executable)
    process.arguments = arguments
    let output = Pipe()
    let error = Pipe()
    process.standardOutput = output
    process.standardError = error
    process.standardInput = FileHandle.nullDevice
    let finished = AsyncStream<Void>.makeStream()
    process.terminationHandler = { _ in finished.continuation.finish() }
    try process.run()
    // Read while it runs so a full pipe cannot block it.
    async let out = Task.detached { output.fileHandleForReading.readDataToEndOfFile() }.value
    async let err = Task.detached { error.fileHandleForReading.readDataToEndOfFile() }.value
    let watchdog = Task {
        try await Task.sleep(for: timeout)
        process.terminate()
    }
    for await _ in finished.stream {}
    watchdog.cancel()
    return ProcessResult(status: process.terminationStatus,
                         output: String(decoding: await out, as: UTF8.self),
                         error: String(decoding: await err, as: UTF8.self))
}

/// A fresh directory under the system's temporary directory.
func makeTemporaryDirectory(_ prefix: String) throws -> String {
    let path = NSTemporaryDirectory() + "\(prefix)-\(UUID().uuidString)"
    try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    return path
}

/// Test certificates made by the checked-in script with the openssl CLI.
struct TestPKI {
    let directory: String

    static func make() async throws -> TestPKI {
        let directory = try makeTemporaryDirectory("coapcore-pki")
        let result = try await run("/bin/bash", ["\(repositoryRoot)/Tests/Fixtures/make-test-pki.sh", directory])
        guard result.status == 0 else { throw CocoaError(.fileWriteUnknown, userInfo: ["stderr": result.error]) }
        return TestPKI(directory: directory)
    }

    func file(_ name: String) -> String { "\(directory)/\(name)" }
}
