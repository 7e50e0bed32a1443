import FleetCLI
import Testing

/// "512 B", "1.5 KiB", "4.0 MiB", "1.2 GiB": binary units, one decimal.
@Suite("ByteCount")
struct ByteCountTests {
    @Test(arguments: [
        (0, "0 B"), (1, "1 B"), (512, "512 B"), (1023, "1023 B"), (1024, "1.0 KiB"), (1536, "1.5 KiB"),
        (10 * 1024 + 51, "10.0 KiB"), (1_048_575, "1.0 MiB"), (1_048_576, "1.0 MiB"), (4_194_304, "4.0 MiB"),
        (1_677_722, "1.6 MiB"), (1_288_490_189, "1.2 GiB"), (1_099_511_627_776, "1.0 TiB"),
        (Int.max, "8.0 EiB"), (-2048, "-2.0 KiB"), (-512, "-512 B"), (Int.min, "-8.0 EiB"),
    ])
    func describes(bytes: Int, expected: String) {
        #expect(ByteCount.describe(bytes) == expected)
    }
}
