import FleetCLI
import Glibc
import Testing

/// Standard output and error written straight to their descriptors, captured output for tests,
/// and the escape sequences that redraw a `--watch` block.
@Suite("OutputSink")
struct OutputSinkTests {
    @Test func capturedOutputKeepsOutputAndErrorsApart() {
        let sink = CapturedOutput()
        sink.write("NODE  STATE\n")
        sink.error("warning: stale\n")
        sink.write("n1    online\n")
        #expect(sink.output == "NODE  STATE\nn1    online\n")
        #expect(sink.errors == "warning: stale\n")
    }

    @Test func capturedOutputTakesWritesFromManyTasks() async {
        let sink = CapturedOutput()
        await withTaskGroup(of: Void.self) { group in
            for _ in 0..<100 {
                group.addTask {
                    sink.write("o\n")
                    sink.error("e\n")
                }
            }
        }
        #expect(sink.output == String(repeating: "o\n", count: 100))
        #expect(sink.errors == String(repeating: "e\n", count: 100))
    }

    @Test func standardOutputWritesToItsDescriptors() throws {
        let output = try Pipe(), errors = try Pipe()
        let sink: any OutputSink = StandardOutput(outputDescriptor: output.writing, errorDescriptor: errors.writing)
        sink.write("état: ")
        sink.write("succeeded ✓\n")
        sink.error("error: offline\n")
        #expect(output.readAvailable() == "état: succeeded ✓\n")
        #expect(errors.readAvailable() == "error: offline\n")
    }

    @Test func standardOutputDefaultsToDescriptorsOneAndTwo() {
        let sink = StandardOutput()
        #expect(sink.outputDescriptor == 1)
        #expect(sink.errorDescriptor == 2)
    }

    @Test func firstBlockIsJustClearedLines() {
        #expect(LiveLines.redraw(["a", "b"], previousCount: 0) == "\u{1B}[2Ka\n\u{1B}[2Kb\n")
    }

    @Test func redrawMovesUpOverThePreviousBlock() {
        #expect(LiveLines.redraw(["NODE  STATE", "n1    installing"], previousCount: 2) == """
            \u{1B}[2A\u{1B}[2KNODE  STATE
            \u{1B}[2Kn1    installing

            """)
        #expect(LiveLines.redraw(["a", "b", "c"], previousCount: 1) == "\u{1B}[1A\u{1B}[2Ka\n\u{1B}[2Kb\n\u{1B}[2Kc\n")
    }

    @Test func shorterBlockClearsWhatWasBelow() {
        #expect(LiveLines.redraw(["done"], previousCount: 3) == "\u{1B}[3A\u{1B}[2Kdone\n\u{1B}[J")
        #expect(LiveLines.redraw([], previousCount: 2) == "\u{1B}[2A\u{1B}[J")
    }
}

/// A pipe whose ends close when it is released; small writes fit its buffer, so a test can
/// write and then read on one thread.
private final class Pipe {
    let reading: Int32
    let writing: Int32

    init() throws {
        var descriptors: [Int32] = [-1, -1]
        try #require(pipe(&descriptors) == 0)
        reading = descriptors[0]
        writing = descriptors[1]
    }

    /// Everything written so far (the writing end is closed first, so the read ends).
    func readAvailable() -> String {
        close(writing)
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = read(reading, &buffer, buffer.count)
            guard count > 0 else { break }
            bytes += buffer[0..<count]
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    deinit {
        close(reading)
        close(writing)
    }
}
