import FoundationEssentials

/// When a node counts as offline: it has not been heard from (registration or health report)
/// for more than ``missedReportsBeforeOffline`` of its health intervals.
public enum NodeLiveness {
    /// How many health intervals may pass in silence before a node is offline.
    public static let missedReportsBeforeOffline = 3

    /// Whether a node last heard from at `lastSeen`, reporting every `healthIntervalSeconds`,
    /// is still online at `now`.
    public static func isOnline(lastSeen: Date, healthIntervalSeconds: Int, now: Date) -> Bool {
        let silence = now.timeIntervalSince1970 - lastSeen.timeIntervalSince1970
        return silence <= Double(missedReportsBeforeOffline * healthIntervalSeconds)
    }
}
