import CCrypto

/// Ed25519 signatures (RFC 8032) through OpenSSL's libcrypto, for signed update manifests.
/// Keys travel as 64 lowercase hex digits: the 32-byte private seed, or the 32-byte public key.
public enum Ed25519 {
    /// A new key pair: (private seed, public key), each as 64 hex digits.
    public static func generate() -> (privateKey: String, publicKey: String)? {
        var generator = SystemRandomNumberGenerator()
        let seed = (0..<32).map { _ in UInt8.random(in: 0...255, using: &generator) }
        guard let publicKey = publicKey(ofPrivateKey: SHA256.hexString(seed)) else { return nil }
        return (SHA256.hexString(seed), publicKey)
    }

    /// The public key of the private seed `privateKey` (hex); nil when it is not a key.
    public static func publicKey(ofPrivateKey privateKey: String) -> String? {
        guard let seed = bytes(hex: privateKey), seed.count == 32,
              let key = EVP_PKEY_new_raw_private_key(EVP_PKEY_ED25519, nil, seed, 32) else { return nil }
        defer { EVP_PKEY_free(key) }
        var length = 32
        var raw = [UInt8](repeating: 0, count: 32)
        guard EVP_PKEY_get_raw_public_key(key, &raw, &length) == 1 else { return nil }
        return SHA256.hexString(raw)
    }

    /// The signature (128 hex digits) of `message` with the private seed `privateKey`.
    public static func sign(_ message: [UInt8], privateKey: String) -> String? {
        guard let seed = bytes(hex: privateKey), seed.count == 32,
              let key = EVP_PKEY_new_raw_private_key(EVP_PKEY_ED25519, nil, seed, 32),
              let context = EVP_MD_CTX_new() else { return nil }
        defer {
            EVP_MD_CTX_free(context)
            EVP_PKEY_free(key)
        }
        var length = 64
        var signature = [UInt8](repeating: 0, count: 64)
        guard EVP_DigestSignInit(context, nil, nil, nil, key) == 1,
              EVP_DigestSign(context, &signature, &length, message, message.count) == 1 else { return nil }
        return SHA256.hexString(signature)
    }

    /// Whether `signature` (hex) is `publicKey`'s (hex) signature of `message`.
    public static func verify(_ message: [UInt8], signature: String, publicKey: String) -> Bool {
        guard let raw = bytes(hex: publicKey), raw.count == 32, let signatureBytes = bytes(hex: signature), signatureBytes.count == 64,
              let key = EVP_PKEY_new_raw_public_key(EVP_PKEY_ED25519, nil, raw, 32),
              let context = EVP_MD_CTX_new() else { return false }
        defer {
            EVP_MD_CTX_free(context)
            EVP_PKEY_free(key)
        }
        return EVP_DigestVerifyInit(context, nil, nil, nil, key) == 1
            && EVP_DigestVerify(context, signatureBytes, signatureBytes.count, message, message.count) == 1
    }

    /// The bytes of lowercase or uppercase hex text; nil for anything else.
    static func bytes(hex text: String) -> [UInt8]? {
        let digits = Array(text.utf8)
        guard digits.count % 2 == 0 else { return nil }
        func value(_ digit: UInt8) -> UInt8? {
            switch digit {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit - UInt8(ascii: "A") + 10
            default: nil
            }
        }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(digits.count / 2)
        var index = 0
        while index < digits.count {
            guard let high = value(digits[index]), let low = value(digits[index + 1]) else { return nil }
            bytes.append(high << 4 | low)
            index += 2
        }
        return bytes
    }
}
