import FleetModel
import FoundationEssentials
import Testing

@Suite("UTC timestamps")
struct UTCTimestampTests {
    @Test(arguments: [
        (0.0, "1970-01-01T00:00:00Z"),
        (1_758_103_200, "2025-09-17T10:00:00Z"),
        (1_758_103_200.999, "2025-09-17T10:00:00Z"),
        (951_782_400, "2000-02-29T00:00:00Z"),
        (4_107_542_399, "2100-02-28T23:59:59Z"),
        (-1, "1969-12-31T23:59:59Z"),
        (253_402_300_799, "9999-12-31T23:59:59Z"),
    ])
    func formatsWholeSecondsWithZ(seconds: Double, text: String) {
        #expect(UTCTimestamp.string(from: Date(timeIntervalSince1970: seconds)) == text)
    }

    @Test func formattingAgreesWithFoundationEssentials() {
        let style = Date.ISO8601FormatStyle()
        for seconds in stride(from: -2_000_000_000, through: 4_000_000_000, by: 7_777_777) {
            let date = Date(timeIntervalSince1970: Double(seconds))
            #expect(UTCTimestamp.string(from: date) == style.format(date))
        }
    }

    @Test(arguments: [
        ("2025-09-17T10:00:00Z", 1_758_103_200.0),
        ("2025-09-17T10:00:00", 1_758_103_200),
        ("2025-09-17T12:00:00+02:00", 1_758_103_200),
        ("2025-09-17T09:30:00-00:30", 1_758_103_200),
        ("2025-09-17T10:00:00.25Z", 1_758_103_200.25),
        ("2025-09-17 10:00:00", 1_758_103_200),
    ])
    func parsesUTCOffsetsFractionsAndTheSeedsForm(text: String, seconds: Double) {
        #expect(UTCTimestamp.date(from: text) == Date(timeIntervalSince1970: seconds))
    }

    @Test(arguments: [
        "", "2025-09-17", "2025-13-01T00:00:00Z", "2025-02-29T00:00:00Z", "2025-09-17T24:00:00Z",
        "2025-09-17T10:00:00.Z", "2025-09-17T10:00:00Zjunk", "2025-09-17T10:00:00+2", "25-09-17T10:00:00Z",
    ])
    func refusesMalformedTimestamps(text: String) {
        #expect(UTCTimestamp.date(from: text) == nil)
    }

    @Test func roundTrips() {
        let date = Date(timeIntervalSince1970: 1_234_567_890)
        #expect(UTCTimestamp.date(from: UTCTimestamp.string(from: date)) == date)
    }
}
