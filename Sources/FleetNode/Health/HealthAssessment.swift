/// Judges a node's measurements against its thresholds.
public enum HealthAssessment {
    /// Whether the node is healthy, and one message per failed check.
    ///
    /// A measurement fails when it is strictly over its threshold; a nil temperature (no sensor) passes;
    /// a service fails when it maps to false. Messages come in the order cpu, memory, disk, temperature,
    /// then services sorted by name, e.g. "cpu 97.5% is over the 90% threshold", "service docker is not running".
    public static func assess(
        cpu: Double, memory: Double, disk: Double, temperature: Double?, services: [String: Bool],
        thresholds: HealthThresholds = HealthThresholds()
    ) -> (healthy: Bool, errors: [String]) {
        var errors: [String] = []
        let percentages = [
            ("cpu", cpu, thresholds.cpuPercent),
            ("memory", memory, thresholds.memoryPercent),
            ("disk", disk, thresholds.diskPercent),
        ]
        for (name, value, limit) in percentages where value > limit {
            errors.append("\(name) \(DecimalText.oneDecimal(value))% is over the \(DecimalText.oneDecimal(limit))% threshold")
        }
        if let temperature, temperature > thresholds.temperature {
            errors.append(
                "temperature \(DecimalText.oneDecimal(temperature)) °C is over the "
                    + "\(DecimalText.oneDecimal(thresholds.temperature)) °C threshold"
            )
        }
        for (name, running) in services.sorted(by: { $0.key < $1.key }) where !running {
            errors.append("service \(name) is not running")
        }
        return (errors.isEmpty, errors)
    }
}
