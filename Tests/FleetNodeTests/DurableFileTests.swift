@testable import FleetNode
import Foundation
import Glibc
import Testing
import TestSupport

@Suite("durable file")
struct DurableFileTests {
    static func mode(of path: String) -> mode_t? {
        var status = stat()
        return stat(path, &status) == 0 ? status.st_mode & 0o7777 : nil
    }

    @Test func writeThenReadRoundTripsTheBytes() throws {
        let directory = try makeTemporaryDirectory("durable")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = directory + "/state.bin"
        let bytes: [UInt8] = Array(0...255) + Array("hello".utf8)
        try DurableFile.write(bytes, to: path)
        #expect(DurableFile.read(path) == bytes)
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == Data(bytes))
    }

    @Test func aLargerWriteIsCompleteAndAnEmptyOneEmptiesTheFile() throws {
        let directory = try makeTemporaryDirectory("durable")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = directory + "/big.bin"
        let big = (0..<(3 << 20)).map { UInt8(truncatingIfNeeded: $0 &* 31) }
        try DurableFile.write(big, to: path)
        #expect(DurableFile.read(path) == big)
        try DurableFile.write([], to: path)
        #expect(DurableFile.read(path) == [])
    }

    @Test func aSecondWriteReplacesTheContentWithNoTemporaryLeft() throws {
        let directory = try makeTemporaryDirectory("durable")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = directory + "/versions.json"
        try DurableFile.write(Array("a much longer first content".utf8), to: path)
        try DurableFile.write(Array("short".utf8), to: path)
        #expect(DurableFile.read(path) == Array("short".utf8))
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory) == ["versions.json"])
    }

    @Test func writtenFilesHaveMode0600ByDefault() throws {
        let directory = try makeTemporaryDirectory("durable")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = directory + "/secret"
        try DurableFile.write(Array("x".utf8), to: path)
        #expect(Self.mode(of: path) == 0o600)
        // Replacing an existing file with a wider mode also gives 0600.
        let wide = directory + "/wide"
        try Data("old".utf8).write(to: URL(fileURLWithPath: wide))
        #expect(chmod(wide, 0o644) == 0)
        try DurableFile.write(Array("new".utf8), to: wide)
        #expect(Self.mode(of: wide) == 0o600)
        #expect(DurableFile.read(wide) == Array("new".utf8))
    }

    @Test func anExplicitModeIsUsed() throws {
        let directory = try makeTemporaryDirectory("durable")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = directory + "/shared"
        try DurableFile.write(Array("x".utf8), to: path, mode: 0o640)
        #expect(Self.mode(of: path) == 0o640)
    }

    @Test func readingAMissingFileIsNil() throws {
        let directory = try makeTemporaryDirectory("durable")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        #expect(DurableFile.read(directory + "/absent") == nil)
    }

    @Test func writingIntoAMissingDirectoryThrowsNamingThePath() throws {
        let directory = try makeTemporaryDirectory("durable")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = directory + "/no/such/dir/file"
        #expect {
            try DurableFile.write(Array("x".utf8), to: path)
        } throws: { error in
            "\(error)".contains(path) && "\(error)".contains("No such file or directory")
        }
        #expect(DurableFile.read(path) == nil)
    }

    @Test func makeDirectoryCreatesParentsWithTheMode() throws {
        let directory = try makeTemporaryDirectory("durable")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = directory + "/a/b/c"
        try DurableFile.makeDirectory(path)
        var isDirectory: ObjCBool = false
        #expect(FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) && isDirectory.boolValue)
        #expect(Self.mode(of: path) == 0o700)
        // Creating it again is fine.
        try DurableFile.makeDirectory(path)
    }
}
