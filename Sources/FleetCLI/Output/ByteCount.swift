/// Sizes for people: bytes below 1 KiB, otherwise one decimal in binary units.
public enum ByteCount {
    /// The binary units above bytes, each 1024 times the one before.
    private static let units = ["KiB", "MiB", "GiB", "TiB", "PiB", "EiB"]

    /// `bytes` as `512 B`, `1.5 KiB`, `4.0 MiB`, `1.2 GiB`…: whole bytes below 1024, otherwise
    /// the smallest unit whose value, rounded to one decimal, stays below 1024 (so 1 048 575
    /// bytes is `1.0 MiB`, not `1024.0 KiB`). Negative counts get a leading `-`.
    public static func describe(_ bytes: Int) -> String {
        let sign = bytes < 0 ? "-" : ""
        let magnitude = bytes.magnitude
        guard magnitude >= 1024 else { return sign + "\(magnitude) B" }
        var value = Double(magnitude) / 1024
        var unit = 0
        while (value * 10).rounded() >= 10_240, unit < units.count - 1 {
            value /= 1024
            unit += 1
        }
        let tenths = Int((value * 10).rounded())
        return sign + "\(tenths / 10).\(tenths % 10) " + units[unit]
    }
}
