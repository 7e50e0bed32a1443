import FleetModel
import Testing

@Suite struct SignedManifestTests {
    /// RFC 8032 §7.1, test 1 (an empty message).
    @Test func ed25519MatchesTheRFCVector() {
        let secret = "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60"
        let publicKey = "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a"
        let signature = "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b"
        #expect(Ed25519.publicKey(ofPrivateKey: secret) == publicKey)
        #expect(Ed25519.sign([], privateKey: secret) == signature)
        #expect(Ed25519.verify([], signature: signature, publicKey: publicKey))
        #expect(!Ed25519.verify([1], signature: signature, publicKey: publicKey))
    }

    static let job = UpdateAnnouncement(
        jobID: "job-1", name: "fw", version: "2.0", packageType: .firmware, artifactID: "art-1",
        artifactSHA256: String(repeating: "ab", count: 32), artifactSize: 1024, artifactPath: "artifacts/art-1",
        installPath: "/boot/fw.bin", healthCheck: "true")

    static func signed(_ job: UpdateAnnouncement, sequence: Int, key: String) -> UpdateAnnouncement {
        var signed = job
        signed.signedManifest = SignedManifest.sign(UpdateManifest(announcement: job, sequence: sequence), privateKey: key)
        return signed
    }

    @Test func aNodeAcceptsOnlyWhatATrustedKeySignedForThisJobWithAGreaterSequence() throws {
        let trusted = try #require(Ed25519.generate())
        let other = try #require(Ed25519.generate())
        let keys = [trusted.publicKey]
        let good = Self.signed(Self.job, sequence: 5, key: trusted.privateKey)
        #expect(SignedManifest.refusal(of: good, trustedKeys: keys, requireSigned: true, lastSequence: 4) == nil)
        #expect(SignedManifest.refusal(of: Self.job, trustedKeys: keys, requireSigned: false, lastSequence: nil) == nil)

        #expect(SignedManifest.refusal(of: Self.job, trustedKeys: keys, requireSigned: true, lastSequence: nil)?.contains("not signed") == true)
        let foreign = Self.signed(Self.job, sequence: 5, key: other.privateKey)
        #expect(SignedManifest.refusal(of: foreign, trustedKeys: keys, requireSigned: true, lastSequence: nil)?.contains("does not trust") == true)
        var forged = good
        forged.signedManifest?.manifest.installPath = "/etc/shadow"
        #expect(SignedManifest.refusal(of: forged, trustedKeys: keys, requireSigned: true, lastSequence: nil)?.contains("signature") == true)
        var tampered = good
        tampered.installPath = "/boot/other.bin"
        #expect(SignedManifest.refusal(of: tampered, trustedKeys: keys, requireSigned: true, lastSequence: nil)?.contains("does not match") == true)
        #expect(SignedManifest.refusal(of: good, trustedKeys: keys, requireSigned: true, lastSequence: 5)?.contains("not greater") == true)
    }

    @Test func aSignedManifestTravelsWithTheJob() throws {
        let pair = try #require(Ed25519.generate())
        let signed = Self.signed(Self.job, sequence: 1, key: pair.privateKey)
        #expect(try Payload.decode(UpdateAnnouncement.self, from: Payload.encode(signed)) == signed)
    }
}
