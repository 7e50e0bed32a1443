import CoAPCore
import FleetModel
import Foundation
import TestSupport
import Testing

/// `/artifacts` and `/artifacts/{id}`: block-wise upload, listing, block-wise and resumable
/// download, removal guarded by the jobs that use an artifact.
@Suite("Artifacts")
struct ArtifactTests {
    static let image = testBytes(count: 8 << 20, seed: 0xF1F1)

    @Test func anEightMebibyteImageGoesUpAndComesBackByteIdentical() async throws {
        let fleet = try FleetHarness()
        defer { fleet.close() }
        let uploaded = Locked(0)
        let answer = try await Answer.of(fleet.client, CoAPClientRequest(
            method: .post, uri: CoAPURI("\(fleet.base)/artifacts?name=firmware-1.2.bin"), contentFormat: .octetStream,
            payload: Self.image, timeout: .seconds(180), progress: { progress in uploaded.set(progress.completed) }))
        #expect(answer.code == .created, "\(answer.text)")
        #expect(uploaded.value == Self.image.count, "the body went up block by block")
        let stored = try answer.json()
        let id = try #require(stored["artifact_id"].string)
        #expect(FleetIdentifier.isValid(id))
        #expect(stored["name"].string == "firmware-1.2.bin")
        #expect(stored["sha256"].string == SHA256.hex(of: Self.image))
        #expect(stored["size"].int == Self.image.count)
        #expect(stored["created_at"].string.flatMap(UTCTimestamp.date(from:)) != nil)

        let list = try await fleet.json("/artifacts")
        #expect(list == .array([stored]))
        let system = try await fleet.json("/system")
        #expect(system["counts"]["artifacts"].int == 1)
        #expect(system["storage"]["artifact_bytes"].int == Self.image.count)

        let downloaded = Locked(0)
        let whole = try await fleet.client.download("\(fleet.base)/artifacts/\(id)", timeout: .seconds(180)) { progress in
            downloaded.set(progress.completed)
        }
        #expect(whole.count == Self.image.count)
        #expect(whole == Self.image)
        #expect(downloaded.value == Self.image.count)

        // Resumed from the middle: only the tail comes, at a block boundary or not.
        for offset in [4 << 20, (6 << 20) + 777] {
            let tail = try await fleet.client.download("\(fleet.base)/artifacts/\(id)", from: offset, timeout: .seconds(180))
            #expect(tail.count == Self.image.count - offset)
            #expect(tail == Array(Self.image[offset...]), "resumed from \(offset)")
        }
    }

    @Test func anArtifactInUseCannotBeDeletedUntilItsJobIsCancelled() async throws {
        let fleet = try FleetHarness()
        defer { fleet.close() }
        let bytes = testBytes(count: 5000, seed: 3)
        let id = try #require(try await fleet.upload("app.bin", bytes)["artifact_id"].string)
        try await fleet.register("worker-03")
        let job = try await fleet.createJob(Seed.fileJob(["worker-03"], artifactID: id))

        let refused = try await fleet.delete("/artifacts/\(id)")
        #expect(refused.code == .conflict)
        let error = try refused.errorBody()
        #expect(error.error == "in_use")
        #expect(error.detail.contains(job))
        #expect(try await fleet.client.download("\(fleet.base)/artifacts/\(id)") == bytes)

        try #require(try await fleet.action("install", job).code == .changed)
        #expect(try await fleet.delete("/artifacts/\(id)").code == .conflict, "an installing job still needs it")

        try #require(try await fleet.action("cancel", job).code == .changed)
        let auditBefore = try #require(try await fleet.counts()["audit_entries"].int)
        let removed = try await fleet.delete("/artifacts/\(id)")
        #expect(removed.code == .deleted, "\(removed.text)")
        #expect(try removed.json()["artifact_id"].string == id)
        #expect(try await fleet.counts()["audit_entries"].int == auditBefore + 1)

        let gone = try await fleet.get("/artifacts/\(id)")
        #expect(gone.code == .notFound)
        #expect(try gone.errorBody().error == "not_found")
        #expect(try await fleet.json("/artifacts").array?.isEmpty == true)
        #expect(try await fleet.json("/system")["storage"]["artifact_bytes"].int == 0)
        #expect(try await fleet.delete("/artifacts/\(id)").code == .notFound)
    }

