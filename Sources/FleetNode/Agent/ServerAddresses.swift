import Glibc

/// The numeric addresses of the configured server, which alone may announce jobs to the agent.
enum ServerAddresses {
    /// Every address `host` resolves to (a literal resolves to itself), as numeric text.
    static func resolve(_ host: String) -> Set<String> {
        var hints = addrinfo()
        hints.ai_socktype = Int32(SOCK_DGRAM.rawValue)
        var results: UnsafeMutablePointer<addrinfo>?
        let name = host.hasPrefix("[") && host.hasSuffix("]") ? String(host.dropFirst().dropLast()) : host
        guard getaddrinfo(name, nil, &hints, &results) == 0 else { return [] }
        defer { freeaddrinfo(results) }
        var addresses = Set<String>()
        var current = results
        while let entry = current {
            var text = [CChar](repeating: 0, count: Int(NI_MAXHOST))
            if getnameinfo(entry.pointee.ai_addr, entry.pointee.ai_addrlen, &text, socklen_t(text.count), nil, 0, NI_NUMERICHOST) == 0 {
                addresses.insert(String(decoding: text.prefix { $0 != 0 }.map(UInt8.init(bitPattern:)), as: UTF8.self))
            }
            current = entry.pointee.ai_next
        }
        return addresses
    }
}
