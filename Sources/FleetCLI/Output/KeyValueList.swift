/// Label–value lines with the values aligned, for one object (`system info`, `nodes show`).
public enum KeyValueList {
    /// The lines of `pairs`, labels padded to the longest plus two spaces; empty values are left out.
    public static func render(_ pairs: [(String, String)]) -> String {
        let kept = pairs.filter { !$0.1.isEmpty }
        let width = kept.map(\.0.count).max() ?? 0
        return kept.map { label, value in
            label + String(repeating: " ", count: width - label.count + 2) + value + "\n"
        }.joined()
    }
}
