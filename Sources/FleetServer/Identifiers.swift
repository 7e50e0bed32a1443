/// Identifiers the server hands out: a prefix and 16 random hexadecimal digits.
enum Identifiers {
    static func make(prefix: String) -> String {
        var generator = SystemRandomNumberGenerator()
        let value = generator.next() as UInt64
        let hex = String(value, radix: 16)
        return "\(prefix)-\(String(repeating: "0", count: 16 - hex.count))\(hex)"
    }
}
