import FleetModel
import Glibc
import Synchronization

/// The version of each update name installed on this node, kept in `installed-versions.json`
/// in the state directory; sent with every registration and shown by `GET /system`.
final class InstalledVersions: Sendable {
    private let path: String
    private let state: Mutex<[String: String]>

    /// Loads the versions from `stateDirectory` (none when the file is absent or unreadable);
    /// `file` names another map of the same kind (the manifest sequences).
    init(stateDirectory: String, file: String = "installed-versions.json") {
        path = "\(stateDirectory)/\(file)"
        state = Mutex(DurableFile.read(path).flatMap { try? JSONCoding.decode([String: String].self, from: $0) } ?? [:])
    }

    /// Update name → installed version.
    var versions: [String: String] {
        state.withLock { $0 }
    }

    /// Records `version` as installed for `name`, durably.
    func record(_ version: String, for name: String) throws(DurableFileError) {
        try state.withLock { versions throws(DurableFileError) in
            var updated = versions
            updated[name] = version
            let bytes: [UInt8]
            do {
                bytes = try JSONCoding.encode(updated)
            } catch {
                throw DurableFileError(path, "cannot encode the versions")
            }
            try DurableFile.write(bytes, to: path)
            versions = updated
        }
    }
}
