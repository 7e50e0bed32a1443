/// Reassembles request bodies sent block-wise with Block1 (RFC 7959 §2.5), enforcing a size
/// limit before anything past it is buffered. Pure logic, driven by the server's loop thread.
struct Block1Assembler {
    /// Identifies one transfer: the same client session, method and target.
    struct Key: Hashable {
        let session: UInt
        let method: CoAPMethod
        let target: String
    }

    /// What the server answers to one block.
    enum Outcome: Equatable {
        /// Answer 2.31 Continue echoing this Block1 value.
        case needMore(BlockOption)
        /// The body is whole: run the handler with it.
        case complete([UInt8])
        /// The body is whole, in a file: run the handler with it.
        case completeSpooled(SpooledBody)
        /// Answer with this error code and diagnostic.
        case failure(CoAPCode, String)
    }

    private struct Transfer {
        /// The body so far, when held in memory.
        var body: [UInt8]
        /// The file the body goes to instead, for a resource that spools.
        var spool: SpoolFile?
        /// Bytes received so far.
        var size: Int
        var lastActivity: UInt64
    }

    /// A transfer with no block for this long is dropped.
    let idleTimeoutMilliseconds: UInt64
    /// At most this many transfers are in progress at once.
    let maxTransfers: Int
    /// At most this many bytes are held across all transfers; past it, uploads are refused
    /// with 5.03 until others finish, so many large uploads cannot exhaust memory.
    let maxBufferedBytes: Int
    private var transfers: [Key: Transfer] = [:]

    init(idleTimeoutMilliseconds: UInt64 = 60_000, maxTransfers: Int = 256, maxBufferedBytes: Int = 256 << 20) {
        self.maxBufferedBytes = maxBufferedBytes
        self.idleTimeoutMilliseconds = idleTimeoutMilliseconds
        self.maxTransfers = maxTransfers
    }

    /// Number of transfers in progress.
    var count: Int { transfers.count }

    /// Bytes held in memory by every transfer in progress (spooled ones hold none).
    var bufferedBytes: Int { transfers.values.reduce(0) { $0 + $1.body.count } }

    /// Takes one block of a body that may grow to `limit` bytes; `size1` is the client's size
    /// indication, when sent. With `spoolDirectory`, a body of more than one block goes to a
    /// file there instead of memory.
    mutating func receive(
        _ block: BlockOption, payload: [UInt8], size1: UInt32?, limit: Int, key: Key, now: UInt64,
        spoolDirectory: String? = nil
    ) -> Outcome {
        if let size1, Int(size1) > limit {
            drop(key)
            return .failure(.requestEntityTooLarge, "body of \(size1) bytes exceeds the limit of \(limit) bytes")
        }
        if block.more && payload.count != block.size {
            drop(key)
            return .failure(.badRequest, "block \(block.number) has \(payload.count) bytes, expected \(block.size)")
        }
        if block.number == 0 {
            guard payload.count <= limit else {
                return .failure(.requestEntityTooLarge, "body exceeds the limit of \(limit) bytes")
            }
            guard block.more else {
                drop(key)
                return .complete(payload)
            }
            removeStale(now: now)
            drop(key)
            guard transfers.count < maxTransfers, bufferedBytes + payload.count <= maxBufferedBytes else {
                return .failure(.serviceUnavailable, "too many block-wise uploads in progress; try again later")
            }
            if let spoolDirectory {
                guard let spool = SpoolFile.create(in: spoolDirectory), spool.write(payload, at: 0) else {
                    return .failure(.serviceUnavailable, "the upload cannot be stored now; try again later")
                }
                transfers[key] = Transfer(body: [], spool: spool, size: payload.count, lastActivity: now)
            } else {
                transfers[key] = Transfer(body: payload, spool: nil, size: payload.count, lastActivity: now)
            }
            return .needMore(BlockOption(number: 0, more: true, szx: block.szx))
        }
        guard var transfer = transfers[key] else {
            return .failure(.requestEntityIncomplete, "block \(block.number) arrived without block 0")
        }
        let offset = block.offset
        if offset + payload.count <= transfer.size {
            // A retransmitted block already taken: acknowledge it again.
            return block.more ? .needMore(BlockOption(number: block.number, more: true, szx: block.szx))
                : .failure(.requestEntityIncomplete, "final block \(block.number) repeated")
        }
        guard offset == transfer.size else {
            drop(key)
            return .failure(.requestEntityIncomplete, "block \(block.number) does not follow the \(transfer.size) bytes received")
        }
        guard offset + payload.count <= limit else {
            drop(key)
            return .failure(.requestEntityTooLarge, "body exceeds the limit of \(limit) bytes")
        }
        if let spool = transfer.spool {
            guard spool.write(payload, at: offset) else {
                drop(key)
                return .failure(.serviceUnavailable, "the upload cannot be stored now; try again later")
            }
        } else {
            guard bufferedBytes + payload.count <= maxBufferedBytes else {
                drop(key)
                return .failure(.serviceUnavailable, "too many block-wise uploads in progress; try again later")
            }
            transfers[key] = nil  // Keep the array uniquely referenced while appending.
            transfer.body.append(contentsOf: payload)
        }
        transfer.size += payload.count
        transfer.lastActivity = now
        guard block.more else {
            transfers[key] = nil
            if let spool = transfer.spool {
                spool.finish()
                return .completeSpooled(SpooledBody(path: spool.path, size: transfer.size))
            }
            return .complete(transfer.body)
        }
        transfers[key] = transfer
        return .needMore(BlockOption(number: block.number, more: true, szx: block.szx))
    }

    /// Ends the transfer of `key`, deleting its spool file.
    private mutating func drop(_ key: Key) {
        transfers.removeValue(forKey: key)?.spool?.discard()
    }

    /// Drops every transfer of a session that ended.
    mutating func removeSession(_ session: UInt) {
        for key in transfers.keys where key.session == session { drop(key) }
    }

    /// Drops transfers idle for longer than the timeout.
    mutating func removeStale(now: UInt64) {
        for (key, transfer) in transfers where now &- transfer.lastActivity >= idleTimeoutMilliseconds { drop(key) }
    }
}
