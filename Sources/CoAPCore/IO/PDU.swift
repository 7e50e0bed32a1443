import CLibCoAP

/// Reading and writing libcoap PDUs. Pointers passed in are borrowed for the call only.
enum PDU {
    /// Every option of `pdu`, in wire order.
    static func options(of pdu: OpaquePointer) -> [CoAPOption] {
        var iterator = coap_opt_iterator_t()
        var options: [CoAPOption] = []
        guard coap_option_iterator_init(pdu, &iterator, nil) != nil else { return options }
        while let option = coap_option_next(&iterator) {
            let length = Int(coap_opt_length(option))
            let value = length == 0 ? [] : Array(UnsafeBufferPointer(start: coap_opt_value(option), count: length))
            options.append(CoAPOption(CoAPOption.Number(rawValue: iterator.number), value: value))
        }
        return options
    }

    /// The payload carried in this one PDU.
    static func payload(of pdu: OpaquePointer) -> [UInt8] {
        var length = 0
        var data: UnsafePointer<UInt8>?
        guard coap_get_data(pdu, &length, &data) != 0, let data, length > 0 else { return [] }
        return Array(UnsafeBufferPointer(start: data, count: length))
    }

    /// The token of `pdu`.
    static func token(of pdu: OpaquePointer) -> [UInt8] {
        let token = coap_pdu_get_token(pdu)
        guard token.length > 0, let bytes = token.s else { return [] }
        return Array(UnsafeBufferPointer(start: bytes, count: token.length))
    }

    /// Adds an option; libcoap places it in number order among those already present.
    static func add(_ option: CoAPOption, to pdu: OpaquePointer) {
        option.value.withUnsafeBufferPointer {
            _ = coap_add_option(pdu, option.number.rawValue, $0.count, $0.baseAddress)
        }
    }

    /// Sets the Block2 option. libcoap 4.3.1 exports no way to replace an option, and it adds
    /// Block2 itself to a notification for an observer that asked with Block2; such a value is
    /// rewritten in place when it has the same length.
    static func setBlock2(_ block: BlockOption, in pdu: OpaquePointer) {
        let encoded = block.encoded
        var iterator = coap_opt_iterator_t()
        if let existing = coap_check_option(pdu, CoAPOption.Number.block2.rawValue, &iterator) {
            if Int(coap_opt_length(existing)) == encoded.count, let value = coap_opt_value(existing) {
                UnsafeMutablePointer(mutating: value).update(from: encoded, count: encoded.count)
            }
            return
        }
        add(CoAPOption(.block2, value: encoded), to: pdu)
    }

    /// Appends the payload; options must all be in place before.
    static func addPayload(_ bytes: UnsafeRawBufferPointer, to pdu: OpaquePointer) {
        guard bytes.count > 0 else { return }
        _ = coap_add_data(pdu, bytes.count, bytes.baseAddress!.assumingMemoryBound(to: UInt8.self))
    }

    /// Uri-Path segments and Uri-Query items split out of a list of options.
    static func splitTarget(_ options: [CoAPOption]) -> (path: [String], query: [String], rest: [CoAPOption]) {
        var path: [String] = []
        var query: [String] = []
        var rest: [CoAPOption] = []
        for option in options {
            switch option.number {
            case .uriPath: path.append(option.stringValue)
            case .uriQuery: query.append(option.stringValue)
            default: rest.append(option)
            }
        }
        return (path, query, rest)
    }
}

/// A stable key for a libcoap session: its address, valid while the session lives.
func sessionKey(_ session: OpaquePointer) -> UInt {
    UInt(bitPattern: Int(bitPattern: session))
}
