/// Short decimal text for health messages, without Foundation's formatters.
enum DecimalText {
    /// `value` rounded to one decimal, without a trailing `.0`: 97.54 → "97.5", 90 → "90".
    static func oneDecimal(_ value: Double) -> String {
        let rounded = (value * 10).rounded() / 10
        guard rounded.isFinite, rounded == rounded.rounded(), abs(rounded) < 1e15 else { return "\(rounded)" }
        return "\(Int(rounded))"
    }
}
