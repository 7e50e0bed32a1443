import CLibCoAP
import Glibc

/// Address helpers between Swift strings and libcoap's `coap_address_t`.
enum SocketAddress {
    /// Resolves `host` (numeric or a name) and `port` to an address libcoap can use.
    ///
    /// An empty host, `*` or `::` means every interface (IPv6 wildcard, which on Linux also
    /// accepts IPv4); `0.0.0.0` is the IPv4 wildcard.
    static func resolve(host: String, port: UInt16) throws(CoAPError) -> coap_address_t {
        let name = (host.isEmpty || host == "*") ? "::" : host
        var hints = addrinfo()
        hints.ai_family = AF_UNSPEC
        hints.ai_socktype = Int32(SOCK_DGRAM.rawValue)
        hints.ai_flags = AI_NUMERICSERV
        var result: UnsafeMutablePointer<addrinfo>?
        let status = getaddrinfo(name, String(port), &hints, &result)
        guard status == 0, let first = result else {
            throw CoAPError(.invalidArgument, "cannot resolve host '\(host)': \(String(cString: gai_strerror(status)))")
        }
        defer { freeaddrinfo(result) }
        var address = coap_address_t()
        coap_address_init(&address)
        let length = Int(first.pointee.ai_addrlen)
        guard length <= MemoryLayout.size(ofValue: address.addr) else {
            throw CoAPError(.invalidArgument, "unsupported address family for '\(host)'")
        }
        withUnsafeMutableBytes(of: &address.addr) { destination in
            destination.copyMemory(from: UnsafeRawBufferPointer(start: first.pointee.ai_addr, count: length))
        }
        address.size = socklen_t(length)
        return address
    }

    /// The numeric host and port of an address.
    static func describe(_ address: UnsafePointer<coap_address_t>) -> (host: String, port: UInt16) {
        var buffer = [CChar](repeating: 0, count: Int(INET6_ADDRSTRLEN) + 1)
        let family = Int32(address.pointee.addr.sa.sa_family)
        var port: UInt16 = 0
        if family == AF_INET {
            var sin = address.pointee.addr.sin
            port = UInt16(bigEndian: sin.sin_port)
            _ = inet_ntop(AF_INET, &sin.sin_addr, &buffer, socklen_t(buffer.count))
        } else if family == AF_INET6 {
            var sin6 = address.pointee.addr.sin6
            port = UInt16(bigEndian: sin6.sin6_port)
            _ = inet_ntop(AF_INET6, &sin6.sin6_addr, &buffer, socklen_t(buffer.count))
        }
        let host = String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        return (host.hasPrefix("::ffff:") ? String(host.dropFirst(7)) : host, port)
    }
}

extension SocketAddress {
    /// A free UDP port on the address, found by binding a socket *without* SO_REUSEADDR.
    ///
    /// libcoap binds server endpoints with SO_REUSEADDR, and Linux may hand the same ephemeral
    /// port to two such sockets, which then share its datagrams. Choosing the port with a
    /// probe that may not share avoids that.
    static func freePort(for address: coap_address_t) throws(CoAPError) -> UInt16 {
        var probe = address
        let family = Int32(probe.addr.sa.sa_family)
        let descriptor = socket(family, Int32(SOCK_DGRAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard descriptor >= 0 else { throw CoAPError(.transport, "socket failed: \(errnoText())") }
        defer { close(descriptor) }
        if family == AF_INET6 {
            var off: Int32 = 0
            setsockopt(descriptor, Int32(IPPROTO_IPV6), IPV6_V6ONLY, &off, socklen_t(MemoryLayout<Int32>.size))
        }
        coap_address_set_port(&probe, 0)
        var length = probe.size
        let bound = withUnsafeMutablePointer(to: &probe.addr) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { raw in
                bind(descriptor, raw, length) == 0 && getsockname(descriptor, raw, &length) == 0
            }
        }
        guard bound else { throw CoAPError(.transport, "cannot bind a UDP socket: \(errnoText())") }
        return coap_address_get_port(&probe)
    }
}
