/// The client side of one request's exchanges: a single message, or a Block1 upload followed
/// by a Block2 download (RFC 7959 §2.5–2.6). Pure logic: it says which message to send next;
/// the client's loop thread sends it.
struct BlockwiseTransfer {
    /// The next message to send.
    struct Outgoing: Equatable {
        var block1: BlockOption?
        var block2: BlockOption?
        var size1: UInt32?
        /// The part of the request payload this message carries.
        var payload: Range<Int>
        /// Only the first message of an observation carries Observe.
        var isFirst: Bool
    }

    enum Action {
        case send(Outgoing)
        case complete(CoAPResponse)
        case fail(CoAPError)
        /// A block of the body arrived; pass it on and keep going.
        case progress(TransferProgress, Outgoing?)
    }

    private enum Phase {
        case upload(next: Int, szx: UInt8)
        case download(next: UInt32, szx: UInt8)
    }

    let payloadSize: Int
    let maxBodySize: Int
    /// When true the body is handed out block by block (``lastChunk``) instead of collected.
    let streaming: Bool
    /// The bytes the last download block added, at their offset in the body.
    private(set) var lastChunk: (offset: Int, bytes: ArraySlice<UInt8>)?
    private let preferredSZX: UInt8
    private let requestedOffset: Int
    private var phase: Phase
    private var header: (code: CoAPCode, contentFormat: ContentFormat?, options: [CoAPOption])?
    private var body: [UInt8] = []
    private var entityTag: [UInt8]?
    private var total: Int?
    private var restarts = 0

    /// A transfer for a request with `payloadSize` bytes of payload that wants the response
    /// body from `offset` on.
    init(payloadSize: Int, offset: Int, blockSize: Int, maxBodySize: Int, streaming: Bool = false) {
        self.payloadSize = payloadSize
        self.maxBodySize = maxBodySize
        self.streaming = streaming
        self.preferredSZX = BlockOption.szx(forSize: blockSize)
        self.requestedOffset = max(0, offset)
        let size = 1 << (Int(preferredSZX) + 4)
        if payloadSize > size {
            phase = .upload(next: 0, szx: preferredSZX)
        } else {
            phase = .download(next: UInt32(requestedOffset / size), szx: preferredSZX)
        }
    }

    /// The first message.
    var first: Outgoing {
        switch phase {
        case .upload(_, let szx):
            let size = 1 << (Int(szx) + 4)
            return Outgoing(block1: BlockOption(number: 0, more: true, szx: szx), block2: nil,
                            size1: UInt32(clamping: payloadSize), payload: 0..<size, isFirst: true)
        case .download(let next, let szx):
            // Ask for a block explicitly only when resuming; otherwise let the server choose.
            let block2 = next > 0 ? BlockOption(number: next, more: false, szx: szx) : nil
            return Outgoing(block1: nil, block2: block2, size1: nil, payload: 0..<payloadSize, isFirst: true)
        }
    }

    /// Takes one response and says what to do next.
    mutating func receive(code: CoAPCode, contentFormat: ContentFormat?, options: [CoAPOption], payload: [UInt8]) -> Action {
        switch phase {
        case .upload(let next, let szx):
            return receiveDuringUpload(code: code, contentFormat: contentFormat, options: options, payload: payload, next: next, szx: szx)
        case .download(let next, let szx):
            return receiveDuringDownload(code: code, contentFormat: contentFormat, options: options, payload: payload, expected: next, szx: szx)
        }
    }

