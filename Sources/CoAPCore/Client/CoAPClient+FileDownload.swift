import Glibc

extension CoAPClient {
    /// Downloads `uri` into the file at `path`, block by block, writing each block as it
    /// arrives. With `resume`, an existing partial file is continued from its last complete
    /// block, so an interrupted transfer fetches only what is missing. Returns the file size.
    @discardableResult
    public func download(
        _ uri: String, toFile path: String, resume: Bool = true, blockSize: Int? = nil,
        timeout: Duration = .seconds(600), progress: (@Sendable (TransferProgress) -> Void)? = nil,
        credentials: DTLSClientCredentials? = nil
    ) async throws -> Int {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw CoAPError(.invalidArgument, "cannot open \(path): \(errnoText())") }
        defer { close(descriptor) }
        var status = stat()
        fstat(descriptor, &status)
        let size = BlockOption(number: 0, more: false, szx: BlockOption.szx(forSize: blockSize ?? 1024)).size
        // Keep only whole blocks: the last one may have been cut short.
        let offset = resume ? (Int(status.st_size) / size) * size : 0
        guard ftruncate(descriptor, off_t(offset)) == 0 else {
            throw CoAPError(.invalidArgument, "cannot truncate \(path): \(errnoText())")
        }
        let writer = FileBlockWriter(descriptor: descriptor)
        let request = CoAPClientRequest(
            method: .get, uri: try CoAPURI(uri), timeout: timeout, blockSize: size, offset: offset, progress: progress,
            bodySink: { offset, bytes in writer.write(bytes, at: offset) }, credentials: credentials)
        _ = try await send(request)
        if let failure = writer.failure { throw CoAPError(.invalidArgument, "cannot write \(path): \(failure)") }
        guard fsync(descriptor) == 0 else { throw CoAPError(.invalidArgument, "cannot sync \(path): \(errnoText())") }
        fstat(descriptor, &status)
        return Int(status.st_size)
    }
}

/// Writes blocks at their offsets; remembers the first failure.
private final class FileBlockWriter: @unchecked Sendable {
    // @unchecked: only the client's loop thread writes; `failure` is read after the call ends.
    private let descriptor: Int32
    private(set) var failure: String?

    init(descriptor: Int32) { self.descriptor = descriptor }

    func write(_ bytes: ArraySlice<UInt8>, at offset: Int) {
        guard failure == nil else { return }
        let written = bytes.withUnsafeBytes { pwrite(descriptor, $0.baseAddress, $0.count, off_t(offset)) }
        if written != bytes.count { failure = errnoText() }
    }
}
