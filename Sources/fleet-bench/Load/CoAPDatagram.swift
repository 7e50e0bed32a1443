import CoAPCore

/// Just enough of the CoAP wire format (RFC 7252 §3) to send requests and recognise their
/// answers without libcoap: the load generator's hot path encodes and decodes with this.
enum CoAPDatagram {
    /// The message type, the two `T` bits of the first header byte (RFC 7252 §3).
    enum MessageType: UInt8, Sendable {
        /// CON: the receiver must acknowledge it.
        case confirmable = 0
        /// NON: nobody acknowledges it.
        case nonConfirmable = 1
        /// ACK: acknowledges a CON, possibly carrying the response (piggybacked).
        case acknowledgement = 2
        /// RST: the receiver could not process a message.
        case reset = 3
    }

    /// The parts of a received message the load generator matches and counts.
    struct Response: Equatable, Sendable {
        /// CON, NON, ACK or RST.
        let type: MessageType
        /// The response code; 0.00 for an empty message (a bare ACK or RST).
        let code: CoAPCode
        /// The message id: a piggybacked ACK or a RST carries the request's, a separate
        /// response the sender's own.
        let messageID: UInt16
        /// The token bytes read as one big-endian number (0 when there are none).
        let token: UInt64
        /// How many token bytes there were (0…8).
        let tokenLength: Int
    }

    /// Uri-Path (RFC 7252 §5.10.1): one option per path segment.
    static let uriPath: UInt16 = 11
    /// Content-Format (RFC 7252 §5.10.3).
    static let contentFormat: UInt16 = 12
    /// Uri-Query (RFC 7252 §5.10.1): one option per `name=value` argument.
    static let uriQuery: UInt16 = 15

    /// A whole request message: header, token, Uri-Path, Content-Format and Uri-Query options,
    /// and the payload after a 0xFF marker when there is one.
    static func encodeRequest(
        type: MessageType, code: CoAPCode, messageID: UInt16, token: [UInt8], path: [String], query: [String] = [],
        contentFormat: ContentFormat? = nil, payload: [UInt8] = []
    ) -> [UInt8] {
        var message: [UInt8] = []
        appendMessage(
            to: &message, type: type, code: code, messageID: messageID, token: token,
            options: encodeOptions(path: path, query: query, contentFormat: contentFormat), payload: payload)
        return message
    }

    /// The option part of a request, in option-number order with delta/length encoding.
    /// It is the same for every request of a template, so the load generator encodes it once.
    static func encodeOptions(path: [String], query: [String], contentFormat: ContentFormat?) -> [UInt8] {
        var options: [(number: UInt16, value: [UInt8])] = path.map { (uriPath, Array($0.utf8)) }
        if let contentFormat { options.append((Self.contentFormat, minimalBytes(contentFormat.rawValue))) }
        options += query.map { (uriQuery, Array($0.utf8)) }
        var bytes: [UInt8] = []
        var previous: UInt16 = 0
        for option in options {
            let delta = Int(option.number - previous)
            let length = option.value.count
            bytes.append(nibble(delta) << 4 | nibble(length))
            appendExtension(delta, to: &bytes)
            appendExtension(length, to: &bytes)
            bytes += option.value
            previous = option.number
        }
        return bytes
    }

    /// Appends a message to `buffer`: header, token (at most 8 bytes), the already encoded
    /// `options`, then the payload marker and `payload` unless it is empty.
    static func appendMessage(
        to buffer: inout [UInt8], type: MessageType, code: CoAPCode, messageID: UInt16, token: [UInt8],
        options: [UInt8], payload: [UInt8]
    ) {
        precondition(token.count <= 8, "a CoAP token has at most 8 bytes")
        buffer.append(0x40 | type.rawValue << 4 | UInt8(token.count))
        buffer.append(code.rawValue)
        buffer.append(UInt8(truncatingIfNeeded: messageID >> 8))
        buffer.append(UInt8(truncatingIfNeeded: messageID))
        buffer += token
        buffer += options
        if !payload.isEmpty {
            buffer.append(0xFF)
            buffer += payload
        }
    }

    /// An empty ACK (RFC 7252 §4.2) for the confirmable message `messageID`.
    static func emptyAcknowledgement(messageID: UInt16) -> [UInt8] {
        [0x40 | MessageType.acknowledgement.rawValue << 4, 0, UInt8(truncatingIfNeeded: messageID >> 8), UInt8(truncatingIfNeeded: messageID)]
    }

    /// The header and token of a received message; nil for anything that is not CoAP version 1
    /// or is shorter than its header and token. Options and payload are not looked at.
    static func decodeResponse(_ bytes: [UInt8]) -> Response? {
        bytes.withUnsafeBytes { decodeResponse($0) }
    }

    /// ``decodeResponse(_:)-([UInt8])`` over raw bytes, as they come from `recv` (no copy).
    static func decodeResponse(_ bytes: UnsafeRawBufferPointer) -> Response? {
        guard bytes.count >= 4, bytes[0] >> 6 == 1 else { return nil }
        let tokenLength = Int(bytes[0] & 0x0F)
        guard tokenLength <= 8, bytes.count >= 4 + tokenLength,
            let type = MessageType(rawValue: bytes[0] >> 4 & 0x03)
        else { return nil }
        var token: UInt64 = 0
        for index in 4..<(4 + tokenLength) { token = token << 8 | UInt64(bytes[index]) }
        return Response(
            type: type, code: CoAPCode(rawValue: bytes[1]), messageID: UInt16(bytes[2]) << 8 | UInt16(bytes[3]),
            token: token, tokenLength: tokenLength)
    }

    /// An option value as an unsigned integer in as few bytes as it needs (RFC 7252 §3.2).
    private static func minimalBytes(_ value: UInt16) -> [UInt8] {
        switch value {
        case 0: []
        case 1...0xFF: [UInt8(value)]
        default: [UInt8(value >> 8), UInt8(truncatingIfNeeded: value)]
        }
    }

    /// The 4-bit field for an option delta or length (RFC 7252 §3.1): the value itself below
    /// 13, else 13 or 14 announcing one or two extension bytes.
    private static func nibble(_ value: Int) -> UInt8 {
        switch value {
        case ..<13: UInt8(value)
        case ..<269: 13
        default: 14
        }
    }

    /// The extension bytes that go with ``nibble(_:)``, if any.
    private static func appendExtension(_ value: Int, to bytes: inout [UInt8]) {
        switch value {
        case ..<13: break
        case ..<269: bytes.append(UInt8(value - 13))
        default:
            let extended = value - 269
            bytes.append(UInt8(truncatingIfNeeded: extended >> 8))
            bytes.append(UInt8(truncatingIfNeeded: extended))
        }
    }
}
