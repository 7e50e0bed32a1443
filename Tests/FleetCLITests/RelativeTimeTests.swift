import FleetCLI
import FoundationEssentials
import Testing

/// "just now", "12 s ago", "3 min ago", "5 h ago", "4 d ago", dates beyond 30 days, "in …" for
/// clock skew, and parsing the server's timestamps.
@Suite("RelativeTime")
struct RelativeTimeTests {
    /// 2026-12-04T21:26:42Z.
    static let now = Date(timeIntervalSince1970: 1_796_419_602)

    @Test(arguments: [
        (0.0, "just now"), (4.9, "just now"), (5, "5 s ago"), (12, "12 s ago"), (59, "59 s ago"),
        (59.9, "59 s ago"), (60, "1 min ago"), (180, "3 min ago"), (3599, "59 min ago"), (3600, "1 h ago"),
        (5 * 3600 + 59 * 60, "5 h ago"), (86_399, "23 h ago"), (86_400, "1 d ago"), (4 * 86_400, "4 d ago"),
        (30 * 86_400 - 1, "29 d ago"), (30 * 86_400, "2026-11-04"), (365 * 86_400, "2025-12-04"),
    ] as [(Double, String)])
    func past(secondsAgo: Double, expected: String) {
        #expect(RelativeTime.describe(Self.now.addingTimeInterval(-secondsAgo), now: Self.now) == expected)
    }

    @Test(arguments: [
        (4.9, "just now"), (5, "in 5 s"), (59, "in 59 s"), (60, "in 1 min"), (180, "in 3 min"),
        (3599, "in 59 min"), (3600, "in 1 h"), (86_400, "in 1 d"), (30 * 86_400 - 1, "in 29 d"),
        (30 * 86_400, "2027-01-03"),
    ] as [(Double, String)])
    func future(secondsAhead: Double, expected: String) {
        #expect(RelativeTime.describe(Self.now.addingTimeInterval(secondsAhead), now: Self.now) == expected)
    }

    @Test func parsesServerTimestamps() {
        #expect(RelativeTime.parse("2026-12-04T21:26:42Z") == Self.now)
        #expect(RelativeTime.parse("2026-12-04T21:26:42.250Z") == Self.now.addingTimeInterval(0.25))
        #expect(RelativeTime.parse("1970-01-01T00:00:00Z") == Date(timeIntervalSince1970: 0))
    }

    @Test(arguments: ["", "yesterday", "2026-13-01T00:00:00Z", "2026-02-30T00:00:00Z", "2026-12-04T24:00:00Z",
                      "2026-12-04", "2026-12-04T21:26:42Zjunk"])
    func rejectsWhatIsNotATimestamp(_ text: String) {
        #expect(RelativeTime.parse(text) == nil)
    }

    @Test func parsedTimestampsDescribeRelativeToNow() throws {
        let date = try #require(RelativeTime.parse("2026-12-04T21:23:30Z"))
        #expect(RelativeTime.describe(date, now: Self.now) == "3 min ago")
    }
}
