/// Keeps message payloads out of the log. At debug level libcoap prints every PDU it sends or
/// receives, payload included (`v:1 t:ACK c:2.01 … :: '{"psk_key":"…"}'`, or for a binary
/// payload a length line followed by `<<hex>>` and `<<ascii>>` lines); a payload may carry a
/// key or firmware, so only its size is logged.
enum PayloadRedaction {
    /// `line` with any payload replaced by its size, or nil for a line that is all payload.
    static func redact(_ line: String) -> String? {
        if line.hasPrefix("<<") { return nil }
        guard line.hasPrefix("v:"), let marker = line.firstRange(of: " :: ") else { return line }
        let payload = line[marker.upperBound...]
        if payload.hasPrefix("binary data length") { return line }
        return line[..<marker.upperBound] + "(\(payload.utf8.count) bytes of payload not logged)"
    }
}
