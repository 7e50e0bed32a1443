import FleetCLI
import Testing

/// `[#########...........]  45%`: clamped, rounded down, percentage right-aligned in four
/// characters; transfers with sizes.
@Suite("ProgressBar")
struct ProgressBarTests {
    @Test(arguments: [
        (45, "[#########...........]  45%"),
        (0, "[....................]   0%"),
        (5, "[#...................]   5%"),
        (100, "[####################] 100%"),
        (99.9, "[###################.]  99%"),
        (-5, "[....................]   0%"),
        (150, "[####################] 100%"),
        (Double.nan, "[....................]   0%"),
    ] as [(Double, String)])
    func rendersWidth20(percent: Double, expected: String) {
        #expect(ProgressBar.render(percent: percent, width: 20) == expected)
    }

    @Test func otherWidths() {
        #expect(ProgressBar.render(percent: 50, width: 4) == "[##..]  50%")
        #expect(ProgressBar.render(percent: 45, width: 0) == "[]  45%")
        #expect(ProgressBar.render(percent: 45, width: -3) == "[]  45%")
    }

    @Test func transferWithKnownTotal() {
        #expect(ProgressBar.transfer(completed: 1_677_722, total: 4_194_304, width: 10)
            == "[####......]  40%  1.6 MiB / 4.0 MiB")
        #expect(ProgressBar.transfer(completed: 4_194_304, total: 4_194_304, width: 10)
            == "[##########] 100%  4.0 MiB / 4.0 MiB")
        #expect(ProgressBar.transfer(completed: 0, total: 512, width: 4) == "[....]   0%  0 B / 512 B")
    }

    @Test func transferWithUnknownTotalIsJustTheSize() {
        #expect(ProgressBar.transfer(completed: 1_677_722, total: nil, width: 10) == "1.6 MiB")
    }

    @Test func transferOfNothingIsFinished() {
        #expect(ProgressBar.transfer(completed: 0, total: 0, width: 4) == "[####] 100%  0 B / 0 B")
    }
}
