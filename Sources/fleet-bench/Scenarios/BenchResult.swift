/// One measured figure: what, how much, in which unit, and the target it is held against.
struct BenchResult: Sendable, Encodable {
    let scenario: String
    let metric: String
    let value: Double
    let unit: String
    /// The target, e.g. "≥ 40000"; nil when the figure has none.
    let target: String?
    /// Whether the figure meets its target; nil without one.
    let met: Bool?
    /// Counts that qualify the figure (failures, lost requests…).
    let notes: String

    init(_ scenario: String, _ metric: String, _ value: Double, _ unit: String, atLeast minimum: Double? = nil,
         atMost maximum: Double? = nil, notes: String = "") {
        self.scenario = scenario
        self.metric = metric
        self.value = value
        self.unit = unit
        if let minimum {
            target = "≥ \(Self.text(minimum))"
            met = value >= minimum
        } else if let maximum {
            target = "≤ \(Self.text(maximum))"
            met = value <= maximum
        } else {
            target = nil
            met = nil
        }
        self.notes = notes
    }

    /// A figure without needless decimals: `40000`, `12.5`.
    static func text(_ value: Double) -> String {
        value >= 100 || value == value.rounded() ? String(Int(value.rounded())) : String((value * 10).rounded() / 10)
    }
}
