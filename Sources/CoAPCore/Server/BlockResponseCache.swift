/// Keeps a response that is being sent block by block, so later blocks come from the same
/// snapshot and the handler runs once per transfer (RFC 7959 §2.4). Keyed by client session,
/// method and full target, so two paths never share an entry.
struct BlockResponseCache {
    struct Key: Hashable {
        let session: UInt
        let method: CoAPMethod
        let target: String
    }

    struct Entry {
        let response: CoAPResponse
        let entityTag: [UInt8]
        var lastActivity: UInt64
    }

    let idleTimeoutMilliseconds: UInt64
    let maxEntries: Int
    private var entries: [Key: Entry] = [:]

    init(idleTimeoutMilliseconds: UInt64 = 30_000, maxEntries: Int = 1024) {
        self.idleTimeoutMilliseconds = idleTimeoutMilliseconds
        self.maxEntries = maxEntries
    }

    /// The cached response for a continuation request, refreshed as recently used.
    mutating func lookup(_ key: Key, now: UInt64) -> Entry? {
        guard var entry = entries[key], now &- entry.lastActivity < idleTimeoutMilliseconds else {
            entries[key] = nil
            return nil
        }
        entry.lastActivity = now
        entries[key] = entry
        return entry
    }

    /// Stores the response whose first block was just sent.
    mutating func store(_ response: CoAPResponse, entityTag: [UInt8], key: Key, now: UInt64) {
        if entries.count >= maxEntries && entries[key] == nil {
            entries = entries.filter { now &- $0.value.lastActivity < idleTimeoutMilliseconds }
            if entries.count >= maxEntries, let oldest = entries.min(by: { $0.value.lastActivity < $1.value.lastActivity }) {
                entries[oldest.key] = nil
            }
        }
        entries[key] = Entry(response: response, entityTag: entityTag, lastActivity: now)
    }

    /// Forgets a transfer whose last block was sent.
    mutating func remove(_ key: Key) { entries[key] = nil }

    /// Forgets every transfer of a session that ended.
    mutating func removeSession(_ session: UInt) {
        entries = entries.filter { $0.key.session != session }
    }
}
