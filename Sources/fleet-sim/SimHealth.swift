import FleetModel
import FleetNode
import Synchronization

/// SplitMix64: a tiny deterministic generator, so node `i` walks the same way in every run.
struct SplitMix64: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// A virtual node's health: a bounded pseudo-random walk, one step per report, seeded by the node's index.
///
/// cpu 5–95 %, memory 20–90 %, disk 10–80 %, temperature 35–75 °C, judged against the agent's default
/// thresholds (90/90/90 %, 80 °C) by ``HealthAssessment``.
struct SimHealthWalk {
    static let cpuRange = 5.0...95.0
    static let memoryRange = 20.0...90.0
    static let diskRange = 10.0...80.0
    static let temperatureRange = 35.0...75.0

    private var generator: SplitMix64
    private(set) var cpu: Double
    private(set) var memory: Double
    private(set) var disk: Double
    private(set) var temperature: Double

    init(index: Int) {
        var generator = SplitMix64(seed: 0x5EED_F1EE_7000_0000 ^ UInt64(index))
        cpu = Self.rounded(Double.random(in: Self.cpuRange, using: &generator))
        memory = Self.rounded(Double.random(in: Self.memoryRange, using: &generator))
        disk = Self.rounded(Double.random(in: Self.diskRange, using: &generator))
        temperature = Self.rounded(Double.random(in: Self.temperatureRange, using: &generator))
        self.generator = generator
    }

    /// Moves every figure: cpu jumps most (up to ±15 % of its range), disk creeps (±3 %).
    mutating func step() {
        cpu = walk(cpu, in: Self.cpuRange, by: 0.15)
        memory = walk(memory, in: Self.memoryRange, by: 0.08)
        disk = walk(disk, in: Self.diskRange, by: 0.03)
        temperature = walk(temperature, in: Self.temperatureRange, by: 0.06)
    }

    /// The report of the current figures for `nodeID`.
    func report(nodeID: String) -> HealthReport {
        let services = ["sim": true]
        let verdict = HealthAssessment.assess(
            cpu: cpu, memory: memory, disk: disk, temperature: temperature, services: services)
        return HealthReport(
            nodeID: nodeID, overallHealthy: verdict.healthy, cpuPercent: cpu, memoryPercent: memory,
            diskPercent: disk, temperature: temperature, servicesStatus: services, errorMessages: verdict.errors)
    }

    /// `value` moved by up to `fraction` of the range either way, reflected back inside it.
    private mutating func walk(_ value: Double, in range: ClosedRange<Double>, by fraction: Double) -> Double {
        let span = range.upperBound - range.lowerBound
        var next = value + Double.random(in: -1...1, using: &generator) * span * fraction
        if next > range.upperBound { next = 2 * range.upperBound - next }
        if next < range.lowerBound { next = 2 * range.lowerBound - next }
        return Self.rounded(min(max(next, range.lowerBound), range.upperBound))
    }

    private static func rounded(_ value: Double) -> Double { (value * 10).rounded() / 10 }
}

/// One virtual node's health source for its ``NodeAgent``: every call is the next step of its walk.
final class SimHealthSource: Sendable {
    let nodeID: String
    private let walk: Mutex<SimHealthWalk>

    init(nodeID: String, index: Int) {
        self.nodeID = nodeID
        walk = Mutex(SimHealthWalk(index: index))
    }

    /// The next report: the walk's current figures, then one step.
    func next() -> HealthReport {
        walk.withLock { walk in
            defer { walk.step() }
            return walk.report(nodeID: nodeID)
        }
    }
}
