@testable import FleetNode
import FleetModel
import Foundation
import Testing
import TestSupport

@Suite("artifact verification")
struct ArtifactVerifyTests {
    /// SHA-256 of `abc` (FIPS 180-2 test vector).
    static let abcDigest = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"

    /// What `verify` throws, as text; nil when it accepts the file.
    static func rejection(_ path: String, size: Int, sha256: String) -> String? {
        do throws(ArtifactRejection) {
            try ArtifactFetcher.verify(path, size: size, sha256: sha256)
            return nil
        } catch {
            return error.description
        }
    }

    @Test func acceptsTheRightSizeAndDigest() throws {
        let directory = try makeTemporaryDirectory("verify")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = directory + "/a.artifact"
        try Data("abc".utf8).write(to: URL(fileURLWithPath: path))
        #expect(Self.rejection(path, size: 3, sha256: Self.abcDigest) == nil)
    }

    @Test func acceptsAnEmptyArtifact() throws {
        let directory = try makeTemporaryDirectory("verify")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = directory + "/empty.artifact"
        try Data().write(to: URL(fileURLWithPath: path))
        let empty = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
        #expect(Self.rejection(path, size: 0, sha256: empty) == nil)
    }

    @Test func acceptsAnArtifactLargerThanOneReadBuffer() throws {
        let directory = try makeTemporaryDirectory("verify")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = directory + "/big.artifact"
        let bytes = (0..<((1 << 20) * 2 + 12345)).map { UInt8(truncatingIfNeeded: $0 &* 7 &+ ($0 >> 11)) }
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        let digest = SHA256.hex(of: bytes)
        #expect(SHA256.hex(ofFileAt: path) == digest)
        #expect(Self.rejection(path, size: bytes.count, sha256: digest) == nil)
    }

    @Test func rejectsAWrongSizeNamingBothSizes() throws {
        let directory = try makeTemporaryDirectory("verify")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = directory + "/a.artifact"
        try Data("abc".utf8).write(to: URL(fileURLWithPath: path))
        let message = try #require(Self.rejection(path, size: 4, sha256: Self.abcDigest))
        #expect(message.contains("size mismatch"))
        #expect(message.contains("expected 4 bytes"))
        #expect(message.contains("got 3"))
        #expect(message.contains("nothing installed"))
    }

    @Test func rejectsAWrongDigestNamingBothDigests() throws {
        let directory = try makeTemporaryDirectory("verify")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = directory + "/a.artifact"
        try Data("abd".utf8).write(to: URL(fileURLWithPath: path))
        let actual = SHA256.hex(of: Array("abd".utf8))
        #expect(actual != Self.abcDigest)
        let message = try #require(Self.rejection(path, size: 3, sha256: Self.abcDigest))
        #expect(message.contains("SHA-256 mismatch"))
        #expect(message.contains("expected \(Self.abcDigest)"))
        #expect(message.contains("got \(actual)"))
    }

    @Test func rejectsAMissingFile() throws {
        let directory = try makeTemporaryDirectory("verify")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let message = try #require(Self.rejection(directory + "/absent", size: 3, sha256: Self.abcDigest))
        #expect(message.contains("size mismatch"))
        #expect(message.contains("expected 3 bytes"))
    }
}
