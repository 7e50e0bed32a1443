import CoAPCore
@testable import FleetNode
import FleetModel
import Foundation
import Glibc
import Testing
import TestSupport

/// A temporary install root and state directory for one installer test.
private struct FileInstallSandbox {
    let directory: String
    let context: InstallContext
    static let installPath = "/opt/app/tool.bin"

    init(allowedDirectories: [String] = []) throws {
        directory = try makeTemporaryDirectory("file-installer")
        let root = directory + "/root"
        let state = directory + "/state"
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: state + "/staging", withIntermediateDirectories: true)
        context = InstallContext(
            installRoot: root, allowedDirectories: allowedDirectories, stateDirectory: state, commands: InstallCommands(),
            logger: .disabled)
    }

    var target: String { context.resolve(Self.installPath) }
    var previous: String { target + FileInstaller.previousSuffix }
    var installer: FileInstaller { FileInstaller(context: context) }

    func remove() {
        try? FileManager.default.removeItem(atPath: directory)
    }

    /// Stages `content` as the downloaded artifact and returns its path.
    func artifact(_ content: String, name: String = "job.artifact") throws -> String {
        let path = "\(context.stateDirectory)/staging/\(name)"
        try Data(content.utf8).write(to: URL(fileURLWithPath: path))
        return path
    }

    /// Puts an existing version at the target with `mode`.
    func installExisting(_ content: String, mode: mode_t) throws {
        try FileManager.default.createDirectory(
            atPath: (target as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try Data(content.utf8).write(to: URL(fileURLWithPath: target))
        #expect(chmod(target, mode) == 0)
    }

    func job(
        postInstall: String? = nil, healthCheck: String? = nil, shell: Bool = false, installPath: String? = installPath
    ) -> UpdateAnnouncement {
        UpdateAnnouncement(
            jobID: "job-file", name: "tool", version: "2.0", packageType: .file, artifactID: "art-1",
            artifactSHA256: String(repeating: "0", count: 64), artifactSize: 3, artifactPath: "artifacts/art-1",
            installPath: installPath, postInstall: postInstall, healthCheck: healthCheck, commandTimeoutSeconds: 10,
            shell: shell)
    }

    static func content(_ path: String) -> String? {
        FileManager.default.contents(atPath: path).map { String(decoding: $0, as: UTF8.self) }
    }

    static func mode(_ path: String) -> mode_t? {
        var status = stat()
        return stat(path, &status) == 0 ? status.st_mode & 0o7777 : nil
    }

    static func exists(_ path: String) -> Bool {
        var status = stat()
        return lstat(path, &status) == 0
    }

    /// What `prepare` throws, as text; nil when it does not throw.
    func prepareFailure(_ job: UpdateAnnouncement, artifact: String?) async -> String? {
        do throws(InstallFailure) {
            _ = try await installer.prepare(job, artifact: artifact)
            return nil
        } catch {
            return error.description
        }
    }
}

@Suite("file installer")
struct FileInstallerTests {
    @Test func aFirstInstallCreatesTheDirectoriesAndAFileWithMode0644() async throws {
        let sandbox = try FileInstallSandbox()
        defer { sandbox.remove() }
        let artifact = try sandbox.artifact("new content\n")
        #expect(chmod(artifact, 0o600) == 0)
        let job = sandbox.job()
        #expect(!FileInstallSandbox.exists(sandbox.context.installRoot + "/opt"))

        let rollback = try await sandbox.installer.prepare(job, artifact: artifact)
        #expect(rollback == .file(previous: nil))
        #expect(!FileInstallSandbox.exists(sandbox.target), "prepare must not install anything")

        let outcome = await sandbox.installer.apply(job, artifact: artifact, rollback: rollback)
        #expect(outcome == .succeeded)
        #expect(FileInstallSandbox.content(sandbox.target) == "new content\n")
        #expect(FileInstallSandbox.mode(sandbox.target) == 0o644)
        #expect(!FileInstallSandbox.exists(sandbox.previous))
        #expect(!FileInstallSandbox.exists(sandbox.target + ".fleet-new"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: sandbox.context.installRoot + "/opt/app") == ["tool.bin"])
        // The staged artifact is copied, not moved.
        #expect(FileInstallSandbox.content(artifact) == "new content\n")
    }

    @Test func aSecondInstallKeepsThePreviousVersionAndItsMode() async throws {
        let sandbox = try FileInstallSandbox()
        defer { sandbox.remove() }
        try sandbox.installExisting("old content\n", mode: 0o755)
        let artifact = try sandbox.artifact("new content\n")
        let job = sandbox.job()

        let rollback = try await sandbox.installer.prepare(job, artifact: artifact)
        #expect(rollback == .file(previous: sandbox.previous))
        #expect(FileInstallSandbox.content(sandbox.target) == "old content\n")

        let outcome = await sandbox.installer.apply(job, artifact: artifact, rollback: rollback)
        #expect(outcome == .succeeded)
        #expect(FileInstallSandbox.content(sandbox.target) == "new content\n")
        #expect(FileInstallSandbox.mode(sandbox.target) == 0o755)
        #expect(FileInstallSandbox.content(sandbox.previous) == "old content\n")
        #expect(FileInstallSandbox.mode(sandbox.previous) == 0o755)
        #expect(!FileInstallSandbox.exists(sandbox.target + ".fleet-new"))
    }

    @Test func prepareReplacesAStalePreviousVersion() async throws {
        let sandbox = try FileInstallSandbox()
        defer { sandbox.remove() }
        try sandbox.installExisting("current\n", mode: 0o644)
        try Data("stale leftover\n".utf8).write(to: URL(fileURLWithPath: sandbox.previous))
        let rollback = try await sandbox.installer.prepare(sandbox.job(), artifact: try sandbox.artifact("x"))
        #expect(rollback == .file(previous: sandbox.previous))
        #expect(FileInstallSandbox.content(sandbox.previous) == "current\n")
    }

    @Test(arguments: [("false", false), ("sh -c 'exit 3'", true)])
    func aFailingHealthCheckRollsBack(healthCheck: String, shell: Bool) async throws {
        let sandbox = try FileInstallSandbox()
        defer { sandbox.remove() }
        try sandbox.installExisting("old content\n", mode: 0o750)
        let artifact = try sandbox.artifact("new content\n")
        let job = sandbox.job(healthCheck: healthCheck, shell: shell)

        let rollback = try await sandbox.installer.prepare(job, artifact: artifact)
        let outcome = await sandbox.installer.apply(job, artifact: artifact, rollback: rollback)
        guard case .rolledBack(let message) = outcome else {
            Issue.record("expected rolledBack, got \(outcome)")
            return
        }
        #expect(message.contains("health check failed"))
        #expect(message.contains(shell ? "exit status 3" : "exit status 1"))
        #expect(FileInstallSandbox.content(sandbox.target) == "old content\n")
        #expect(FileInstallSandbox.mode(sandbox.target) == 0o750)
        #expect(!FileInstallSandbox.exists(sandbox.previous))
        #expect(!FileInstallSandbox.exists(sandbox.target + ".fleet-new"))
    }

    @Test func aFailingPostInstallRollsBackWithoutRunningTheHealthCheck() async throws {
        let sandbox = try FileInstallSandbox()
        defer { sandbox.remove() }
        try sandbox.installExisting("old content\n", mode: 0o644)
        let artifact = try sandbox.artifact("new content\n")
        let marker = sandbox.directory + "/health-check-ran"
        let job = sandbox.job(
            postInstall: "echo post-install broke >&2; exit 2", healthCheck: "touch '\(marker)'", shell: true)

        let rollback = try await sandbox.installer.prepare(job, artifact: artifact)
        let outcome = await sandbox.installer.apply(job, artifact: artifact, rollback: rollback)
        guard case .rolledBack(let message) = outcome else {
            Issue.record("expected rolledBack, got \(outcome)")
            return
        }
        #expect(message.contains("post-install failed"))
        #expect(message.contains("post-install broke"))
        #expect(FileInstallSandbox.content(sandbox.target) == "old content\n")
        #expect(!FileInstallSandbox.exists(marker))
    }

    @Test func aFirstInstallWhoseCheckFailsRemovesTheNewFile() async throws {
        let sandbox = try FileInstallSandbox()
        defer { sandbox.remove() }
        let artifact = try sandbox.artifact("new content\n")
        let job = sandbox.job(healthCheck: "false")

        let rollback = try await sandbox.installer.prepare(job, artifact: artifact)
        #expect(rollback == .file(previous: nil))
        let outcome = await sandbox.installer.apply(job, artifact: artifact, rollback: rollback)
        guard case .rolledBack(let message) = outcome else {
            Issue.record("expected rolledBack, got \(outcome)")
            return
        }
        #expect(message.contains("health check failed"))
        #expect(!FileInstallSandbox.exists(sandbox.target))
        #expect(!FileInstallSandbox.exists(sandbox.previous))
        #expect(!FileInstallSandbox.exists(sandbox.target + ".fleet-new"))
    }

    @Test func theChecksSeeTheInstalledPathAndTheArtifact() async throws {
        let sandbox = try FileInstallSandbox()
        defer { sandbox.remove() }
        let artifact = try sandbox.artifact("new content\n")
        let seen = sandbox.directory + "/seen"
        let job = sandbox.job(
            postInstall: #"printf '%s|%s|%s|%s' "$FLEET_INSTALL_PATH" "$FLEET_ARTIFACT" "$FLEET_JOB_ID" "$(pwd -P)" > "#
                + "'\(seen)'",
            healthCheck: #"test -f "$FLEET_INSTALL_PATH" && cmp -s "$FLEET_INSTALL_PATH" "$FLEET_ARTIFACT""#,
            shell: true)

        let rollback = try await sandbox.installer.prepare(job, artifact: artifact)
        let outcome = await sandbox.installer.apply(job, artifact: artifact, rollback: rollback)
        #expect(outcome == .succeeded)
        let root = try #require(realpath(sandbox.context.installRoot, nil))
        defer { free(root) }
        #expect(FileInstallSandbox.content(seen) == "\(sandbox.target)|\(artifact)|job-file|\(String(cString: root))")
    }

    @Test func aCheckOfAMissingInstallPathFails() async throws {
        // The same check fails when the path it is given holds no file: it really tests the path.
        let sandbox = try FileInstallSandbox()
        defer { sandbox.remove() }
        let artifact = try sandbox.artifact("new content\n")
        let job = sandbox.job(healthCheck: #"test -f "$FLEET_INSTALL_PATH.missing""#, shell: true)
        let rollback = try await sandbox.installer.prepare(job, artifact: artifact)
        let outcome = await sandbox.installer.apply(job, artifact: artifact, rollback: rollback)
        guard case .rolledBack = outcome else {
            Issue.record("expected rolledBack, got \(outcome)")
            return
        }
    }

    @Test func prepareRefusesADirectoryAtTheTarget() async throws {
        let sandbox = try FileInstallSandbox()
        defer { sandbox.remove() }
        try FileManager.default.createDirectory(atPath: sandbox.target + "/inside", withIntermediateDirectories: true)
        let failure = await sandbox.prepareFailure(sandbox.job(), artifact: try sandbox.artifact("x"))
        #expect(failure?.contains("is not a regular file") == true, "\(failure ?? "no failure")")
        #expect(failure?.contains(sandbox.target) == true)
        var isDirectory: ObjCBool = false
        #expect(FileManager.default.fileExists(atPath: sandbox.target + "/inside", isDirectory: &isDirectory) && isDirectory.boolValue)
        #expect(!FileInstallSandbox.exists(sandbox.previous))
    }

    @Test func prepareRefusesASymbolicLinkAtTheTarget() async throws {
        let sandbox = try FileInstallSandbox()
        defer { sandbox.remove() }
        let elsewhere = sandbox.directory + "/elsewhere"
        try Data("elsewhere\n".utf8).write(to: URL(fileURLWithPath: elsewhere))
        try FileManager.default.createDirectory(
            atPath: (sandbox.target as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        #expect(symlink(elsewhere, sandbox.target) == 0)
        let failure = await sandbox.prepareFailure(sandbox.job(), artifact: try sandbox.artifact("x"))
        #expect(failure?.contains("is not a regular file") == true, "\(failure ?? "no failure")")
        #expect(FileInstallSandbox.content(elsewhere) == "elsewhere\n")
    }

    @Test(arguments: [(["/opt/app"], true), (["/srv", "/opt/app/"], true), (["/srv"], false), (["/opt/ap"], false)])
    func onlyAllowedDirectoriesAreWritten(allowed: [String], written: Bool) async throws {
        let sandbox = try FileInstallSandbox(allowedDirectories: allowed)
        defer { sandbox.remove() }
        let failure = await sandbox.prepareFailure(sandbox.job(), artifact: try sandbox.artifact("x"))
        if written {
            #expect(failure == nil)
        } else {
            #expect(failure?.contains("is outside the allowed directories") == true, "\(failure ?? "no failure")")
            #expect(!FileInstallSandbox.exists(sandbox.directory + "/root/opt"), "nothing was created")
        }
    }

    @Test func prepareRefusesADirectoryLinkThatLeadsOutOfTheRoot() async throws {
        let sandbox = try FileInstallSandbox()
        defer { sandbox.remove() }
        let outside = sandbox.directory + "/outside"
        try FileManager.default.createDirectory(atPath: outside, withIntermediateDirectories: true)
        #expect(symlink(outside, sandbox.directory + "/root/opt") == 0)
        let failure = await sandbox.prepareFailure(sandbox.job(), artifact: try sandbox.artifact("x"))
        #expect(failure?.contains("leads outside the install root") == true, "\(failure ?? "no failure")")
        #expect(try FileManager.default.contentsOfDirectory(atPath: outside).isEmpty)
    }

    @Test func prepareRefusesAJobWithoutInstallPath() async throws {
        let sandbox = try FileInstallSandbox()
        defer { sandbox.remove() }
        let failure = await sandbox.prepareFailure(sandbox.job(installPath: nil), artifact: try sandbox.artifact("x"))
        #expect(failure == "the job has no install_path")
    }

    @Test func applyWithAnotherInstallersRollbackPointFails() async throws {
        let sandbox = try FileInstallSandbox()
        defer { sandbox.remove() }
        let artifact = try sandbox.artifact("new")
        let outcome = await sandbox.installer.apply(sandbox.job(), artifact: artifact, rollback: .none)
        #expect(outcome == .failed("the rollback record is not a file's"))
        #expect(!FileInstallSandbox.exists(sandbox.target))
    }

    @Test func applyingTwiceWithTheSameRollbackPointKeepsThePreviousVersion() async throws {
        let sandbox = try FileInstallSandbox()
        defer { sandbox.remove() }
        try sandbox.installExisting("old content\n", mode: 0o755)
        let artifact = try sandbox.artifact("new content\n")
        let job = sandbox.job()

        let rollback = try await sandbox.installer.prepare(job, artifact: artifact)
        #expect(await sandbox.installer.apply(job, artifact: artifact, rollback: rollback) == .succeeded)
        // The agent crashed before recording the outcome; it runs apply again with the recorded point.
        #expect(await sandbox.installer.apply(job, artifact: artifact, rollback: rollback) == .succeeded)
        #expect(FileInstallSandbox.content(sandbox.target) == "new content\n")
        #expect(FileInstallSandbox.mode(sandbox.target) == 0o755)
        #expect(FileInstallSandbox.content(sandbox.previous) == "old content\n")
        #expect(!FileInstallSandbox.exists(sandbox.target + ".fleet-new"))
    }

    @Test func aRetryAfterACrashMidInstallCanStillRollBack() async throws {
        let sandbox = try FileInstallSandbox()
        defer { sandbox.remove() }
        try sandbox.installExisting("old content\n", mode: 0o700)
        let artifact = try sandbox.artifact("new content\n")
        let job = sandbox.job(healthCheck: "false")

        let rollback = try await sandbox.installer.prepare(job, artifact: artifact)
        // The first attempt swapped the file in and then the agent died before the health check.
        guard case .file(let previous) = rollback else {
            Issue.record("expected a file rollback point, got \(rollback)")
            return
        }
        #expect(FileInstaller.replace(sandbox.target, with: artifact, modeFrom: previous) == nil)
        #expect(FileInstallSandbox.content(sandbox.target) == "new content\n")

        let outcome = await sandbox.installer.apply(job, artifact: artifact, rollback: rollback)
        guard case .rolledBack(let message) = outcome else {
            Issue.record("expected rolledBack, got \(outcome)")
            return
        }
        #expect(message.contains("health check failed"))
        #expect(FileInstallSandbox.content(sandbox.target) == "old content\n")
        #expect(FileInstallSandbox.mode(sandbox.target) == 0o700)
    }

    @Test func aRetryAfterACrashThatFollowedACompletedRollbackKeepsTheOldVersion() async throws {
        // The first attempt's health check failed and the previous version was renamed back; the agent died
        // before recording `rolled_back`, so after the restart apply runs again with the same rollback point.
        let sandbox = try FileInstallSandbox()
        defer { sandbox.remove() }
        try sandbox.installExisting("old content\n", mode: 0o755)
        let artifact = try sandbox.artifact("new content\n")
        let job = sandbox.job(healthCheck: "false")

        let rollback = try await sandbox.installer.prepare(job, artifact: artifact)
        guard case .rolledBack = await sandbox.installer.apply(job, artifact: artifact, rollback: rollback) else {
            Issue.record("the first attempt should roll back")
            return
        }
        #expect(FileInstallSandbox.content(sandbox.target) == "old content\n")

        let retry = await sandbox.installer.apply(job, artifact: artifact, rollback: rollback)
        guard case .rolledBack = retry else {
            Issue.record("expected rolledBack on the retry, got \(retry)")
            // Fall through: what matters most is that the old version survived.
            #expect(FileInstallSandbox.content(sandbox.target) == "old content\n")
            #expect(FileInstallSandbox.mode(sandbox.target) == 0o755)
            return
        }
        #expect(FileInstallSandbox.content(sandbox.target) == "old content\n")
        #expect(FileInstallSandbox.mode(sandbox.target) == 0o755)
    }
}
