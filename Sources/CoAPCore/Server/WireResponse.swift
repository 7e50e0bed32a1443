import CLibCoAP

/// A response exactly as it goes into a libcoap PDU: code, options and the payload bytes of
/// this one message. Kept so that a retransmitted request gets the very same answer.
struct WireResponse {
    var code: CoAPCode
    var options: [CoAPOption]
    var payload: ArraySlice<UInt8>

    /// Writes code, options and payload into libcoap's response PDU (token already set).
    func emit(into pdu: OpaquePointer) {
        coap_pdu_set_code(pdu, coap_pdu_code_t(rawValue: UInt32(code.rawValue)))
        for option in options {
            if option.number == .block2, let block = BlockOption(option.value) {
                PDU.setBlock2(block, in: pdu)
            } else {
                PDU.add(option, to: pdu)
            }
        }
        payload.withUnsafeBytes { PDU.addPayload($0, to: pdu) }
    }
}

/// Answers to confirmable requests with unsafe methods, by message ID, for the exchange
/// lifetime (RFC 7252 §4.5): a retransmission whose acknowledgement was lost is answered
/// again without running the handler twice. libcoap 4.3.1 does not deduplicate requests.
struct ResponseReplayCache {
    struct Key: Hashable {
        let session: UInt
        let messageID: UInt16
        let token: [UInt8]
    }

    private struct Entry {
        let response: WireResponse
        let storedAt: UInt64
    }

    /// EXCHANGE_LIFETIME with the default transmission parameters (RFC 7252 §4.8.2).
    let lifetimeMilliseconds: UInt64
    let maxEntries: Int
    private var entries: [Key: Entry] = [:]
    private var order: [Key] = []
    private var orderStart = 0

    init(lifetimeMilliseconds: UInt64 = 247_000, maxEntries: Int = 4096) {
        self.lifetimeMilliseconds = lifetimeMilliseconds
        self.maxEntries = maxEntries
    }

    /// The stored answer to this exact message, if it is a duplicate.
    func lookup(_ key: Key, now: UInt64) -> WireResponse? {
        guard let entry = entries[key], now &- entry.storedAt < lifetimeMilliseconds else { return nil }
        return entry.response
    }

    /// Remembers an answer; the oldest answers go first when the cache is full or expired.
    mutating func store(_ response: WireResponse, key: Key, now: UInt64) {
        while orderStart < order.count,
              entries.count >= maxEntries || (entries[order[orderStart]].map { now &- $0.storedAt >= lifetimeMilliseconds } ?? true) {
            entries[order[orderStart]] = nil
            orderStart += 1
        }
        if orderStart > 1024 && orderStart * 2 > order.count {
            order.removeFirst(orderStart)
            orderStart = 0
        }
        if entries.updateValue(Entry(response: response, storedAt: now), forKey: key) == nil { order.append(key) }
    }

    /// Forgets every answer of a session that ended.
    mutating func removeSession(_ session: UInt) {
        entries = entries.filter { $0.key.session != session }
    }
}
