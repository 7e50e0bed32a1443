/// Chooses which part of a response body goes into one response (RFC 7959 §2.4).
enum BlockSlicer {
    /// The bytes to send and the Block2 option to attach (nil: the whole body, no option).
    struct Slice: Equatable {
        let range: Range<Int>
        let block: BlockOption?
    }

    /// Slices a body of `length` bytes for a request that asked for `requested` (or nothing),
    /// with the server preferring blocks of `2^(preferredSZX+4)` bytes. Nil when the requested
    /// block lies past the end.
    static func slice(length: Int, requested: BlockOption?, preferredSZX: UInt8) -> Slice? {
        let preferredSize = 1 << (Int(preferredSZX) + 4)
        guard let requested else {
            if length <= preferredSize { return Slice(range: 0..<length, block: nil) }
            return Slice(range: 0..<preferredSize, block: BlockOption(number: 0, more: true, szx: preferredSZX))
        }
        // The server may answer with a smaller block than asked for, never a larger one.
        let szx = min(requested.szx, preferredSZX)
        let size = 1 << (Int(szx) + 4)
        let number = UInt32(requested.offset / size)
        let start = Int(number) * size
        guard start < length || (start == 0 && length == 0) else { return nil }
        let end = min(start + size, length)
        return Slice(range: start..<end, block: BlockOption(number: number, more: end < length, szx: szx))
    }

    /// A 64-bit FNV-1a digest of the body, used as its entity tag.
    static func entityTag(of bytes: [UInt8]) -> [UInt8] {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in bytes {
            hash ^= UInt64(byte)
            hash &*= 0x100_0000_01b3
        }
        return withUnsafeBytes(of: hash.bigEndian) { Array($0) }
    }
}
