/// Text progress bars for terminals: `[#########...........]  45%`.
public enum ProgressBar {
    /// A bar `width` cells wide between brackets, `#` for the part done and `.` for the rest,
    /// then the percentage right-aligned in four characters:
    /// `[#########...........]  45%` for 45 at width 20.
    ///
    /// `percent` is clamped to 0…100 (NaN counts as 0); both the cells and the number round
    /// down, so the bar shows full and `100%` only when the work is done. A negative `width`
    /// counts as 0.
    public static func render(percent: Double, width: Int) -> String {
        let clamped = percent.isNaN ? 0 : min(max(percent, 0), 100)
        let cells = max(width, 0)
        let filled = min(Int((clamped / 100 * Double(cells)).rounded(.down)), cells)
        let number = String(Int(clamped.rounded(.down))) + "%"
        let padding = String(repeating: " ", count: max(4 - number.count, 0))
        return "[" + String(repeating: "#", count: filled) + String(repeating: ".", count: cells - filled) + "] "
            + padding + number
    }

    /// A download's progress: `[####......]  40%  1.6 MiB / 4.0 MiB` when the `total` size is
    /// known, just the bytes so far (`1.6 MiB`) when it is nil. A total of 0 or less counts as
    /// finished (100%).
    public static func transfer(completed: Int, total: Int?, width: Int) -> String {
        guard let total else { return ByteCount.describe(completed) }
        let percent = total > 0 ? Double(completed) / Double(total) * 100 : 100
        return render(percent: percent, width: width) + "  " + ByteCount.describe(completed) + " / "
            + ByteCount.describe(total)
    }
}
