/// The value of a Block1 or Block2 option (RFC 7959 §2.2): block number, more flag, size.
public struct BlockOption: Hashable, Sendable {
    /// Block number, 0 ..< 2^20.
    public var number: UInt32
    /// True when more blocks follow.
    public var more: Bool
    /// Size exponent: the block holds `2^(szx + 4)` bytes, 16 ... 1024 (7 is BERT, TCP only).
    public var szx: UInt8

    public init(number: UInt32, more: Bool, szx: UInt8) {
        self.number = number
        self.more = more
        self.szx = szx
    }

    /// Decodes an option value; nil when it is longer than 3 bytes or uses the reserved size 7.
    public init?(_ value: [UInt8]) {
        guard value.count <= 3 else { return nil }
        let raw = value.reduce(UInt32(0)) { ($0 << 8) | UInt32($1) }
        let szx = UInt8(raw & 7)
        guard szx < 7 else { return nil }
        self.init(number: raw >> 4, more: raw & 8 != 0, szx: szx)
    }

    /// Bytes in one block of this size.
    public var size: Int { 1 << (Int(szx) + 4) }

    /// Byte offset of this block's first byte.
    public var offset: Int { Int(number) * size }

    /// The wire value of the option.
    public var encoded: [UInt8] {
        CoAPOption.encode(uint: (number << 4) | (more ? 8 : 0) | UInt32(szx))
    }

    /// The size exponent for a block size in bytes, rounded down to a power of two in 16 ... 1024.
    public static func szx(forSize size: Int) -> UInt8 {
        var szx: UInt8 = 0
        while szx < 6 && (1 << (Int(szx) + 5)) <= size { szx += 1 }
        return szx
    }
}