    private mutating func receiveDuringUpload(
        code: CoAPCode, contentFormat: ContentFormat?, options: [CoAPOption], payload: [UInt8], next: Int, szx: UInt8
    ) -> Action {
        let sent = BlockOption(number: UInt32(next), more: true, szx: szx)
        let sentEnd = min(sent.offset + sent.size, payloadSize)
        if code == .continue {
            // The server may ask for smaller blocks from now on (RFC 7959 §2.5).
            let serverSZX = options.first(.block1).flatMap { BlockOption($0.value) }?.szx ?? szx
            let newSZX = min(szx, serverSZX)
            let newSize = 1 << (Int(newSZX) + 4)
            guard sentEnd < payloadSize, sentEnd % newSize == 0 else {
                return .fail(CoAPError(.transport, "server answered 2.31 Continue to the final block"))
            }
            let number = sentEnd / newSize
            phase = .upload(next: number, szx: newSZX)
            let end = min(sentEnd + newSize, payloadSize)
            let outgoing = Outgoing(block1: BlockOption(number: UInt32(number), more: end < payloadSize, szx: newSZX),
                                    block2: nil, size1: nil, payload: sentEnd..<end, isFirst: false)
            return .progress(TransferProgress(direction: .upload, completed: sentEnd, total: payloadSize), outgoing)
        }
        if code.isError {
            return .fail(.response(code, contentFormat: contentFormat, payload: payload, options: options))
        }
        // The final answer to the upload; its body may itself come block-wise.
        phase = .download(next: 0, szx: preferredSZX)
        return receiveDuringDownload(code: code, contentFormat: contentFormat, options: options, payload: payload, expected: 0, szx: preferredSZX)
    }

    private mutating func receiveDuringDownload(
        code: CoAPCode, contentFormat: ContentFormat?, options: [CoAPOption], payload: [UInt8], expected: UInt32, szx: UInt8
    ) -> Action {
        lastChunk = nil
        if code.isError {
            return .fail(.response(code, contentFormat: contentFormat, payload: payload, options: options))
        }
        guard let blockOption = options.first(.block2) else {
            // The whole body in one message.
            let skip = min(requestedOffset, payload.count)
            lastChunk = (requestedOffset, payload[skip...])
            return .complete(CoAPResponse(code: code, contentFormat: contentFormat,
                                          payload: streaming ? [] : Array(payload[skip...]), options: options))
        }
        guard let block = BlockOption(blockOption.value) else {
            return .fail(CoAPError(.transport, "malformed Block2 option in the response"))
        }
        let expectedOffset = Int(expected) * (1 << (Int(szx) + 4))
        guard block.offset == expectedOffset || (expected == 0 && header == nil && block.number == 0) else {
            return .fail(CoAPError(.transport, "server sent block \(block.number) at offset \(block.offset), expected offset \(expectedOffset)"))
        }
        guard block.more == false || payload.count == block.size else {
            return .fail(CoAPError(.transport, "block \(block.number) has \(payload.count) bytes, expected \(block.size)"))
        }
        let tag = options.first(.eTag)?.value
        if let entityTag, let tag, tag != entityTag {
            // The representation changed mid-transfer: start over, once or twice, when the
            // whole body is wanted; a resumed transfer cannot mix two versions.
            guard requestedOffset == 0, restarts < 2 else {
                return .fail(CoAPError(.transport, "the resource changed during the block-wise transfer (ETag differs)"))
            }
            restarts += 1
            body.removeAll()
            header = nil
            self.entityTag = nil
            phase = .download(next: 0, szx: szx)
            return .send(Outgoing(block1: nil, block2: BlockOption(number: 0, more: false, szx: szx), size1: nil, payload: 0..<0, isFirst: false))
        }
        if header == nil {
            header = (code, contentFormat, options.filter { $0.number != .block2 && $0.number != .size2 })
            entityTag = tag
            total = options.first(.size2).map { Int($0.uintValue) }
        }
        if let total, total > maxBodySize, !streaming {
            return .fail(CoAPError(.tooLarge, "the body of \(total) bytes exceeds the limit of \(maxBodySize) bytes"))
        }
        let skip = min(max(0, requestedOffset - block.offset), payload.count)
        lastChunk = (block.offset + skip, payload[skip...])
        if !streaming { body.append(contentsOf: payload[skip...]) }
        guard streaming || requestedOffset + body.count <= maxBodySize else {
            return .fail(CoAPError(.tooLarge, "the body exceeds the limit of \(maxBodySize) bytes"))
        }
        let completed = block.offset + payload.count
        guard block.more else {
            let header = self.header!
            return .complete(CoAPResponse(code: header.code, contentFormat: header.contentFormat, payload: body, options: header.options))
        }
        let next = block.number + 1
        phase = .download(next: next, szx: block.szx)
        let outgoing = Outgoing(block1: nil, block2: BlockOption(number: next, more: false, szx: block.szx),
                                size1: nil, payload: 0..<0, isFirst: false)
        return .progress(TransferProgress(direction: .download, completed: completed, total: total), outgoing)
    }
}
