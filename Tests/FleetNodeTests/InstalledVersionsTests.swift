@testable import FleetNode
import Foundation
import Glibc
import Testing
import TestSupport

@Suite("installed versions")
struct InstalledVersionsTests {
    @Test func startsEmptyWithoutAFile() throws {
        let state = try makeTemporaryDirectory("versions")
        defer { try? FileManager.default.removeItem(atPath: state) }
        let versions = InstalledVersions(stateDirectory: state)
        #expect(versions.versions.isEmpty)
        #expect(!FileManager.default.fileExists(atPath: state + "/installed-versions.json"))
    }

    @Test func recordedVersionsSurviveReopening() throws {
        let state = try makeTemporaryDirectory("versions")
        defer { try? FileManager.default.removeItem(atPath: state) }
        let versions = InstalledVersions(stateDirectory: state)
        try versions.record("1.0", for: "demo")
        try versions.record("2.3.4", for: "firmware")
        try versions.record("1.1", for: "demo")
        #expect(versions.versions == ["demo": "1.1", "firmware": "2.3.4"])

        let reopened = InstalledVersions(stateDirectory: state)
        #expect(reopened.versions == ["demo": "1.1", "firmware": "2.3.4"])
    }

    @Test func theFileIsSortedJSONWithMode0600AndNoTemporaryLeft() throws {
        let state = try makeTemporaryDirectory("versions")
        defer { try? FileManager.default.removeItem(atPath: state) }
        let versions = InstalledVersions(stateDirectory: state)
        try versions.record("2", for: "zeta")
        try versions.record("1", for: "alpha")
        let path = state + "/installed-versions.json"
        let bytes = try #require(DurableFile.read(path))
        #expect(String(decoding: bytes, as: UTF8.self) == #"{"alpha":"1","zeta":"2"}"#)
        var status = stat()
        #expect(stat(path, &status) == 0)
        #expect(status.st_mode & 0o777 == 0o600)
        #expect(try FileManager.default.contentsOfDirectory(atPath: state) == ["installed-versions.json"])
    }

    @Test func anUnreadableFileLoadsAsEmptyAndIsReplacedByTheNextRecord() throws {
        let state = try makeTemporaryDirectory("versions")
        defer { try? FileManager.default.removeItem(atPath: state) }
        let path = state + "/installed-versions.json"
        try Data("not json at all".utf8).write(to: URL(fileURLWithPath: path))
        let versions = InstalledVersions(stateDirectory: state)
        #expect(versions.versions.isEmpty)
        try versions.record("3.0", for: "demo")
        #expect(InstalledVersions(stateDirectory: state).versions == ["demo": "3.0"])
    }

    @Test func aFailedWriteLeavesTheVersionsInMemoryUnchanged() throws {
        let state = try makeTemporaryDirectory("versions")
        defer { try? FileManager.default.removeItem(atPath: state) }
        let missing = state + "/gone"
        let versions = InstalledVersions(stateDirectory: missing)
        #expect(throws: DurableFileError.self) { try versions.record("1.0", for: "demo") }
        #expect(versions.versions.isEmpty)
    }
}
