import FleetModel
import FoundationEssentials

/// Times as people read them in listings: `just now`, `12 s ago`, `3 min ago`, `in 2 min`, or the
/// date for anything a month or more away.
public enum RelativeTime {
    /// How long ago `date` was at `now`, in the largest whole unit, rounded down: under 5 s
    /// `just now`; under a minute `12 s ago`; under an hour `3 min ago`; under a day `5 h ago`;
    /// under 30 days `4 d ago`; otherwise the UTC date (`2026-11-02`). A `date` after `now`
    /// (clock skew between server and operator) reads `in 3 min`, with the same units.
    public static func describe(_ date: Date, now: Date) -> String {
        let difference = now.timeIntervalSince1970 - date.timeIntervalSince1970
        let seconds = abs(difference)
        let amount: String
        switch seconds {
        case ..<5:
            return "just now"
        case ..<60:
            amount = "\(Int(seconds)) s"
        case ..<3600:
            amount = "\(Int(seconds) / 60) min"
        case ..<86_400:
            amount = "\(Int(seconds) / 3600) h"
        case ..<(30 * 86_400):
            amount = "\(Int(seconds) / 86_400) d"
        default:
            return String(UTCTimestamp.string(from: date).prefix(10))
        }
        return difference >= 0 ? amount + " ago" : "in " + amount
    }

    /// The instant of a server timestamp, ISO 8601 in UTC (`2026-12-04T21:26:42Z`), optionally
    /// with a fraction of a second (`2026-12-04T21:26:42.250Z`); nil when `timestamp` is not one.
    /// (Offsets such as `+02:00` are accepted too, as ``UTCTimestamp/date(from:)`` reads them.)
    public static func parse(_ timestamp: String) -> Date? {
        UTCTimestamp.date(from: timestamp)
    }
}