    @Test func aCompletedJobDoesNotHoldItsArtifact() async throws {
        let fleet = try FleetHarness()
        defer { fleet.close() }
        let id = try #require(try await fleet.upload("app.bin", testBytes(count: 100, seed: 4))["artifact_id"].string)
        try await fleet.register("worker-03")
        let job = try await fleet.createJob(Seed.fileJob(["worker-03"], artifactID: id))
        try #require(try await fleet.action("install", job).code == .changed)
        try await fleet.reportSuccess(job, "worker-03")
        #expect(try await fleet.delete("/artifacts/\(id)").code == .deleted)
    }

    @Test func theSameContentTwiceIsTwoArtifactsOverOneFile() async throws {
        let fleet = try FleetHarness()
        defer { fleet.close() }
        let bytes = testBytes(count: 4096, seed: 5)
        let first = try await fleet.upload("a.bin", bytes)
        let second = try await fleet.upload("b.bin", bytes)
        let firstID = try #require(first["artifact_id"].string)
        let secondID = try #require(second["artifact_id"].string)
        #expect(firstID != secondID)
        #expect(first["sha256"] == second["sha256"])
        #expect(try await fleet.json("/system")["storage"]["artifact_bytes"].int == bytes.count)

        #expect(try await fleet.delete("/artifacts/\(firstID)").code == .deleted)
        #expect(try await fleet.client.download("\(fleet.base)/artifacts/\(secondID)") == bytes, "the shared file stays")
        #expect(try await fleet.delete("/artifacts/\(secondID)").code == .deleted)
        #expect(try await fleet.json("/system")["storage"]["artifact_bytes"].int == 0)
    }

    @Test(arguments: [("", "missing_field"), ("?name=", "missing_field"), ("?name=.hidden", "invalid_value"),
                      ("?name=a%2Fb", "invalid_value"), ("?name=..", "invalid_value"), ("?name=..%2Fetc%2Fpasswd", "invalid_value"),
                      ("?name=" + String(repeating: "n", count: 129), "invalid_value")])
    func anUploadNeedsAGoodName(query: String, error: String) async throws {
        let fleet = try FleetHarness()
        defer { fleet.close() }
        let answer = try await fleet.send(.post, "/artifacts\(query)", payload: [1, 2, 3], format: .octetStream)
        #expect(answer.code == .badRequest)
        #expect(try answer.errorBody().error == error)
        #expect(try await fleet.counts()["artifacts"].int == 0)
    }

    @Test func anArtifactOverTheConfiguredLimitIsRefusedAndNotKept() async throws {
        let fleet = try FleetHarness { $0.maxArtifactSize = 100_000 }
        defer { fleet.close() }
        let answer = try await fleet.send(.post, "/artifacts?name=big.bin", payload: testBytes(count: 150_000),
                                          format: .octetStream)
        #expect(answer.code == .requestEntityTooLarge)
        #expect(try answer.errorBody().error == "too_large")
        #expect(try await fleet.counts()["artifacts"].int == 0)
        #expect(try await fleet.json("/system")["storage"]["artifact_bytes"].int == 0)
        // Up to the limit is fine.
        #expect(try await fleet.send(.post, "/artifacts?name=ok.bin", payload: testBytes(count: 100_000),
                                     format: .octetStream).code == .created)
    }

    @Test func anUnknownArtifactIsNotFound() async throws {
        let fleet = try FleetHarness()
        defer { fleet.close() }
        let answer = try await fleet.get("/artifacts/art-0000000000000000")
        #expect(answer.code == .notFound)
        #expect(try answer.errorBody().detail.contains("art-0000000000000000"))
    }
}
