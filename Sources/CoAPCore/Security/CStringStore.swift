import Glibc

/// C strings handed to libcoap that must outlive the call (PEM paths, the PSK hint): copied
/// with `strdup`, freed together once the context that uses them is gone.
final class CStringStore {
    private var strings: [UnsafeMutablePointer<CChar>] = []

    /// A C copy of `string`, valid until ``freeAll()``.
    func copy(_ string: String) -> UnsafeMutablePointer<CChar> {
        let copy = strdup(string)!
        strings.append(copy)
        return copy
    }

    /// Frees every copy; call after `coap_free_context`.
    func freeAll() {
        for string in strings { free(string) }
        strings.removeAll()
    }

    deinit { freeAll() }
}
