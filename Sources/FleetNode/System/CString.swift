/// Decodes NUL-terminated C character storage, such as `utsname` fields and `gethostname` buffers.
///
/// Works on raw bytes, so it is the same whether `CChar` is signed (x86-64) or unsigned (ARM).
enum CString {
    /// The UTF-8 text in `bytes` up to the first NUL, or all of it when there is none.
    static func decode(bytes: UnsafeRawBufferPointer) -> String {
        String(decoding: bytes.prefix { $0 != 0 }, as: UTF8.self)
    }

    /// The text in a fixed-size C character array imported as a tuple, such as a `utsname` field.
    static func decode<Tuple>(tuple: Tuple) -> String {
        withUnsafeBytes(of: tuple) { decode(bytes: $0) }
    }
}
