import FleetModel
import Testing

@Suite("SHA-256")
struct SHA256Tests {
    @Test func knownAnswers() {
        #expect(SHA256.hex(of: [UInt8]()) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(SHA256.hex(of: Array("abc".utf8)) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    }

    @Test func piecesGiveTheSameDigestAsTheWhole() {
        let bytes = (0..<100_000).map { UInt8(truncatingIfNeeded: $0 &* 31) }
        var digest = SHA256()
        for start in stride(from: 0, to: bytes.count, by: 1024) {
            digest.update(bytes[start..<min(start + 1024, bytes.count)])
        }
        #expect(SHA256.hexString(digest.finalize()) == SHA256.hex(of: bytes))
    }
}
