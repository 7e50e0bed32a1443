/// Which observers each path has (RFC 7641), mirrored from what libcoap does so the server
/// can tell how many there are. Pure logic, driven by the server's loop thread.
struct ObserverRegistry {
    struct Key: Hashable {
        let session: UInt
        let token: [UInt8]
    }

    private var paths: [Key: String] = [:]
    private var counts: [String: Int] = [:]

    /// Records an observer; registering the same token again is harmless.
    mutating func add(session: UInt, token: [UInt8], path: String) {
        let key = Key(session: session, token: token)
        if let old = paths[key] {
            if old == path { return }
            remove(session: session, token: token)
        }
        paths[key] = path
        counts[path, default: 0] += 1
    }

    /// Forgets an observer, if it was known.
    mutating func remove(session: UInt, token: [UInt8]) {
        guard let path = paths.removeValue(forKey: Key(session: session, token: token)) else { return }
        let remaining = (counts[path] ?? 1) - 1
        counts[path] = remaining > 0 ? remaining : nil
    }

    /// Forgets every observer of a session that ended.
    mutating func removeSession(_ session: UInt) {
        for key in paths.keys where key.session == session { remove(session: key.session, token: key.token) }
    }

    /// Observers of one path.
    func count(path: String) -> Int { counts[path] ?? 0 }

    /// Observers of every path.
    var total: Int { paths.count }
}
