import FleetNode
import Testing

@Suite struct RetryBackoffTests {
    @Test func nominalDelaysDoubleUpToTheCap() {
        var backoff = RetryBackoff(initial: .seconds(1), factor: 2, maximum: .seconds(60))
        var generator = SystemRandomNumberGenerator()
        var nominal: [Duration] = []
        for _ in 0..<9 {
            nominal.append(backoff.nominalDelay)
            _ = backoff.nextDelay(using: &generator)
        }
        #expect(nominal == [1, 2, 4, 8, 16, 32, 60, 60, 60].map { Duration.seconds($0) })
    }

    @Test func eachDelayLiesInTheUpperHalfOfItsNominalWait() {
        var backoff = RetryBackoff(initial: .milliseconds(10), factor: 3, maximum: .milliseconds(500))
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<50 {
            let nominal = backoff.nominalDelay
            let delay = backoff.nextDelay(using: &generator)
            #expect(delay >= nominal / 2 && delay <= nominal)
        }
        #expect(backoff.attempt == 50)
    }

    @Test func resetStartsOver() {
        var backoff = RetryBackoff(initial: .seconds(1), factor: 2, maximum: .seconds(60))
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<5 { _ = backoff.nextDelay(using: &generator) }
        backoff.reset()
        #expect(backoff.attempt == 0)
        #expect(backoff.nominalDelay == .seconds(1))
    }
}
