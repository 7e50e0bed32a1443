import CCrypto

/// SHA-256 (FIPS 180-4) through OpenSSL's libcrypto, fed in pieces: artifacts are hashed as
/// their blocks arrive, never held whole.
public struct SHA256: ~Copyable {
    private let context: OpaquePointer

    /// A fresh digest.
    public init() {
        // EVP_MD_CTX_new only fails when memory is exhausted.
        context = EVP_MD_CTX_new()!
        EVP_DigestInit_ex(context, EVP_sha256(), nil)
    }

    deinit { EVP_MD_CTX_free(context) }

    /// Adds bytes to the digest.
    public mutating func update<Bytes: Collection<UInt8>>(_ bytes: Bytes) {
        let contiguous: Void? = bytes.withContiguousStorageIfAvailable { buffer in
            _ = EVP_DigestUpdate(context, buffer.baseAddress, buffer.count)
        }
        if contiguous == nil { update(Array(bytes)) }
    }

    /// The 32-byte digest; the value is spent afterwards.
    public consuming func finalize() -> [UInt8] {
        var digest = [UInt8](repeating: 0, count: 32)
        var length: UInt32 = 0
        EVP_DigestFinal_ex(context, &digest, &length)
        return digest
    }

    /// The digest of `bytes` in lowercase hexadecimal.
    public static func hex<Bytes: Collection<UInt8>>(of bytes: Bytes) -> String {
        var digest = SHA256()
        digest.update(bytes)
        return hexString(digest.finalize())
    }

    /// Lowercase hexadecimal of any bytes.
    public static func hexString(_ bytes: [UInt8]) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var text = [UInt8]()
        text.reserveCapacity(bytes.count * 2)
        for byte in bytes {
            text.append(digits[Int(byte >> 4)])
            text.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: text, as: UTF8.self)
    }
}
