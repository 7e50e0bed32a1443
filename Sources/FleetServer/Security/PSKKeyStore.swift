import FleetModel
import Glibc
import Synchronization

/// The identities the server knows, each with its role and, in PSK mode, its key, kept in
/// `<data>/security/psk.json` (the directory 0700, the file 0600, written atomically). A key is
/// 32 random bytes written as 64 hex digits; the PSK both sides use is that text.
public final class PSKKeyStore: Sendable {
    /// The roles an identity can have.
    public enum Role: String, Codable, Sendable {
        case admin
        case node
    }

    private struct Entry: Codable, Sendable, Equatable {
        var key: String
        var role: Role
    }

    private struct Document: Codable {
        var identities: [String: Entry]
    }

    /// The file.
    public let path: String
    private let entries: Mutex<[String: Entry]>

    /// Opens the key store of `dataDirectory`; an absent file holds no identities.
    public init(dataDirectory: String) throws(FileError) {
        path = "\(dataDirectory)/security/psk.json"
        guard let bytes = FileSystem.read(path) else {
            entries = Mutex([:])
            return
        }
        guard let document = try? JSONCoding.decode(Document.self, from: bytes) else {
            throw FileError(path: path, operation: "read (not a key store)")
        }
        entries = Mutex(document.identities)
    }

    /// The key of `identity` (the bytes of its 64 hex digits), nil for an unknown identity or a
    /// certificate name (which has a role but no key).
    public func key(for identity: String) -> [UInt8]? {
        entries.withLock { $0[identity] }.flatMap { $0.key.isEmpty ? nil : Array($0.key.utf8) }
    }

    /// The role of `identity`, nil when unknown.
    public func role(of identity: String) -> Role? {
        entries.withLock { $0[identity]?.role }
    }

    /// Creates a new random key for `identity` with `role` (replacing any earlier key), stores
    /// it, and returns it: the only time it is shown.
    public func add(_ identity: String, role: Role) throws(FileError) -> String {
        var generator = SystemRandomNumberGenerator()
        let key = SHA256.hexString((0..<32).map { _ in UInt8.random(in: 0...255, using: &generator) })
        try change { $0[identity] = Entry(key: key, role: role) }
        return key
    }

    /// Gives the certificate name `identity` the role `role` (PKI mode: the certificate proves
    /// the identity, so there is no key).
    public func addCertificateName(_ identity: String, role: Role) throws(FileError) {
        try change { $0[identity] = Entry(key: "", role: role) }
    }

    /// Removes `identity`; false when there was none. New handshakes with its key fail at once.
    public func remove(_ identity: String) throws(FileError) -> Bool {
        guard role(of: identity) != nil else { return false }
        try change { $0[identity] = nil }
        return true
    }

    /// Applies `edit` to the identities and writes them, durably, before they take effect.
    private func change(_ edit: (inout [String: Entry]) -> Void) throws(FileError) {
        try entries.withLock { entries throws(FileError) in
            var updated = entries
            edit(&updated)
            let bytes: [UInt8]
            do {
                bytes = try JSONCoding.encode(Document(identities: updated))
            } catch {
                throw FileError(path: path, operation: "encode")
            }
            let directory = String(path[..<(path.lastIndex(of: "/") ?? path.startIndex)])
            try FileSystem.makeDirectories(directory)
            chmod(directory, 0o700)
            try FileSystem.writeAtomically(bytes, to: path, mode: 0o600)
            entries = updated
        }
    }
}
