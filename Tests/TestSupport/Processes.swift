// Helpers the test targets share: running programs, temporary directories, outside tools.
import Foundation

/// The repository root, found from this file's path.
public let repositoryRoot: String = {
    var url = URL(fileURLWithPath: #filePath)
    for _ in 0..<3 { url.deleteLastPathComponent() }  // Tests/TestSupport/Processes.swift
    return url.path
}()

/// Output and status of a finished process.
public struct ProcessResult: Sendable {
    public let status: Int32
    public let output: String
    public let error: String
}

/// Runs a program to completion (bounded by `timeout`: then it gets SIGKILL) and captures
/// what it printed. `status` is the exit status, or the signal that ended it.
public func run(_ executable: String, _ arguments: [String], timeout: Duration = .seconds(60)) async throws -> ProcessResult {
    let output = try SpawnedProcess.makeChannel()
    let errors = try SpawnedProcess.makeChannel()
    let spawned: SpawnedProcess
    do {
        spawned = try SpawnedProcess(executable, arguments, stdout: output.write, stderr: errors.write)
    } catch {
        for descriptor in [output.read, output.write, errors.read, errors.write] { close(descriptor) }
        throw error
    }
    close(output.write)
    close(errors.write)
    // Read while it runs so a full pipe cannot block it; on threads of their own, since a
    // blocking read would starve the (two-thread) cooperative pool the test itself needs.
    async let out = readToEnd(FileHandle(fileDescriptor: output.read, closeOnDealloc: true))
    async let err = readToEnd(FileHandle(fileDescriptor: errors.read, closeOnDealloc: true))
    let watchdog = Task {
        try await Task.sleep(for: timeout)
        kill(spawned.pid, SIGKILL)
    }
    let status = await withCheckedContinuation { continuation in
        Thread.detachNewThread { continuation.resume(returning: spawned.waitForExit()) }
    }
    watchdog.cancel()
    return ProcessResult(status: status.status, output: String(decoding: await out, as: UTF8.self),
                         error: String(decoding: await err, as: UTF8.self))
}

/// Everything a pipe delivers until it closes, read on a dedicated thread.
private func readToEnd(_ handle: FileHandle) async -> Data {
    await withCheckedContinuation { continuation in
        Thread.detachNewThread { continuation.resume(returning: handle.readDataToEndOfFile()) }
    }
}

/// A fresh directory under the system's temporary directory.
public func makeTemporaryDirectory(_ prefix: String) throws -> String {
    let path = NSTemporaryDirectory() + "\(prefix)-\(UUID().uuidString)"
    try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    return path
}

/// The Python of the virtual environment `make test` prepares with aiocoap 0.4.17.
public let interopPython = ProcessInfo.processInfo.environment["FLEET_TEST_PYTHON"]

/// libcoap's own command-line client, from Debian's libcoap3-bin.
public let libcoapClient = "/usr/bin/coap-client-openssl"

/// Reads a pipe line by line on a thread of its own (a blocking read must not hold a thread of
/// the cooperative pool), handing each line to `line` and calling `end` when it closes.
public func readLines(
    _ handle: FileHandle, line: @escaping @Sendable (String) -> Void, end: @escaping @Sendable () -> Void
) {
    Thread.detachNewThread {
        var pending = Data()
        while case let chunk = handle.availableData, !chunk.isEmpty {
            pending.append(chunk)
            while let newline = pending.firstIndex(of: UInt8(ascii: "\n")) {
                line(String(decoding: pending[pending.startIndex..<newline], as: UTF8.self))
                pending.removeSubrange(pending.startIndex...newline)
            }
        }
        end()
    }
}
