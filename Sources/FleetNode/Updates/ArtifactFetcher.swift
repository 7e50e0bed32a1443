import CoAPCore
import FleetModel
import Glibc

/// Fetches a job's artifact block-wise into `staging/<job>.artifact` in the state directory,
/// continuing a partial file from its last complete block, and verifies size and SHA-256
/// before anyone may install it.
struct ArtifactFetcher: Sendable {
    let client: CoAPClient
    let serverURI: String
    /// The agent's own DTLS credentials, when its client is shared with other agents.
    let credentials: DTLSClientCredentials?
    let stagingDirectory: String
    let logger: Logger

    /// Where the artifact of `jobID` is staged.
    func stagingPath(for jobID: String) -> String {
        "\(stagingDirectory)/\(jobID).artifact"
    }

    /// Fetches and verifies the artifact `announcement` names; `progress` hears the bytes held so
    /// far and the total. A staged file whose digest is wrong is fetched once more from the start
    /// (it may be a leftover); a second mismatch is the artifact's fault.
    ///
    /// - Returns: the path of the verified file.
    /// - Throws: ``ArtifactRejection`` when the artifact is not what the job promised; a
    ///   ``CoAPError`` when the transfer fails (the partial file stays for the next attempt).
    func fetch(_ announcement: UpdateAnnouncement, progress: @escaping @Sendable (Int, Int) -> Void) async throws -> String {
        guard let path = announcement.artifactPath, let size = announcement.artifactSize,
              let sha256 = announcement.artifactSHA256
        else { throw ArtifactRejection("the announcement names no artifact to fetch") }
        let staged = stagingPath(for: announcement.jobID)
        let uri = "\(serverURI)/\(path)"
        let hadPartial = FileSize.of(staged) != nil
        do {
            try await download(uri, to: staged, size: size, resume: true, progress: progress)
            try Self.verify(staged, size: size, sha256: sha256)
        } catch let rejection as ArtifactRejection {
            unlink(staged)
            guard hadPartial else { throw rejection }
            try await download(uri, to: staged, size: size, resume: false, progress: progress)
            do throws(ArtifactRejection) {
                try Self.verify(staged, size: size, sha256: sha256)
            } catch {
                unlink(staged)
                throw error
            }
        }
        return staged
    }

    /// Downloads what is missing of the staged file; a complete one is left as it is.
    private func download(
        _ uri: String, to staged: String, size: Int, resume: Bool, progress: @escaping @Sendable (Int, Int) -> Void
    ) async throws {
        let held = resume ? FileSize.of(staged) ?? 0 : 0
        if held < size || size == 0 {
            logger.info("fetching \(uri) into \(staged), holding \(held) of \(size) bytes")
            try await client.download(
                uri, toFile: staged, resume: resume, timeout: .seconds(600 + size / 50_000),
                progress: { progress($0.completed, $0.total ?? size) }, credentials: credentials)
        }
        progress(size, size)
    }

    /// Removes the staged artifact of `jobID`, if any.
    func discard(_ jobID: String) {
        unlink(stagingPath(for: jobID))
    }

    /// Checks the file at `path` has `size` bytes and the digest `sha256`.
    static func verify(_ path: String, size: Int, sha256: String) throws(ArtifactRejection) {
        let actualSize = FileSize.of(path) ?? -1
        guard actualSize == size else {
            throw ArtifactRejection("artifact size mismatch: expected \(size) bytes, got \(actualSize); nothing installed")
        }
        guard let digest = SHA256.hex(ofFileAt: path) else {
            throw ArtifactRejection("cannot read the downloaded artifact to verify it; nothing installed")
        }
        guard digest == sha256 else {
            throw ArtifactRejection("artifact SHA-256 mismatch: expected \(sha256), got \(digest); nothing installed")
        }
    }
}

/// An artifact that is not what its job promised; the job fails and nothing is installed.
struct ArtifactRejection: Error, CustomStringConvertible {
    let description: String

    init(_ description: String) { self.description = description }
}
