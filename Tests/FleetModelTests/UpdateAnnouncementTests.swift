import FleetModel
import Testing

@Suite struct UpdateAnnouncementTests {
    private static let digest = String(repeating: "ab", count: 32)
    private static func file(sha256: String = digest, name: String? = "app.bin", path: String = "/opt/app/app.bin") -> UpdateAnnouncement {
        UpdateAnnouncement(
            jobID: "job-1", name: "app", version: "1.0", packageType: .file, artifactID: "art-1", artifactName: name,
            artifactSHA256: sha256, artifactSize: 10, artifactPath: "artifacts/art-1", installPath: path)
    }

    @Test func aCompleteFileAnnouncementIsValidAndRoundTrips() throws {
        let announcement = Self.file()
        try announcement.validate()
        #expect(try Payload.decode(UpdateAnnouncement.self, from: Payload.encode(announcement)) == announcement)
    }

    @Test func omittedTimeoutAndShellTakeTheirDefaults() throws {
        let decoded = try Payload.decode(
            UpdateAnnouncement.self, from: Array(#"{"job_id":"j","name":"n","version":"1","package_type":"pip"}"#.utf8))
        #expect(decoded.commandTimeoutSeconds == UpdateCreation.defaultCommandTimeoutSeconds)
        #expect(decoded.shell == false)
    }

    @Test(arguments: [
        (file(sha256: "ABCD"), "artifact_sha256"),
        (file(sha256: String(repeating: "AB", count: 32)), "artifact_sha256"),
        (file(name: "../evil.whl"), "artifact_name"),
        (file(path: "/opt/../etc/shadow"), "install_path"),
        (file(path: "relative/path"), "install_path"),
    ])
    func brokenAnnouncementsNameTheField(announcement: UpdateAnnouncement, field: String) {
        #expect(throws: PayloadError.self) { try announcement.validate() }
        do {
            try announcement.validate()
        } catch {
            #expect(error.detail.contains(field), "\(error.detail)")
        }
    }

    @Test func anArtifactWithoutItsDigestIsMissingAField() {
        var announcement = Self.file()
        announcement.artifactSHA256 = nil
        #expect(throws: PayloadError.self) { try announcement.validate() }
    }
}
