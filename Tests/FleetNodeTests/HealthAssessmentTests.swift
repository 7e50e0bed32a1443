import FleetNode
import Testing

@Test func healthyWhenEverythingIsWithinThresholds() {
    let result = HealthAssessment.assess(
        cpu: 90, memory: 10, disk: 50, temperature: nil, services: ["docker": true]
    )
    #expect(result.healthy)
    #expect(result.errors.isEmpty)
}

@Test func oneMessagePerFailedCheck() {
    let result = HealthAssessment.assess(
        cpu: 97.5, memory: 91.04, disk: 95, temperature: 85.25,
        services: ["nginx": false, "docker": false, "sshd": true]
    )
    #expect(!result.healthy)
    #expect(
        result.errors == [
            "cpu 97.5% is over the 90% threshold",
            "memory 91% is over the 90% threshold",
            "disk 95% is over the 90% threshold",
            "temperature 85.3 °C is over the 80 °C threshold",
            "service docker is not running",
            "service nginx is not running",
        ]
    )
}

@Test func customThresholdsApply() {
    let thresholds = HealthThresholds(cpuPercent: 50, memoryPercent: 99.5, diskPercent: 99, temperature: 60)
    let result = HealthAssessment.assess(
        cpu: 60, memory: 99, disk: 99, temperature: 61, services: [:], thresholds: thresholds
    )
    #expect(result.errors == ["cpu 60% is over the 50% threshold", "temperature 61 °C is over the 60 °C threshold"])
}

@Test func defaultThresholds() {
    #expect(HealthThresholds() == HealthThresholds(cpuPercent: 90, memoryPercent: 90, diskPercent: 90, temperature: 80))
}
